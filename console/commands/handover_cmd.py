"""handover --out FILE.pdf [--since ISO8601]: the shift-handover printout, no display needed."""
from __future__ import annotations

import sys

from console.domain.timeutil import parse_time

from .output import open_db, print_json


def register(sub, common) -> None:
    p = sub.add_parser("handover", parents=[common], help="print the shift handover to a PDF file")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF (replaced atomically)")
    p.add_argument("--since", metavar="ISO8601",
                   help="start of the shift (default: 12 hours ago; no offset: local time)")
    p.add_argument("--dispatcher", default=None, help="name printed as the dispatcher (default: you)")
    p.add_argument("--progress", action="store_true", help="report progress on stderr")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handover)


def _stderr_progress(fraction: float, message: str) -> None:
    print(f"{fraction * 100:5.1f} %  {message}", file=sys.stderr, flush=True)


def cmd_handover(args) -> int:
    # reportlab, folium and numpy: the slowest imports of the program, needed by this command only.
    from console.reports.handover_pdf import render_handover
    from console.services.handover import collect_handover

    since = parse_time(args.since, "shift start") if args.since else None
    data = collect_handover(open_db(args), since=since, dispatcher=args.dispatcher)
    result = render_handover(data, args.out, lang=args.lang or "sv",
                             progress=_stderr_progress if args.progress else None)
    if args.json:
        print_json({"path": result.path, "pages": result.pages, "open_outages": len(data.outages),
                    "eta_changes_in_shift": data.eta_changes_in_shift})
    else:
        print(f"handover written to {result.path} ({result.pages} pages, {len(data.outages)} open outages)")
    return 0
