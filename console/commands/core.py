"""db upgrade, outages, technicians, depots."""
from __future__ import annotations

from console.domain.timeutil import format_local

# Services and the store are imported by the command that uses them: building the parser
# imports this module for every command line, --help and --version included.
from .argtypes import record_id, whole
from .output import open_db, print_json, print_table

INT32_MAX = 2**31 - 1  # PostgreSQL INTEGER, which customers_affected is


def register(sub, common) -> None:
    db = sub.add_parser("db", parents=[common], help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_sub.add_parser("upgrade", parents=[common], help="create or migrate the schema to the newest version")
    up.set_defaults(func=cmd_db_upgrade)
    roles = db_sub.add_parser("roles", parents=[common], help="PostgreSQL: who may do what")
    roles_sub = roles.add_subparsers(dest="roles_command", required=True, metavar="ACTION")
    rs = roles_sub.add_parser("setup", parents=[common],
                              help="create the viewer, dispatcher and administrator group roles and their grants "
                                   "(run as the owner of the tables)")
    rs.set_defaults(func=cmd_db_roles_setup)

    out = sub.add_parser("outages", parents=[common], help="list or add outages")
    out_sub = out.add_subparsers(dest="outages_command", required=True, metavar="ACTION")
    ls = out_sub.add_parser("list", parents=[common], help="list outages")
    ls.add_argument("--open", action="store_true", help="only outages not restored or cancelled")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_outages_list)
    add = out_sub.add_parser("add", parents=[common], help="report a new outage")
    add.add_argument("--title", required=True)
    add.add_argument("--lat", required=True, type=float)
    add.add_argument("--lon", required=True, type=float)
    add.add_argument("--customers", required=True, type=whole("customers", 0, INT32_MAX))
    add.add_argument("--cause", default="unknown")
    add.add_argument("--area", default="")
    add.add_argument("--nodes", help="network nodes it takes down, comma-separated: the register says who is affected")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_outages_add)

    from .customers_cmd import register_affect

    register_affect(out_sub, common)
    st = out_sub.add_parser("status", parents=[common], help="move an outage to another status")
    st.add_argument("--outage", required=True, type=record_id("outage id"))
    st.add_argument("--status", required=True,
                    help="reported, assigned, en_route, on_site, waiting_for_material, restored or cancelled")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_outages_status)
    asg = out_sub.add_parser("assign", parents=[common], help="send a technician to an outage")
    asg.add_argument("--outage", required=True, type=record_id("outage id"))
    asg.add_argument("--technician", required=True, type=record_id("technician id"))
    asg.add_argument("--move", action="store_true",
                     help="take the technician off the job they are on now (refused without it)")
    asg.add_argument("--json", action="store_true")
    asg.set_defaults(func=cmd_outages_assign)

    tech = sub.add_parser("technicians", parents=[common], help="the technician roster")
    tech_sub = tech.add_subparsers(dest="technicians_command", required=True, metavar="ACTION")
    tls = tech_sub.add_parser("list", parents=[common], help="list technicians")
    tls.add_argument("--json", action="store_true")
    tls.set_defaults(func=cmd_technicians_list)
    near = tech_sub.add_parser("nearest", parents=[common],
                               help="on-duty technicians by drive time to an outage, free ones first")
    near.add_argument("--outage", required=True, type=record_id("outage id"))
    near.add_argument("--available", action="store_true", help="only technicians free to go now")
    near.add_argument("--json", action="store_true")
    near.set_defaults(func=cmd_technicians_nearest)
    dev = tech_sub.add_parser("set-device", parents=[common], help="bind a phone's device id to a technician")
    dev.add_argument("--technician", required=True, type=record_id("technician id"))
    dev.add_argument("--device", required=True, help="device id as the phone reports it ('' to unbind)")
    dev.set_defaults(func=cmd_technicians_set_device)

    dep = sub.add_parser("depots", parents=[common], help="depots")
    dep_sub = dep.add_subparsers(dest="depots_command", required=True, metavar="ACTION")
    dls = dep_sub.add_parser("list", parents=[common], help="list depots")
    dls.add_argument("--json", action="store_true")
    dls.set_defaults(func=cmd_depots_list)


