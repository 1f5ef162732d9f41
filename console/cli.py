"""`dispatch-console`: the window, and every command of the command-line contract (docs/ARCHITECTURE.md)."""
from __future__ import annotations

import argparse
import sys

from console import __version__
from console.domain.errors import DispatchError


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one line on stderr, like every other error (sub-parsers share the class)."""

    def error(self, message: str):
        self.exit(2, f"dispatch-console: error: {self.prog.removeprefix('dispatch-console ')}: {message}\n")


def _common() -> argparse.ArgumentParser:
    # SUPPRESS keeps a sub-command's --db from overwriting the one given before the command.
    common = OneLineParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                        help="database URL (default: $DISPATCH_DB, else the SQLite file in the user data dir)")
    common.add_argument("--lang", default=argparse.SUPPRESS, choices=["sv", "en"], help="language")
    return common


def build_parser() -> argparse.ArgumentParser:
    from console.commands import COMMAND_MODULES

    common = _common()
    parser = OneLineParser(prog="dispatch-console", parents=[common],
                                     description="Outage dispatch console for fiber field service.")
    parser.add_argument("--version", action="version", version=f"dispatch-console {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the window on a fresh demo database")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the window offscreen once data and map are loaded, save it, exit")
    parser.add_argument("--size", default="1600x1000", metavar="WxH", help="window size for --screenshot")
    parser.add_argument("--zoom", default=0, type=int, metavar="STEPS",
                        help="for --screenshot: zoom the fitted map in (positive) or out (negative) by STEPS")
    parser.add_argument("--filter", default=None, metavar="TEXT", dest="board_filter",
                        help="for --screenshot: type TEXT into the board's filter first")
    parser.add_argument("--tiles", default=None, metavar="SOURCE",
                        help="map tiles: osm, none or mbtiles:FILE (default: the saved setting, else osm)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def _install_clock_from_env() -> None:
    """`DISPATCH_NOW=ISO8601` runs the program as if it were that moment (tests, demos, training)."""
    import os

    raw = os.environ.get("DISPATCH_NOW", "").strip()
    if not raw:
        return
    from console.domain import clock
    from console.domain.timeutil import parse_time

    if not isinstance(clock.current(), clock.SystemClock):
        return  # called in a process that already runs on a chosen clock (tests call main() directly)
    clock.install(clock.AnchoredClock(parse_time(raw, "DISPATCH_NOW")))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--version"]:
        # Asked for by scripts and packaging checks; not worth importing thirteen command modules.
        print(f"dispatch-console {__version__}")
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)
    args.lang = getattr(args, "lang", None)
    try:
        _install_clock_from_env()
        from console.startup import wire_gateways

        wire_gateways()
        if args.command is None:
            from console.commands.window import run_window

            return run_window(args)
        return int(args.func(args) or 0)
    except DispatchError as err:
        return _fail(str(err))
    except BrokenPipeError:
        # `... | head` closed the pipe: the reader has what it wanted. Quietly, as Unix tools do;
        # stdout goes to devnull so the interpreter's own flush at exit does not complain.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as err:
        # --out in a read-only folder or onto a folder, a full disk: say which file and why.
        where = f" {err.filename}" if err.filename else ""
        return _fail(f"cannot use{where}: {err.strerror or err}")
    except MemoryError:
        return _fail("not enough memory for this input; it is too large")
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001  (the last line of defence: one line, never a traceback)
        import os

        if os.environ.get("DISPATCH_DEBUG"):
            raise
        return _fail(f"internal error ({type(err).__name__}: {_one_line(err)}); "
                     "set DISPATCH_DEBUG=1 to see the traceback", code=70)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= 300 else text[:297] + "…"


def _fail(message: str, code: int = 2) -> int:
    # A message may quote input; a newline in it must not start a second line.
    print(f"dispatch-console: error: {' '.join(message.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
