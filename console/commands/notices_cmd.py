"""notices draft | record | list."""
from __future__ import annotations

import sys
from pathlib import Path

from console.domain.errors import ValidationError
from console.domain.timeutil import format_local

from .argtypes import record_id
from .output import open_db, print_json, print_table

CHANNELS = "sms, email, web, phone"


def register(sub, common) -> None:
    p = sub.add_parser("notices", parents=[common], help="customer notices: draft, record as sent, list")
    n_sub = p.add_subparsers(dest="notices_command", required=True, metavar="ACTION")

    d = n_sub.add_parser("draft", parents=[common], help="print a draft notice from the outage's current state")
    d.add_argument("--outage", required=True, type=record_id("outage id"))
    d.add_argument("--channel", default="sms", help=f"{CHANNELS} (default: sms)")
    d.set_defaults(func=cmd_notices_draft)

    r = n_sub.add_parser("record", parents=[common],
                         help="record a notice as sent: the outage's customers count as told from now")
    r.add_argument("--outage", required=True, type=record_id("outage id"))
    r.add_argument("--channel", required=True, help=CHANNELS)
    text = r.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the text as sent")
    text.add_argument("--text-file", metavar="FILE", help="read the text from FILE (UTF-8; '-' for stdin)")
    r.add_argument("--by", default=None, help="who sent it (default: the dispatcher)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_notices_record)

    ls = n_sub.add_parser("list", parents=[common], help="notices recorded for an outage")
    ls.add_argument("--outage", required=True, type=record_id("outage id"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_notices_list)


def cmd_notices_draft(args) -> int:
    from console.services import notices

    print(notices.draft_for_outage(open_db(args), args.outage, args.lang or "sv", args.channel))
    return 0


def _read_text(args) -> str:
    if args.text is not None:
        return args.text
    if args.text_file == "-":
        return sys.stdin.read()
    try:
        return Path(args.text_file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"notice text file {args.text_file!r} is not UTF-8 text") from None
    except OSError as err:
        raise ValidationError(f"cannot read notice text file {args.text_file!r}: {err.strerror}") from None


def cmd_notices_record(args) -> int:
    from console.services import notices

    text = _read_text(args)
    view = notices.record_notice(open_db(args), args.outage, text, args.channel, args.lang or "sv", args.by)
    if args.json:
        print_json(view.as_json())
    else:
        print(f"notice {view.id} recorded for outage {view.outage_id} ({view.channel}, {view.lang}) "
              f"at {format_local(view.sent_at)}")
    return 0


def cmd_notices_list(args) -> int:
    from console.services import notices

    views = notices.list_notices(open_db(args), args.outage)
    if args.json:
        print_json([v.as_json() for v in views])
        return 0
    print_table(["ID", "SENT", "CHANNEL", "LANG", "BY", "TEXT"],
                [(v.id, format_local(v.sent_at), v.channel, v.lang, v.sent_by, _first_line(v.text))
                 for v in views])
    return 0


def _first_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
