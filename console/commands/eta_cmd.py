"""eta set | history | chart."""
from __future__ import annotations

from console.domain.timeutil import format_local, parse_time

from .eta_advice_cmd import add_eta_actions
from .argtypes import record_id
from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("eta", parents=[common], help="restoration ETAs (append-only ledger)")
    e_sub = p.add_subparsers(dest="eta_command", required=True, metavar="ACTION")
    s = e_sub.add_parser("set", parents=[common], help="record a new promised restoration time")
    s.add_argument("--outage", required=True, type=record_id("outage id"))
    s.add_argument("--eta", required=True, metavar="ISO8601", help="e.g. 2024-09-10T21:00+02:00 (no offset: local)")
    s.add_argument("--reason", required=True,
                   help="initial, assessment, travel, restock, darkness, access, weather, scope, other")
    s.add_argument("--note", default="")
    s.add_argument("--by", default=None, help="who promised it (default: the dispatcher)")
    s.add_argument("--told", action="store_true", help="customers were told of this ETA")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_eta_set)
    h = e_sub.add_parser("history", parents=[common], help="every ETA promised for an outage")
    h.add_argument("--outage", required=True, type=record_id("outage id"))
    h.add_argument("--json", action="store_true")
    h.set_defaults(func=cmd_eta_history)
    c = e_sub.add_parser("chart", parents=[common],
                         help="draw the promised ETAs against the time each was made (PNG or SVG)")
    c.add_argument("--outage", required=True, type=record_id("outage id"))
    c.add_argument("--out", required=True, metavar="FILE.png|FILE.svg", help="where to write it (replaced atomically)")
    c.set_defaults(func=cmd_eta_chart)
    add_eta_actions(e_sub, common)


def cmd_eta_set(args) -> int:
    from console.services import eta

    when = parse_time(args.eta, "ETA")
    rev = eta.set_eta(open_db(args), args.outage, when, args.reason, args.note, args.by, customers_told=args.told)
    if args.json:
        print_json(rev.as_json())
    else:
        print(f"outage {rev.outage_id}: ETA {format_local(rev.eta)} ({rev.reason}) recorded")
    return 0


def cmd_eta_history(args) -> int:
    from console.services import eta

    revs = eta.eta_history(open_db(args), args.outage)
    if args.json:
        print_json([r.as_json() for r in revs])
        return 0
    print_table(["#", "ETA", "RECORDED", "BY", "REASON", "TOLD", "NOTE"],
                [(i, format_local(r.eta), format_local(r.recorded_at), r.recorded_by, r.reason,
                  "yes" if r.customers_told else "no", r.note) for i, r in enumerate(revs, 1)])
    return 0


def cmd_eta_chart(args) -> int:
    from console.charts.files import chart_target, write_atomically

    # The target is checked before the database is opened or anything drawn: a bad name costs nothing.
    target, fmt = chart_target(args.out)
    from console.charts.draw import eta_chart_image
    from console.charts.eta_model import chart_for
    from console.services import eta, outages

    db = open_db(args)
    view = outages.get_outage(db, args.outage)
    chart = chart_for(view, eta.eta_history(db, args.outage), lang=args.lang or "sv")
    write_atomically(target, eta_chart_image(chart, fmt))
    print(f"outage {view.id}: chart of {len(chart.steps)} promised ETA(s) written to {target}")
    return 0
