"""Build the map page once with folium; features are drawn by dispatch_map.js from data.

folium supplies the page skeleton, the Leaflet map and its tile layer. Its CDN links are
replaced by the local assets (see assets.py) and a Content-Security-Policy pins every
request to local files plus the configured tile source, so the page loads with the
network down and text from data cannot run as script.
"""
from __future__ import annotations

import html
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from console.domain import vocabulary
from console.domain.errors import ValidationError
from console.domain.timeutil import LOCAL_TZ
from console.domain.vocabulary import N_

from . import assets
from .features import normalize_data, script_json

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
MBTILES_URL = "mbtiles://tiles/{z}/{x}/{y}.png"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"

# Kalmar county: where the operator's network is, for a page that starts without data.
DEFAULT_CENTER = (57.35, 16.2)
DEFAULT_ZOOM = 8

_DATA_SLOT = "<!--dispatch-map-data-->"
_CSP_SLOT = "<!--dispatch-map-csp-->"


@dataclass(frozen=True)
class TileSource:
    """Where the background map comes from: "osm", "mbtiles:<path>" or "none"."""

    kind: str
    url: str | None = None
    attribution: str = ""
    max_zoom: int = 19
    path: str | None = None

    @classmethod
    def osm(cls) -> TileSource:
        return cls("osm", OSM_URL, OSM_ATTRIBUTION, 19)

    @classmethod
    def none(cls) -> TileSource:
        return cls("none")

    @classmethod
    def mbtiles(cls, path: str | Path, attribution: str = "Offline map tiles (MBTiles)",
                max_zoom: int = 18) -> TileSource:
        # The console serves the file through its own URL scheme; see MBTILES_URL.
        if not str(path).strip():
            raise ValidationError("mbtiles tile source needs a file path, as in mbtiles:/path/to/map.mbtiles")
        return cls("mbtiles", MBTILES_URL, attribution, max_zoom, str(path))

    @classmethod
    def parse(cls, spec: str | TileSource | None) -> TileSource:
        if isinstance(spec, TileSource):
            return spec
        text = (spec or "").strip()
        if text.lower() == "osm":
            return cls.osm()
        if text.lower() == "none":
            return cls.none()
        if text.lower().startswith("mbtiles:"):
            return cls.mbtiles(text[len("mbtiles:"):])
        raise ValidationError(f"unknown tile source {spec!r}; use osm, none or mbtiles:<file>")

    @property
    def origin(self) -> str | None:
        """scheme://host of the tile URL, the only place the page may fetch from besides disk."""
        if not self.url:
            return None
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


