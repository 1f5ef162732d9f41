"""map export --out DIR."""
from __future__ import annotations

import os

from console.domain.timeutil import utcnow

from .output import open_db


def register(sub, common) -> None:
    p = sub.add_parser("map", parents=[common], help="the map page")
    m_sub = p.add_subparsers(dest="map_command", required=True, metavar="ACTION")
    ex = m_sub.add_parser("export", parents=[common],
                          help="write the map with today's outages, technicians and depots as a folder that "
                               "opens in a browser, offline")
    ex.add_argument("--out", required=True, metavar="DIR")
    ex.add_argument("--tiles", default=None, metavar="SOURCE",
                    help="osm (default), none, or mbtiles:FILE (exported without background)")
    ex.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    # folium and branca take most of a second to import; only this command draws the map.
    from console.map import map_data
    from console.map.export import export_map
    from console.map.features import open_outage_points
    from console.map.basemap import operating_area, page_basemap
    from console.services import depots, outages, region, technicians

    db = open_db(args)
    depot_views = depots.list_depots(db, with_stock=False)
    data = map_data(open_outage_points(outages.list_outages(db, open_only=True), utcnow()),
                    technicians.list_technicians(db, with_stock=False), depot_views)
    stored = region.region_basemap(db)
    area = operating_area((d.lat, d.lon) for d in depot_views)
    basemap = page_basemap(stored.geojson, [d.name for d in depot_views], area) if stored else None
    tiles = args.tiles or os.environ.get("DISPATCH_TILES") or "osm"
    index = export_map(args.out, data, tiles, basemap=basemap)
    drawn = ""
    if stored:
        n = {"roads": sum(len(v) for v in basemap["roads"].values()), "water": len(basemap["water"]),
             "places": len(basemap["places"])}
        drawn = f", region basemap: {n['roads']} roads, {n['water']} water, {n['places']} places"
    print(f"map written to {index} ({len(data['outages'])} outages, "
          f"{sum(1 for t in data['technicians'] if t['lat'] is not None)} technicians, {len(data['depots'])} depots"
          f"{drawn})")
    return 0