def cmd_db_upgrade(args) -> int:
    from console.store import migrate

    db = open_db(args, migrate_now=False)
    from console.store import roles

    before, after, backup = migrate.upgrade_with_backup(db.engine)
    if roles.roles_exist(db.engine):
        roles.setup_roles(db.engine)  # tables a migration added get their grants too
    print(f"database at revision {after}" + ("" if before == after else f" (was {before or 'empty'})")
          + (f"; the file before it is kept at {backup}" if backup else ""))
    return 0


def cmd_db_roles_setup(args) -> int:
    from console.store import roles

    db = open_db(args)
    roles.setup_roles(db.engine)
    print(f"roles {', '.join(roles.GROUPS)} are set up; make each login a member of one "
          f"(GRANT {roles.DISPATCHER} TO alice)")
    return 0


def cmd_outages_list(args) -> int:
    from console.services import outages

    views = outages.list_outages(open_db(args), open_only=args.open)
    if args.json:
        print_json([v.as_json() for v in views])
        return 0
    print_table(
        ["ID", "STATUS", "CUST", "STARTED", "ETA", "REV", "TOLD(min)", "TITLE"],
        [(v.id, v.status, v.customers_affected, format_local(v.started_at), format_local(v.current_eta),
          v.eta_revisions, v.minutes_since_customers_told, v.title) for v in views],
    )
    return 0


def cmd_outages_add(args) -> int:
    from console.services import outages

    view = outages.add_outage(open_db(args), args.title, args.lat, args.lon, args.customers, args.cause, args.area,
                              nodes=args.nodes)
    if args.json:
        print_json(view.as_json())
    else:
        print(f"outage {view.id} added: {view.title}")
    return 0


def cmd_outages_status(args) -> int:
    from console.services import outages

    view = outages.set_status(open_db(args), args.outage, args.status)
    if args.json:
        print_json(view.as_json())
    else:
        print(f"outage {view.id} is now {view.status}")
    return 0


def cmd_outages_assign(args) -> int:
    from console.services import outages

    view = outages.assign_technician(open_db(args), args.outage, args.technician, move=args.move)
    if args.json:
        print_json(view.as_json())
    else:
        print(f"outage {view.id} ({view.status}): {', '.join(view.technician_names)}")
    return 0


def cmd_technicians_nearest(args) -> int:
    from console.domain.vocabulary import travel_source_word
    from console.services.nearest import nearest_technicians

    found = nearest_technicians(open_db(args), args.outage, available_only=args.available)
    if args.json:
        print_json({"outage_id": found.outage_id, "travel_source": found.travel_source,
                    "estimated": found.estimated, "note": found.note,
                    "technicians": [c.as_json() for c in found.candidates]})
        return 0
    print_table(["ID", "NAME", "STATUS", "DRIVE", "FIX AGE", "ON OUTAGE", "VAN LACKS"],
                [(c.technician.id, c.technician.name, c.technician.status,
                  "" if c.minutes is None else f"{c.minutes:.0f} min",
                  "" if c.technician.position_age_minutes is None else f"{c.technician.position_age_minutes} min",
                  "" if c.busy_with is None else f"{c.busy_with} ({c.busy_customers} cust)",
                  ", ".join(f"{line.quantity} {line.unit} {line.name}" for line in c.lacks))
                 for c in found.candidates])
    print(f"drive times: {travel_source_word(found.travel_source, found.estimated)}"
          f"{'; ' + found.note if found.note else ''}")
    return 0


def cmd_technicians_list(args) -> int:
    from console.services import technicians

    views = technicians.list_technicians(open_db(args))
    if args.json:
        print_json([v.as_json() for v in views])
        return 0
    print_table(["ID", "NAME", "STATUS", "DEVICE", "LAT", "LON", "FIX", "OUTAGE"],
                [(v.id, v.name, v.status, v.device_id, _coord(v.lat), _coord(v.lon), format_local(v.fix_at),
                  v.outage_id) for v in views])
    return 0


def cmd_technicians_set_device(args) -> int:
    from console.services import technicians

    view = technicians.set_device(open_db(args), args.technician, args.device)
    print(f"technician {view.id} ({view.name}) now reports as device {view.device_id or '(none)'}")
    return 0


def cmd_depots_list(args) -> int:
    from console.services import depots

    views = depots.list_depots(open_db(args))
    if args.json:
        print_json([v.as_json() for v in views])
        return 0
    print_table(["ID", "NAME", "LAT", "LON", "OPEN", "ADDRESS"],
                [(v.id, v.name, _coord(v.lat), _coord(v.lon), "24/7" if v.always_open else "hours", v.address)
                 for v in views])
    return 0


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
