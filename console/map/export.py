"""`dispatch-console map export --out DIR`: the console's map page as a folder that opens offline."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .builder import TileSource, write_page

_MBTILES_NOTE = """This map was exported without a background tile map.

The console draws it from the offline tile file {path}, which only the console itself
can serve. Outages, technicians and depots are all on the page; open index.html.
"""


def export_map(
    out_dir: str | Path,
    data: Mapping[str, Any] | None,
    tiles: str | TileSource = "osm",
    basemap: Mapping[str, Any] | None = None,
) -> Path:
    """Write index.html plus assets/ into out_dir and return the path of index.html.

    data: {outages, technicians, depots} as plain feature data (see features.py).
    An MBTiles source cannot be served by a browser from a folder, so the export falls
    back to the plain background and says so in NOTE.txt.
    basemap: the region's roads, water and places (basemap.page_basemap), drawn wherever the
    page has no tiles: the export opened with the internet down still shows the roads.
    """
    source = TileSource.parse(tiles)
    page_tiles = TileSource.none() if source.kind == "mbtiles" else source
    index = write_page(out_dir, data, page_tiles, for_qt=False, title="Outage map (export)",
                       basemap=basemap)
    note = Path(out_dir) / "NOTE.txt"
    if source.kind == "mbtiles":
        note.write_text(_MBTILES_NOTE.format(path=source.path), encoding="utf-8")
    elif note.exists():
        note.unlink()
    return index
