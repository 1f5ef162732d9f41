"""positions serve | import | track."""
from __future__ import annotations

import sys

from console.domain.errors import ValidationError
from console.domain.timeutil import iso_local
from console.feeds import DEFAULT_BIND

from .argtypes import record_id, number
from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("positions", parents=[common], help="technician positions from phones and track files")
    p_sub = p.add_subparsers(dest="positions_command", required=True, metavar="ACTION")
    serve = p_sub.add_parser("serve", parents=[common],
                             help="receive positions from Traccar Client / OsmAnd (OsmAnd protocol over HTTP)")
    serve.add_argument("--bind", default=f"{DEFAULT_BIND[0]}:{DEFAULT_BIND[1]}", metavar="HOST:PORT",
                       help="address to listen on (default 127.0.0.1:5055; 0.0.0.0 to take phones on the LAN)")
    serve.add_argument("--token", default=None, help="shared secret phones must send (token=… or Bearer)")
    serve.add_argument("--burst", type=number("--burst", 1, 1_000_000), default=None, metavar="N",
                       help="fixes one phone may send back to back (default 2000: a day of one a minute)")
    serve.add_argument("--rate", type=number("--rate", 0.01, 10_000), default=None, metavar="PER_SECOND",
                       help="fixes per second one phone may keep sending after its burst (default 1)")
    serve.set_defaults(func=cmd_serve)
    unreg = p_sub.add_parser("unregistered", parents=[common],
                             help="phones that report but belong to no technician (link one with "
                                  "technicians set-device)")
    unreg.add_argument("--json", action="store_true")
    unreg.set_defaults(func=cmd_unregistered)
    unlinked = p_sub.add_parser("unlinked", parents=[common], help="the same list as `unregistered`")
    unlinked.add_argument("--json", action="store_true")
    unlinked.set_defaults(func=cmd_unregistered)
    link = p_sub.add_parser("link", parents=[common],
                            help="give a reporting phone to a technician; its kept fixes become their track")
    link.add_argument("--device", required=True)
    link.add_argument("--technician", type=record_id("technician id"), required=True)
    link.add_argument("--json", action="store_true")
    link.set_defaults(func=cmd_link)
    imp = p_sub.add_parser("import", parents=[common], help="import a GPX 1.1, NMEA 0183 or CSV track file")
    imp.add_argument("file")
    imp.add_argument("--device", default=None, help="whose track (needed for NMEA; GPX/CSV may name it)")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=cmd_import)
    tr = p_sub.add_parser("track", parents=[common], help="a technician's recent track")
    tr.add_argument("--technician", type=record_id("technician id"), required=True)
    tr.add_argument("--hours", type=number("--hours", 0, 336), default=4.0)
    tr.add_argument("--json", action="store_true")
    tr.set_defaults(func=cmd_track)


def parse_bind(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValidationError(f"--bind wants HOST:PORT such as 127.0.0.1:5055, not {text!r}")
    return host.strip("[]"), int(port)


def cmd_serve(args) -> int:
    import logging
    import signal
    import threading

    from console.feeds import ratelimit
    from console.feeds.receiver import PositionReceiver
    from console.feeds.sink import service_sink

    db = open_db(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    limits = ratelimit.RateLimiter(device_burst=args.burst or ratelimit.DEVICE_BURST,
                                   device_rate_per_s=args.rate or ratelimit.DEVICE_RATE_PER_S)
    try:
        receiver = PositionReceiver(service_sink(db), bind=parse_bind(args.bind), token=args.token,
                                    limits=limits)
    except OSError as err:
        raise ValidationError(f"cannot listen on {args.bind}: {err.strerror or err}") from None
    host, port = receiver.server_address
    print(f"receiving positions on http://{host}:{port}/ (OsmAnd protocol); Ctrl+C stops", flush=True)
    stop = threading.Event()

    def _stop(*_):
        stop.set()
        threading.Thread(target=receiver.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    try:
        receiver.serve_forever()
    except KeyboardInterrupt:
        receiver.shutdown()
    print(f"stopped: {receiver.stats()}", file=sys.stderr)
    return 0


def cmd_unregistered(args) -> int:
    from console.services import positions

    devices = positions.unregistered_devices(open_db(args))
    if args.json:
        print_json([{"device_id": d.device_id, "fixes": d.fixes, "first_at": iso_local(d.first_at),
                     "last_at": iso_local(d.last_at), "lat": d.lat, "lon": d.lon} for d in devices])
        return 0
    print_table(["DEVICE", "FIXES", "FIRST", "LAST", "LAT", "LON"],
                [(d.device_id, d.fixes, iso_local(d.first_at), iso_local(d.last_at), f"{d.lat:.5f}",
                  f"{d.lon:.5f}") for d in devices])
    return 0


def cmd_link(args) -> int:
    from console.services import positions, technicians

    db = open_db(args)
    device = args.device.strip()
    waiting = {d.device_id: d.fixes for d in positions.unregistered_devices(db)}
    tech = technicians.set_device(db, args.technician, device)
    if args.json:
        print_json({"technician": tech.id, "device_id": tech.device_id, "fixes_taken_over": waiting.get(device, 0)})
        return 0
    print(f"{device} linked to {tech.name} (id {tech.id}); {waiting.get(device, 0)} kept fix(es) now their track")
    return 0


def cmd_import(args) -> int:
    from console.feeds.tracks import read_track_file
    from console.services import positions

    db = open_db(args)
    result = read_track_file(args.file, device_id=args.device)
    items = [(item.technician or args.device or "", item.fix) for item in result.accepted]
    if not items:
        reasons = "; ".join(f"{where}: {why}" for where, why in result.rejected[:3])
        raise ValidationError(f"nothing to import from {args.file}" + (f" ({reasons})" if reasons else ""))
    summary = positions.import_fixes(db, items)
    rejected = [{"where": str(where), "reason": why} for where, why in result.rejected]
    rejected += [{"where": ref, "reason": why} for ref, why in summary.rejected]
    if args.json:
        print_json({"stored": summary.stored, "technicians_moved": summary.moved_technicians,
                    "rejected": rejected, "ignored": result.ignored})
    else:
        print(f"{summary.stored} fixes stored, {summary.moved_technicians} technicians moved, "
              f"{len(rejected)} rejected, {result.ignored} lines ignored")
        for r in rejected[:20]:
            print(f"  rejected {r['where']}: {r['reason']}")
        if len(rejected) > 20:
            print(f"  … and {len(rejected) - 20} more")
    return 0


def cmd_track(args) -> int:
    from console.services import positions

    points = positions.track(open_db(args), args.technician, args.hours)
    if args.json:
        print_json([{"fixed_at": iso_local(p.fixed_at), "lat": p.lat, "lon": p.lon, "speed_kmh": p.speed_kmh}
                    for p in points])
        return 0
    print_table(["TIME", "LAT", "LON", "KM/H"],
                [(iso_local(p.fixed_at), f"{p.lat:.5f}", f"{p.lon:.5f}", p.speed_kmh) for p in points])
    return 0
