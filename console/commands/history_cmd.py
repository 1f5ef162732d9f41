"""history import FILE.csv | history show: past outages the learned repair times rest on."""
from __future__ import annotations

import sys

from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("history", parents=[common], help="past outages that the learned repair times rest on")
    h_sub = p.add_subparsers(dest="history_command", required=True, metavar="ACTION")
    imp = h_sub.add_parser("import", parents=[common],
                           help="import restored outages from the previous ticket system (CSV: ref, cause, "
                                "started_at, restored_at, customers_affected, lat, lon[, first_eta])")
    imp.add_argument("file")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=cmd_history_import)
    show = h_sub.add_parser("show", parents=[common], help="learned repair times per cause and their basis")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_history_show)


def cmd_history_import(args) -> int:
    from pathlib import Path

    from console.services import history

    db = open_db(args)
    name = Path(args.file).name
    parsed = history.read_history_file(args.file)
    try:
        view = history.import_history(db, parsed, source=name)
    except history.HistoryRefused as refused:
        for line, reason in refused.bad_lines:
            print(f"{name}:{line}: {reason}", file=sys.stderr)
        raise
    if args.json:
        print_json(view.as_json())
    else:
        by_cause = ", ".join(f"{n} {cause}" for cause, n in view.by_cause) or "none new"
        print(f"{view.stored} past outage(s) imported ({by_cause}); {view.already_there} already there")
    return 0


def cmd_history_show(args) -> int:
    from console.domain.enums import Cause
    from console.domain.repair_model import hours_minutes
    from console.services import history

    model = history.learned_repair_times(open_db(args))
    estimates = [model.estimate(cause) for cause in Cause]
    if args.json:
        print_json([e.as_dict() for e in estimates])
        return 0
    print_table(["CAUSE", "CASES", "LIKELY", "CONSERVATIVE", "SETTING", "BASIS"],
                [(e.cause.value, e.cases, hours_minutes(e.likely_minutes), hours_minutes(e.conservative_minutes),
                  hours_minutes(e.setting_minutes), e.basis) for e in estimates])
    return 0
