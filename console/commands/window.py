"""The console window: imported only when the window is asked for, so commands start fast."""
from __future__ import annotations


def run_window(args) -> int:
    import sys

    from console.ui.qt_check import qt_problem

    problem = qt_problem()
    if problem is not None:
        print(f"dispatch-console: cannot open the window: {problem}", file=sys.stderr)
        return 2
    from console.ui.app import run

    return run(db_url=args.db, demo=args.demo, screenshot=args.screenshot, size=args.size, lang=args.lang,
               tiles=args.tiles, zoom=getattr(args, "zoom", 0), board_filter=getattr(args, "board_filter", None))
