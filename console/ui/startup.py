"""Opening the window without freezing it: what is done before it is shown, and in what order.

Measured at storm scale (bench/bench_window.py, 5,000 outages), the window used to freeze for
about half a second soon after it appeared. That was not Chromium starting: the web engine's
profile is made in MainWindow() before the window is shown (about 50 ms) and loading the
page costs the GUI thread next to nothing. It was the GIL. Every Python call Qt makes while
painting (each model data() call, every check for a Python override of a virtual) has to take
the GIL from whichever worker thread holds it, and CPython hands it over only after the
waiting thread has waited a whole switch interval (5 ms by default). With the snapshot, the
map page and the detail loading in workers, painting a window full of tables turned into
hundreds of such waits in a row.
"""
from __future__ import annotations

import importlib
import sys

# How long a thread that wants the GIL waits before the holder must let go (CPython: 5 ms).
# The GUI thread asks for it once per Python call it makes while painting.
GIL_SWITCH_INTERVAL_S = 0.001


def tune_gil() -> None:
    """Hand the GIL to the GUI thread sooner when worker threads are busy."""
    if sys.getswitchinterval() > GIL_SWITCH_INTERVAL_S:
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def warm_imports() -> None:
    """Modules the window's slots import on first use: imported now, not on the GUI thread
    while it is busy showing the first outage (PySide's import hook reads each module's
    source, so a first import can take tens of milliseconds)."""
    for name in ("console.services.notices", "console.ui.notices_dialog"):
        importlib.import_module(name)


def show_and_start(window, app) -> None:
    """Show the window, let it paint once, then start loading (workers, map page, live sync).

    The first paint comes before any worker exists, so it never waits on one for the GIL.
    """
    tune_gil()
    warm_imports()
    window.show()
    app.processEvents()
    window.start()


__all__ = ["GIL_SWITCH_INTERVAL_S", "show_and_start", "tune_gil", "warm_imports"]
