"""accuracy [--since] [--until] [--outage ID]: how good the promised ETAs were.

Also `eta suggest` and `eta accuracy`: add_eta_actions() adds them to the `eta` group when
eta_cmd.register calls it with that group's sub-parsers.
"""
from __future__ import annotations

import sys
from datetime import timedelta

from console.domain.errors import ValidationError
from console.domain.vocabulary import travel_source_word

from console.domain.timeutil import format_local, parse_time, utcnow

from .argtypes import record_id
from .output import open_db, print_json, print_table

DEFAULT_DAYS = 30


def register(sub, common) -> None:
    p = sub.add_parser("accuracy", parents=[common], help="how far restorations fell from the promised ETAs")
    _accuracy_args(p)


def _accuracy_args(p) -> None:
    p.add_argument("--since", default=None, metavar="ISO8601", help=f"default: {DEFAULT_DAYS} days before --until")
    p.add_argument("--until", default=None, metavar="ISO8601", help="default: now")
    p.add_argument("--outage", type=record_id("outage id"), default=None, metavar="ID", help="one restored outage instead of a period")
    p.add_argument("--json", action="store_true")
    p.add_argument("--chart", default=None, metavar="FILE.png|FILE.svg",
                   help="also draw the error by cause (minutes late or early, first and last promise)")
    p.set_defaults(func=cmd_accuracy)


def add_eta_actions(eta_sub, common) -> None:
    """`eta suggest --outage ID` and `eta accuracy ...`, for the `eta` command group."""
    s = eta_sub.add_parser("suggest", parents=[common],
                           help="a likely and a conservative ETA from travel, learned repair time, restock detour and darkness")
    s.add_argument("--outage", required=True, type=record_id("outage id"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_eta_suggest)
    _accuracy_args(eta_sub.add_parser("accuracy", parents=[common],
                                      help="how far restorations fell from the promised ETAs"))


def cmd_eta_suggest(args) -> int:
    from console.services import daylight

    view = daylight.suggest_eta_for(open_db(args), args.outage)
    if args.json:
        print_json(view.as_json())
        return 0
    who = view.technician_name or "no technician on duty"
    if view.technician_name and not view.technician_assigned:
        who += " (nearest on duty; nobody is assigned)"
    print(f"outage {view.outage_id}: likely ETA {format_local(view.eta)}, conservative "
          f"{format_local(view.conservative.eta)}  (recorded: {format_local(view.current_eta) or 'none'})")
    print(f"from {who}")
    if view.technician_name:
        print(f"travel {view.suggestion.travel_minutes:.0f} min, {travel_source_word(view.travel_source, view.estimated)}")
    if view.travel_note:
        print(view.travel_note)
    if view.range is not None:
        print(f"repair {view.range.repair.basis}")
    print_table(["PART", "LIKELY", "CONSERVATIVE"],
                [(name, f"{minutes:.0f}", f"{high:.0f}")
                 for (name, minutes), (_, high) in zip(view.suggestion.parts, view.conservative.parts)])
    if view.restock_source:
        print(f"restock from {view.restock_source}")
    if view.restock_missing:
        print("material is short and no source has it: the suggestion leaves the restock out")
    if view.suggestion.runs_into_darkness:
        print(f"{view.suggestion.dark_work_hours:.1f} h of the work in darkness: lighting needed")
    gap = _gap_line(view)
    if gap:
        print(gap)
    return 0


def _gap_line(view) -> str:
    """Why the recorded ETA is over an hour from the conservative suggestion (the window says the same)."""
    if view.current_eta is None:
        return ""
    apart = (view.current_eta - view.conservative.eta).total_seconds() / 60
    if abs(apart) <= 60:
        return ""
    span = f"{abs(apart) / 60:.1f} h"
    if apart > 0:
        why = f"; moved later for: {', '.join(view.moved_later_for)}" if view.moved_later_for else ""
        note = f"; last note: {view.current_note.strip().rstrip('.')}" if view.current_note.strip() else ""
        return (f"the recorded ETA is {span} later than this suggestion{why}{note}; the suggestion knows "
                "only travel, repair time, material and darkness from now")
    return (f"the recorded ETA is {span} earlier than this suggestion, which counts travel, restock and "
            "darkness: it is likely to be missed")


def cmd_accuracy(args) -> int:
    from console.services import accuracy

    target = None
    if args.chart is not None:
        if args.outage is not None:
            raise ValidationError("--chart draws a period by cause; leave out --outage")
        from console.charts.files import chart_target

        target, fmt = chart_target(args.chart)
    db = open_db(args)
    if args.outage is not None:
        one = accuracy.outage_accuracy(db, args.outage)
        if args.json:
            print_json(one.as_json())
        elif one.accuracy is None:
            print(f"outage {one.outage_id}: no ETA was promised before it was restored")
        else:
            a = one.accuracy
            print(f"outage {one.outage_id} ({one.cause}): first ETA {a.first_error_min:+.0f} min, "
                  f"last {a.last_error_min:+.0f} min, {a.revisions} revision(s), bias {a.bias_min:+.0f} min")
        return 0
    until = parse_time(args.until, "--until") if args.until else utcnow()
    since = parse_time(args.since, "--since") if args.since else until - timedelta(days=DEFAULT_DAYS)
    report = accuracy.eta_accuracy(db, since, until)
    if target is not None:
        from console.charts.accuracy_model import accuracy_chart
        from console.charts.draw import accuracy_chart_image
        from console.charts.files import write_atomically

        chart = accuracy_chart(report.errors, report.since, report.until, lang=args.lang or "sv")
        write_atomically(target, accuracy_chart_image(chart, fmt))
        # stderr: --json keeps stdout for the machine-readable report
        print(f"chart of {len(report.errors)} restoration(s) in {len(chart.rows)} cause(s) written to {target}",
              file=sys.stderr)
    if args.json:
        print_json(report.as_json())
        return 0
    print(f"restored {format_local(report.since)} to {format_local(report.until)}: {report.restored} outage(s), "
          f"{report.without_promise} without a promised ETA (minutes; + means restored late)")
    print_table(["CAUSE", "N", "|FIRST|", "|LAST|", "REVISIONS", "BIAS"],
                [(c.cause.value, c.count, f"{c.mean_abs_first_min:.0f}", f"{c.mean_abs_last_min:.0f}",
                  f"{c.mean_revisions:.1f}", f"{c.mean_bias_min:+.0f}") for c in report.by_cause])
    return 0
