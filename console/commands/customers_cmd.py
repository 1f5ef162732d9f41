"""customers import FILE.csv | customers list, and `outages affect`: who an outage affects."""
from __future__ import annotations

import sys

from .argtypes import number, record_id
from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("customers", parents=[common], help="the customer register: who the outages affect")
    c_sub = p.add_subparsers(dest="customers_command", required=True, metavar="ACTION")
    imp = c_sub.add_parser("import", parents=[common],
                           help="import or update (by ref) the register (CSV: ref, name, address, lat, lon, phone, "
                                "email, lang, node)")
    imp.add_argument("file")
    imp.add_argument("--skip-bad", action="store_true", help="import the good lines and report the bad ones")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=cmd_customers_import)
    ls = c_sub.add_parser("list", parents=[common], help="the register, or the customers an outage affects")
    ls.add_argument("--outage", type=record_id("outage id"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_customers_list)


def register_affect(out_sub, common) -> None:
    """`outages affect`, wired from core.py next to the other outage actions."""
    aff = out_sub.add_parser("affect", parents=[common],
                             help="tie an outage to network nodes, a radius around it or an area")
    aff.add_argument("--outage", required=True, type=record_id("outage id"))
    how = aff.add_mutually_exclusive_group(required=True)
    how.add_argument("--nodes", help="comma-separated node names, e.g. NOD-12,NOD-13")
    how.add_argument("--radius-km", type=number("radius (km)", 0.001, 200.0))
    how.add_argument("--area", help="polygon corners 'lat lon; lat lon; lat lon; ...'")
    how.add_argument("--clear", action="store_true", help="untie it; the count stays what it is")
    aff.add_argument("--json", action="store_true")
    aff.set_defaults(func=cmd_outages_affect)


def cmd_customers_import(args) -> int:
    from pathlib import Path

    from console.services import customers

    db = open_db(args)
    name = Path(args.file).name
    parsed = customers.read_customers_file(args.file)
    try:
        view = customers.import_customers(db, parsed, skip_bad=args.skip_bad, source=name)
    except customers.CustomersRefused as refused:
        for line, reason in refused.bad_lines:
            print(f"{name}:{line}: {reason}", file=sys.stderr)
        raise
    if args.json:
        print_json(view.as_json())
        return 0
    for line, reason in view.rejected:
        print(f"{name}:{line}: skipped: {reason}", file=sys.stderr)
    print(f"customers: {view.added} added, {view.updated} updated, {view.unchanged} unchanged, "
          f"{len(view.rejected)} rejected; {view.outages_resolved} outage(s) re-resolved")
    return 0


def cmd_customers_list(args) -> int:
    from console.services import customers

    views = customers.list_customers(open_db(args), args.outage)
    if args.json:
        print_json([v.as_json() for v in views])
        return 0
    print_table(["REF", "NAME", "ADDRESS", "NODE", "LANG", "PHONE", "EMAIL"],
                [(v.ref, v.name, v.address, v.node, v.lang, v.phone, v.email) for v in views])
    return 0


def cmd_outages_affect(args) -> int:
    from console.services import customers

    view = customers.set_affect(open_db(args), args.outage, nodes=args.nodes, radius_km=args.radius_km,
                                area=args.area, clear=args.clear)
    if args.json:
        print_json(view.as_json())
        return 0
    if view.nodes:
        how = "nodes " + ", ".join(view.nodes)
    elif view.radius_km is not None:
        how = f"{view.radius_km:g} km around it"
    elif view.area:
        how = f"an area of {len(view.area)} corners"
    else:
        how = "nothing (cleared)"
    print(f"outage {view.outage_id} tied to {how}: {view.tied} customer(s) in the register; "
          f"customers affected {view.customers_affected}")
    return 0
