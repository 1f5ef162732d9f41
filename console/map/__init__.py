"""The map page: built once with folium, drawn and updated by dispatch_map.js from data.

No Qt here: console.ui embeds the page in a QWebEngineView and talks to window.dispatchMap.
"""
from .assets import copy_assets, list_assets
from .builder import TileSource, build_page, write_page
from .export import export_map
from .features import (
    DepotPoint,
    MapData,
    OutagePoint,
    TechnicianPoint,
    js_call,
    js_query,
    map_data,
    normalize_data,
    position_update,
    script_json,
)

__all__ = [
    "DepotPoint", "MapData", "OutagePoint", "TechnicianPoint", "TileSource",
    "build_page", "copy_assets", "export_map", "js_call", "js_query", "list_assets", "map_data",
    "normalize_data", "position_update", "script_json", "write_page",
]
