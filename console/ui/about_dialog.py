"""The About box: versions (for support calls), licences of the web assets the map page
ships, and the attribution the map data requires.

Licences are read from the installed packages' metadata, so the box tells what is really
bundled; XStatic-Leaflet only says "(same as Leaflet)", so Leaflet's own licence is named.
"""
from __future__ import annotations

import html
import platform
from dataclasses import dataclass
from importlib import metadata

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from console import __version__

# Leaflet's LICENSE (github.com/Leaflet/Leaflet) is the 2-clause BSD licence.
LEAFLET_LICENSE = "BSD-2-Clause"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str


def package_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("AboutDialog", "not installed")


def package_license(dist: str) -> str:
    """The SPDX expression, else the License field, else the classifier, as the package declares it."""
    try:
        meta = metadata.metadata(dist)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("AboutDialog", "unknown")
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and len(text) < 60 and "\n" not in text:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.rsplit("::", 1)[-1].strip().replace(" License", "")
    return QCoreApplication.translate("AboutDialog", "unknown")


def web_assets() -> list[Component]:
    leaflet_declared = package_license("XStatic-Leaflet")
    leaflet = LEAFLET_LICENSE if "same as" in leaflet_declared.lower() else leaflet_declared
    try:
        from console.map.assets import LEAFLET_VERSION
    except Exception:  # the box must open even when the map assets are broken
        LEAFLET_VERSION = package_version("XStatic-Leaflet")
    return [
        Component("Leaflet", str(LEAFLET_VERSION), leaflet),
        Component("folium", package_version("folium"), package_license("folium")),
        Component("branca", package_version("branca"), package_license("branca")),
    ]


def versions(db_url: str | None) -> list[tuple[str, str]]:
    try:
        from PySide6.QtWebEngineCore import qWebEngineChromiumVersion, qWebEngineVersion

        webengine = f"{qWebEngineVersion()} (Chromium {qWebEngineChromiumVersion()})"
    except ImportError:
        webengine = QCoreApplication.translate("AboutDialog", "not installed")
    return [
        (QCoreApplication.translate("AboutDialog", "Dispatch console"), __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Qt WebEngine", webengine),
        ("Python", platform.python_version()),
        ("SQLAlchemy", package_version("SQLAlchemy")),
        (QCoreApplication.translate("AboutDialog", "Database"), database_backend(db_url)),
    ]


def database_backend(db_url: str | None) -> str:
    """The kind of database from its URL only: the About box never waits on a connection."""
    if not db_url:
        return QCoreApplication.translate("AboutDialog", "unknown")
    scheme = db_url.split(":", 1)[0].split("+", 1)[0].lower()
    return {"sqlite": QCoreApplication.translate("AboutDialog", "SQLite (file on this computer)"),
            "postgresql": QCoreApplication.translate("AboutDialog", "PostgreSQL (shared)")}.get(scheme, scheme)


def tile_source_text(tiles) -> str:
    kind = getattr(tiles, "kind", "none")
    if kind == "osm":
        return QCoreApplication.translate("AboutDialog", "OpenStreetMap tile servers (online)")
    if kind == "mbtiles":
        path = getattr(tiles, "path", "") or ""
        return QCoreApplication.translate("AboutDialog", "Offline map file {path}").format(path=path)
    return QCoreApplication.translate("AboutDialog", "none (no background map)")


class AboutDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Outage Dispatch Console"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        db = getattr(window, "db", None)
        tiles = getattr(window, "tiles", None)
        self.versions = versions(getattr(db, "url", None))
        self.assets = web_assets()
        self.tiles_text = tile_source_text(tiles)

        esc = html.escape
        rows = "".join(f"<tr><td>{esc(k)}</td><td>&nbsp;&nbsp;{esc(v)}</td></tr>" for k, v in self.versions)
        assets = "".join(f"<tr><td>{esc(c.name)} {esc(c.version)}</td><td>&nbsp;&nbsp;{esc(c.license)}</td></tr>"
                         for c in self.assets)
        # Translated outside the f-string: lupdate does not look inside f-string expressions.
        title = self.tr("Outage Dispatch Console")
        summary = self.tr("Outages, technicians, depots, ETAs and customer notices for fiber field service.")
        components = self.tr("Map page components (bundled, used offline)")
        map_data = self.tr("Map data")
        background = self.tr("Background map: {source}").format(source=self.tiles_text)
        licence = self.tr("available under the Open Database License (ODbL)")
        body = (
            f"<h3>{esc(title)} {esc(__version__)}</h3>"
            f"<p>{esc(summary)}</p>"
            f"<table>{rows}</table>"
            f"<h4>{esc(components)}</h4>"
            f"<table>{assets}</table>"
            f"<h4>{esc(map_data)}</h4>"
            f"<p>{esc(background)}<br>"
            f"© OpenStreetMap contributors, {esc(licence)}:<br>"
            f"<a href=\"{OSM_COPYRIGHT_URL}\">{OSM_COPYRIGHT_URL}</a></p>"
        )
        self.text = QLabel(body, self)
        self.text.setObjectName("aboutText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setOpenExternalLinks(True)
        self.text.setWordWrap(True)
        self.setMinimumWidth(560)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def plain_text(self) -> str:
        """What the box says, without markup (tests, copying into a support ticket)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.text.text())
        return doc.toPlainText()
