"""status export."""
from __future__ import annotations

from .output import open_db, print_json


def register(sub, common) -> None:
    p = sub.add_parser("status", parents=[common], help="the public status page of the open outages")
    s_sub = p.add_subparsers(dest="status_command", required=True, metavar="ACTION")
    e = s_sub.add_parser("export", parents=[common],
                         help="write index.html, status.json and feed.atom into a folder")
    e.add_argument("--out", required=True, metavar="DIR")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_status_export)


def cmd_status_export(args) -> int:
    from console.reports.status_export import export_status

    result = export_status(open_db(args), args.out, args.lang or "sv")
    files = {"index_html": str(result.index_html), "status_json": str(result.status_json),
             "feed_atom": str(result.feed_atom)}
    if args.json:
        print_json(files)
    else:
        print(f"status page written: {files['index_html']}, {files['status_json']}, {files['feed_atom']}")
    return 0
