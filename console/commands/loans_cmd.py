"""loans list | lend | return | collect | suggest."""
from __future__ import annotations

from console.domain.timeutil import format_local

from .argtypes import record_id
from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("loans", parents=[common], help="loaner 4G routers")
    l_sub = p.add_subparsers(dest="loans_command", required=True, metavar="ACTION")

    ls = l_sub.add_parser("list", parents=[common], help="every router with its current or last loan")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_loans_list)

    lend = l_sub.add_parser("lend", parents=[common], help="lend a router to a customer of an open outage")
    lend.add_argument("--router", required=True, metavar="SERIAL")
    lend.add_argument("--outage", required=True, type=record_id("outage id"))
    lend.add_argument("--customer", required=True, metavar="REF")
    lend.add_argument("--second", action="store_true",
                      help="lend although the customer already has a router out")
    lend.add_argument("--json", action="store_true")
    lend.set_defaults(func=cmd_loans_lend)

    ret = l_sub.add_parser("return", parents=[common], help="a router came back")
    ret.add_argument("--router", required=True, metavar="SERIAL")
    ret.add_argument("--depot", type=record_id("depot id"), default=None, metavar="ID",
                     help="depot it goes to (default: where it was lent from)")
    ret.add_argument("--json", action="store_true")
    ret.set_defaults(func=cmd_loans_return)

    col = l_sub.add_parser("collect", parents=[common], help="routers still out for outages that are over")
    col.add_argument("--json", action="store_true")
    col.set_defaults(func=cmd_loans_collect)

    sug = l_sub.add_parser("suggest", parents=[common], help="open outages long enough to offer loaners")
    sug.add_argument("--json", action="store_true")
    sug.set_defaults(func=cmd_loans_suggest)


def _table(views) -> None:
    print_table(["SERIAL", "DEPOT", "OUTAGE", "CUSTOMER", "LENT", "DUE", "RETURNED"],
                [(v.serial, v.depot, v.outage_id, v.customer_ref, format_local(v.lent_at),
                  format_local(v.due_at), format_local(v.returned_at)) for v in views])


def cmd_loans_list(args) -> int:
    from console.services import loans

    views = loans.list_loans(open_db(args))
    if args.json:
        print_json([v.as_json() for v in views])
    else:
        _table(views)
    return 0


def cmd_loans_lend(args) -> int:
    from console.services import loans

    from console.domain.errors import NeedsConfirmation, ValidationError

    try:
        view = loans.lend(open_db(args), args.router, args.outage, args.customer, second=args.second)
    except NeedsConfirmation as err:
        raise ValidationError(f"{err}; add --second to lend a second one") from None
    if args.json:
        print_json(view.as_json())
    else:
        due = format_local(view.due_at) or "not yet known (no ETA)"
        print(f"router {view.serial} lent to {view.customer_ref} for outage {view.outage_id}; due back {due}")
    return 0


def cmd_loans_return(args) -> int:
    from console.services import loans

    view = loans.return_router(open_db(args), args.router, args.depot)
    if args.json:
        print_json(view.as_json())
    else:
        print(f"router {view.serial} returned by {view.customer_ref}; now at {view.depot or 'no depot'}")
    return 0


def cmd_loans_collect(args) -> int:
    from console.services import loans

    views = loans.to_collect(open_db(args))
    if args.json:
        print_json([v.as_json() for v in views])
    else:
        _table(views)
    return 0


def cmd_loans_suggest(args) -> int:
    from console.services import loans

    found = loans.suggest_loaners(open_db(args))
    if args.json:
        print_json([{"outage_id": s.outage_id, "reason": s.reason} for s in found])
    else:
        print_table(["OUTAGE", "WHY"], found)
    return 0
