"""region import FILE.osm.pbf | show | remove: the offline road graph and basemap from an OSM extract."""
from __future__ import annotations

from .output import open_db, print_json


def register(sub, common) -> None:
    p = sub.add_parser("region", parents=[common], help="the offline region: roads and basemap from an OSM extract")
    r_sub = p.add_subparsers(dest="region_command", required=True, metavar="ACTION")
    i = r_sub.add_parser("import", parents=[common], help="read an .osm.pbf extract (replaces the region)")
    i.add_argument("file", metavar="FILE.osm.pbf")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_region_import)
    s = r_sub.add_parser("show", parents=[common], help="what region is imported")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_region_show)
    r = r_sub.add_parser("remove", parents=[common], help="drop the region: travel falls back to the straight line")
    r.set_defaults(func=cmd_region_remove)


def _print(view, verb: str) -> None:
    data = view.as_json()
    print(f"{verb} {data['file']}: {data['nodes']} nodes, {data['edges']} edges, "
          f"{data['area_km2']} km², {data['basemap']['roads']} roads, {data['basemap']['water']} water, "
          f"{data['basemap']['places']} places" + (f" in {data['seconds']} s" if data["seconds"] is not None else ""))


def cmd_region_import(args) -> int:
    from console.services import region

    view = region.import_region(open_db(args), args.file)
    if args.json:
        print_json(view.as_json())
    else:
        _print(view, "imported")
    return 0


def cmd_region_show(args) -> int:
    from console.services import region

    view = region.show_region(open_db(args))
    if args.json:
        print_json(view.as_json())
    else:
        _print(view, "region")
    return 0


def cmd_region_remove(args) -> int:
    from console.services import region

    gone = region.remove_region(open_db(args))
    print("region removed" if gone else "no region was imported")
    return 0
