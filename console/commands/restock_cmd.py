"""restock [plan] | send | complete | cancel | runs.

`restock --outage ID` (the command-line contract) plans: the action word is optional and
defaults to "plan", so the contract form and `restock send ...` live side by side.
"""
from __future__ import annotations

from console.domain.errors import ValidationError
from console.domain.timeutil import format_local, to_local
from console.domain.vocabulary import travel_source_word

from .argtypes import record_id, whole
from .output import open_db, print_json, print_table

ACTIONS = ("plan", "send", "complete", "cancel", "runs")


def register(sub, common) -> None:
    p = sub.add_parser(
        "restock", parents=[common], help="where to fetch missing material, and the runs under way",
        description="restock [plan] --outage ID [--technician ID]: ranked sources for what the van lacks; "
                    "restock send --outage ID --option N: reserve it and send the technician; "
                    "restock complete|cancel --run ID; restock runs.",
    )
    p.add_argument("action", nargs="?", default="plan", choices=ACTIONS, metavar="ACTION",
                   help="plan (default), send, complete, cancel, runs")
    p.add_argument("--outage", type=record_id("outage id"), metavar="ID")
    p.add_argument("--technician", type=record_id("technician id"), metavar="ID", help="default: the outage's assigned technician")
    p.add_argument("--option", type=whole("option", 1, 1000), metavar="N", help="for send: the option number the plan lists (1 = best)")
    p.add_argument("--run", type=record_id("run id"), metavar="ID", help="for complete and cancel")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restock)


def _need(args, *names: str) -> None:
    missing = [f"--{n}" for n in names if getattr(args, n) is None]
    if missing:
        raise ValidationError(f"restock {args.action} needs {' and '.join(missing)}")


def cmd_restock(args) -> int:
    return {"plan": _plan, "send": _send, "complete": _complete, "cancel": _cancel, "runs": _runs}[args.action](args)


def _covers(items, names: dict[str, str] | None = None) -> str:
    """'2 Skarvbox, 1 Patchkabel': the catalogue's names, the codes only where one has none."""
    names = names or {}
    return ", ".join(f"{c['quantity']} {names.get(c['material'], c['material'])}" for c in items)


def _plan(args) -> int:
    from console.services import restock

    _need(args, "outage")
    db = open_db(args)
    plan = restock.plan_for_outage(db, args.outage, args.technician)
    if args.json:
        print_json(plan.as_json())
        return 0
    if not plan.shortage:
        print(f"{plan.technician_name} has everything outage {plan.outage_id} needs.")
        return 0
    from console.domain.restock import whole_minutes

    names = restock.material_labels(db)
    short = ", ".join(f"{q} {names.get(m, m)}" for m, q in plan.shortage)
    print(f"Outage {plan.outage_id}, {plan.technician_name} is short of: {short}")
    print(f"Straight to the site: {plan.minutes_direct:.0f} min"
          + f" ({travel_source_word(plan.travel_source, plan.estimated)})")
    if plan.travel_note:
        print(plan.travel_note)
    if plan.options:
        print_table(
            ["#", "SOURCE", "KIND", "TO SOURCE", "TOTAL", "EXTRA", "COMPLETE", "COVERS"],
            [(n, o["source_name"], o["source_kind"], f"{o['minutes_to_source']:.0f} min",
              f"{whole_minutes(option.minutes_total)} min", f"+{whole_minutes(option.minutes_extra)} min",
              "yes" if o["complete"] else "no", _covers(o["covers"], names))
             for n, (option, o) in enumerate(zip(plan.options, plan.as_json()["options"]), 1)],
        )
    else:
        print("No depot or van that is open on arrival has any of it.")
    for s in plan.skipped:
        print(f"Not listed: {s.source_name} ({s.source_kind}) is {s.reason}.")
    return 0


def _send(args) -> int:
    from console.services import restock

    _need(args, "outage", "option")
    if args.option < 1:
        raise ValidationError("--option counts from 1, the best option")
    db = open_db(args)
    sent = restock.send_for_material(db, args.outage, args.technician, args.option - 1)
    if args.json:
        print_json(sent.as_json())
        return 0
    names = restock.material_labels(db)
    for run in sent.runs:
        print(f"run {run.id}: {run.technician_name} fetches {_covers(run.as_json()['items'], names)} "
              f"from {run.source_name}, there about {format_local(run.expected_arrival, '%H:%M')}")
    print(f"outage {sent.outage_id}: {sent.status_after}")
    current = format_local(sent.current_eta) or "none"
    proposed = to_local(sent.proposed_eta).isoformat(timespec="minutes")
    print(f"proposed ETA {format_local(sent.proposed_eta)} (current: {current}); to record it: "
          f"dispatch-console eta set --outage {sent.outage_id} --eta {proposed} --reason {sent.proposed_reason}")
    return 0


def _complete(args) -> int:
    from console.services import restock

    _need(args, "run")
    db = open_db(args)
    run = restock.complete_run(db, args.run)
    if args.json:
        print_json(run.as_json())
    else:
        items = _covers(run.as_json()["items"], restock.material_labels(db))
        print(f"run {run.id} completed: {items} moved from {run.source_name} into {run.technician_name}'s van")
    return 0


def _cancel(args) -> int:
    from console.services import restock

    _need(args, "run")
    db = open_db(args)
    run = restock.cancel_run(db, args.run)
    if args.json:
        print_json(run.as_json())
    else:
        print(f"run {run.id} cancelled: {_covers(run.as_json()['items'], restock.material_labels(db))} at {run.source_name} is free again")
    return 0


def _runs(args) -> int:
    from console.services import restock

    db = open_db(args)
    runs = restock.runs_under_way(db)
    if args.json:
        print_json([r.as_json() for r in runs])
        return 0
    from console.domain.restock import whole_minutes

    names = restock.material_labels(db)
    print_table(["RUN", "OUTAGE", "TECHNICIAN", "FROM", "ITEMS", "STARTED", "ARRIVES", "EXTRA"],
                [(r.id, r.outage_id, r.technician_name, r.source_name, _covers(r.as_json()["items"], names),
                  format_local(r.started_at, "%d/%m %H:%M"), format_local(r.expected_arrival, "%d/%m %H:%M"),
                  f"+{whole_minutes(r.minutes_extra)} min") for r in runs])
    return 0
