"""The files the map page loads, all from disk: Leaflet (XStatic package) and our own JS/CSS.

The page refers to them by relative URL under ``assets/``, so the same HTML works when
opened from an export folder, from the console's cache folder via file://, or through
QWebEnginePage.setHtml with a baseUrl pointing at such a folder.
"""
from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

ASSET_DIR = "assets"
STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION

# Leaflet's CSS names its control images relative to itself (images/layers.png, ...).
_LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                  "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")
_OWN_FILES = ("dispatch_map.js", "basemap_layer.js", "dispatch_map.css")


@dataclass(frozen=True)
class Asset:
    source: Path
    target: str  # relative to the page's folder, with forward slashes; also the page's URL

    @property
    def is_script(self) -> bool:
        return self.target.endswith(".js")

    @property
    def is_stylesheet(self) -> bool:
        return self.target.endswith(".css")


def list_assets() -> list[Asset]:
    """Every file the page needs beside index.html, in load order (Leaflet before our code)."""
    assets = [Asset(LEAFLET_DIR / name, f"{ASSET_DIR}/leaflet/{name}") for name in _LEAFLET_FILES]
    assets += [Asset(STATIC_DIR / name, f"{ASSET_DIR}/{name}") for name in _OWN_FILES]
    missing = [str(a.source) for a in assets if not a.source.is_file()]
    if missing:
        raise FileNotFoundError(f"map asset missing from the installation: {missing[0]}")
    return assets


def script_urls() -> list[str]:
    return [a.target for a in list_assets() if a.is_script]


def stylesheet_urls() -> list[str]:
    return [a.target for a in list_assets() if a.is_stylesheet]


def copy_assets(out_dir: str | Path) -> list[Path]:
    """Copy the assets under out_dir (creating folders); unchanged files are left alone.

    Cheap to call on every start of the console with the same cache folder.
    """
    root = Path(out_dir)
    written = []
    for asset in list_assets():
        target = root / asset.target
        if not (target.is_file() and filecmp.cmp(asset.source, target, shallow=False)):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset.source, target)
        written.append(target)
    return written
