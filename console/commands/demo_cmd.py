"""demo [--storm N] [--seed S]."""
from __future__ import annotations

import time

from console.domain.timeutil import parse_time

from .argtypes import whole
from .output import open_db, print_json


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="load the Ankarsrum demo scenario, or a storm with --storm N")
    p.add_argument("--storm", type=whole("--storm", 1, 200_000), metavar="N", help="generate a storm with N outages instead")
    p.add_argument("--seed", type=whole("--seed", 0, 2**63 - 1), default=1, metavar="S", help="seed for --storm (same seed, same storm)")
    p.add_argument("--at", default=None, metavar="ISO8601",
                   help="tell the story as if this moment were now (default: now)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from console.services import demo

    at = parse_time(args.at, "--at") if args.at else None
    db = open_db(args)
    started = time.perf_counter()
    if args.storm is not None:
        summary = demo.load_storm(db, args.storm, args.seed, at=at)
    else:
        summary = demo.load_demo(db, at=at)
    elapsed = time.perf_counter() - started
    if args.json:
        print_json({**summary.as_json(), "seconds": round(elapsed, 3)})
    else:
        print(f"loaded {summary.outages} outages, {summary.technicians} technicians, {summary.depots} depots "
              f"in {elapsed:.1f} s")
    return 0