class _LocalMap(folium.Map):
    """folium.Map whose script and style links point at the local assets.

    Per-instance lists: folium's own are class-level and shared (add_js_link mutates them).
    """

    def __init__(self, *args: Any, for_qt: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.default_js = [(url.rsplit("/", 1)[-1], url) for url in assets.script_urls()]
        if for_qt:
            self.default_js.append(("qwebchannel", QWEBCHANNEL_JS))
        self.default_css = [(url.rsplit("/", 1)[-1], url) for url in assets.stylesheet_urls()]


class _DispatchLayer(MacroElement):
    """Hands the folium-made Leaflet map to dispatch_map.js.

    The data itself is put in after rendering: folium treats element text as a Jinja
    template, and data must never be evaluated as one.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}""" + _DATA_SLOT + """{% endmacro %}
        {% macro script(this, kwargs) %}
            DispatchMap.attach({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "DispatchLayer"


def _csp(tiles: TileSource, nonce: str, for_qt: bool) -> str:
    local = "'self' file:"
    images = [local, "data:"]
    if tiles.origin:
        images.append(tiles.origin)
    scripts = [local, f"'nonce-{nonce}'"] + (["qrc:"] if for_qt else [])
    policy = "; ".join([
        "default-src 'none'",
        f"script-src {' '.join(scripts)}",
        f"style-src {local} 'unsafe-inline'",
        f"img-src {' '.join(images)}",
        f"font-src {local}",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}" />'


# Every English word dispatch_map.js shows; a translation passes {word: translated} as `labels`.
# The status words are the vocabulary's own, so the map says what the board says.
PAGE_WORDS = tuple(dict.fromkeys((
    *vocabulary.OUTAGE_STATUS.values(), *vocabulary.TECHNICIAN_STATUS.values(),
    N_("Outages"), N_("Outage"), N_("Customers"), N_("ETA"), N_("not set"), N_("ETA has passed"),
    N_("Work goes on after dark"), N_("Status"), N_("Last fix"), N_("none"), N_("Job"), N_("Depot"),
    N_("ETA passed"), N_("After dark"), N_("Technician"), N_("No fix for {n}+ min"),
    N_("Show or hide the legend"), N_("Click to show or hide"), N_("{n} outages, {c} customers, worst: {s}"), N_("unknown"), N_("just now"), N_("{n} min ago"),
    N_("{h} h {m} min ago"), N_("{n} days ago"),
)))


def page_labels(lang: str) -> dict[str, str]:
    """The page's words in `lang`, from the same catalogue as the board's and the handover's."""
    return vocabulary.words(lang, {text: text for text in PAGE_WORDS})


def _config(tiles: TileSource, for_qt: bool, fit: bool, labels: Mapping[str, str] | None) -> dict:
    return {
        "labels": {str(k): str(v) for k, v in (labels or {}).items()},
        "tiles": tiles.kind,
        "forQt": for_qt,
        "fit": fit,
        "timeZone": LOCAL_TZ.key,
        "staleAfterMinutes": 10,
        "labelMinZoom": 10,
        "labelAlwaysBelow": 100,
    }


def build_page(
    data: Mapping[str, Any] | None = None,
    tiles: str | TileSource = "osm",
    for_qt: bool = False,
    *,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    title: str = "Outage map",
    labels: Mapping[str, str] | None = None,
    basemap: Mapping[str, Any] | None = None,
) -> str:
    """The map page as HTML; its assets are expected under ``assets/`` beside it.

    data: {outages, technicians, depots} in any shape features.normalize_data accepts;
    it is drawn as soon as the page loads. With no center given the view fits the data.
    for_qt: also load Qt's qwebchannel.js and connect window.dispatchBridge.
    labels: the page's own words (legend, pop-ups) in the window's language, {English: translated};
    see PAGE_WORDS for the words there are.
    basemap: the region's roads, water and places as basemap.page_basemap() gives them, drawn by
    basemap_layer.js once the page has loaded (an exported map carries its own).
    """
    tiles = TileSource.parse(tiles)
    payload = normalize_data(data)
    fit = center is None
    fmap = _LocalMap(
        location=list(center or DEFAULT_CENTER),
        zoom_start=DEFAULT_ZOOM if zoom is None else zoom,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        font_size="13px",
        for_qt=for_qt,
    )
    if tiles.url:
        folium.TileLayer(
            tiles=tiles.url,
            attr=html.escape(tiles.attribution),
            name=tiles.kind,
            max_zoom=tiles.max_zoom,
            max_native_zoom=tiles.max_zoom,
        ).add_to(fmap)
    _DispatchLayer().add_to(fmap)
    figure = fmap.get_root()
    figure.title = html.escape(title)
    # Before every script in <head>, so the policy already applies to them.
    figure.header.add_child(Element(_CSP_SLOT), name="csp", index=1)
    page = figure.render()

    nonce = secrets.token_urlsafe(16)
    blocks = (
        f'<script type="application/json" id="dispatch-map-config">'
        f"{script_json(_config(tiles, for_qt, fit, labels))}</script>\n"
        f'<script type="application/json" id="dispatch-map-data">{script_json(payload)}</script>'
    )
    if basemap:
        blocks += f'\n<script type="application/json" id="dispatch-map-basemap">{script_json(basemap)}</script>'
    # Only our own <script> tags exist at this point; the data blocks added below cannot
    # contain "<" (script_json escapes it), so nothing from data ever gets the nonce.
    page = page.replace("<script", f'<script nonce="{nonce}"')
    page = page.replace(_CSP_SLOT, _csp(tiles, nonce, for_qt), 1)
    page = page.replace(_DATA_SLOT, blocks, 1)
    return page


def write_page(
    out_dir: str | Path,
    data: Mapping[str, Any] | None = None,
    tiles: str | TileSource = "osm",
    for_qt: bool = False,
    **options: Any,
) -> Path:
    """Write index.html and its assets into out_dir; returns the path of index.html.

    The page is built before anything is written, so bad data leaves out_dir untouched.
    """
    page = build_page(data, tiles, for_qt, **options)
    root = Path(out_dir)
    if root.exists() and not root.is_dir():
        raise ValidationError(f"{root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    assets.copy_assets(root)
    index = root / "index.html"
    tmp = index.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return index
