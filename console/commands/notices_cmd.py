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

    # Delivered notices (issue 14): the outbox, see console/services/outbox.py.
    se = n_sub.add_parser("send", parents=[common],
                          help="address a notice to every affected customer and deliver it (e-mail or SMS)")
    se.add_argument("--outage", type=record_id("outage id"))
    se.add_argument("--channel", choices=["email", "sms"])
    se.add_argument("--text-file", metavar="FILE", help="send this text (UTF-8; '-' for stdin) instead of the draft")
    se.add_argument("--kind", choices=["update", "restored", "loaner"], default="update",
                    help="update (default), restored (the outage must be restored), loaner (a router offer)")
    se.add_argument("--queue-only", action="store_true", help="queue the messages; `notices deliver` sends them")
    se.add_argument("--resume", action="store_true", help="deliver what an interrupted run left queued")
    se.add_argument("--json", action="store_true")
    se.set_defaults(func=cmd_notices_send)

    dl = n_sub.add_parser("deliver", parents=[common],
                          help="deliver queued notices (resumes after a crash); runs until stopped")
    dl.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    dl.set_defaults(func=cmd_notices_deliver)

    dv = n_sub.add_parser("deliveries", parents=[common], help="delivery counts for an outage (addresses masked)")
    dv.add_argument("--outage", required=True, type=record_id("outage id"))
    dv.add_argument("--json", action="store_true")
    dv.set_defaults(func=cmd_notices_deliveries)


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


def _check_kind(db, outage_id: int, kind: str) -> None:
    from console.services import notices

    context = notices.notice_context(db, outage_id)
    if kind == "restored" and context.status.is_open:
        raise ValidationError(f"outage {outage_id} is not restored: a 'restored' notice would be untrue")
    if kind == "loaner" and not context.loaners_available:
        raise ValidationError(f"outage {outage_id} does not call for loaner routers (or none is free)")


def cmd_notices_send(args) -> int:
    from console.services import outbox

    db = open_db(args)
    if args.resume and args.outage is None:
        return _deliver(db, once=True)
    if args.outage is None or args.channel is None:
        raise ValidationError("notices send needs --outage and --channel (or --resume alone)")
    text = None
    if args.text_file is not None:
        args.text = None
        text = _read_text(args)
    _check_kind(db, args.outage, args.kind)
    queued = outbox.queue_notice(db, args.outage, args.channel, lang=args.lang, text=text)
    if args.json:
        print_json(queued.as_json())
    else:
        print(f"notice {queued.notice_id or '-'} for outage {args.outage}: {queued.queued} queued by {args.channel}, "
              f"{queued.already_had_it} already had it, {queued.without_contact} without a contact")
    if args.queue_only or not queued.queued:
        return 0
    return _deliver(db, once=True, quiet=args.json)


def cmd_notices_deliver(args) -> int:
    return _deliver(open_db(args), once=args.once)


def _deliver(db, once: bool, quiet: bool = False) -> int:
    import time

    from console.domain.delivery import GatewayMisconfigured
    from console.domain.timeutil import utcnow
    from console.services import outbox

    senders, problems = outbox.senders_for(db)
    waiting = outbox.queued_channels(db)
    for channel, why in problems.items():
        if waiting.get(channel):
            print(f"dispatch-console: {waiting[channel]} {channel} message(s) wait: {why}", file=sys.stderr)
    if not senders:
        return 1 if any(waiting.get(c) for c in problems) else 0
    total = outbox.Progress()
    try:
        while True:
            done = outbox.deliver_due(db, senders)
            total.sent += done.sent
            total.failed += done.failed
            total.retrying += done.retrying
            if once:
                break
            due = outbox.next_due_at(db)
            # Poll at most every 5 s: another workstation may queue a notice at any moment.
            pause = 5.0 if due is None else min(5.0, max(0.2, (due - utcnow()).total_seconds()))
            time.sleep(pause)
    except GatewayMisconfigured as err:
        raise ValidationError(str(err)) from None
    except KeyboardInterrupt:
        pass
    finally:
        for sender in senders.values():
            sender.close()
    if not quiet:
        left = outbox.pending_count(db)
        print(f"delivered {total.sent}, failed {total.failed}, to retry {total.retrying}; {left} still queued")
    return 0


def cmd_notices_deliveries(args) -> int:
    from console.services import outbox

    counts = outbox.delivery_counts(open_db(args), args.outage)
    if args.json:
        print_json(counts)
        return 0
    print_table(["CHANNEL", "QUEUED", "SENT", "FAILED"],
                [(ch, c["queued"], c["sent"], c["failed"]) for ch, c in sorted(counts["by_channel"].items())])
    for failure in counts["failures"]:
        print(f"failed: {failure['customer_ref']} {failure['channel']} {failure['address']}: {failure['error']}")
    return 0
