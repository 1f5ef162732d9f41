"""The console window at storm scale: start-up stalls, load time, live position updates.

Run (offscreen):  QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \
                  python bench/bench_window.py [--storm 5000] [--db URL] [--rounds 3]

A 5 ms QTimer heartbeat runs on the GUI thread; a stall is the gap between two beats minus the
interval, i.e. how long the window could not react. The window is opened the way the console
opens it (console.ui.startup.show_and_start). Reported:
  before shown   MainWindow() (widgets, web engine profile, page object): nothing is on screen yet
  after shown    from window.show() until the tables are filled, the map has drawn everything
                 and no worker is busy: the figure the issue bounds (200 ms)
  positions      every technician gets a new fix in one import from another thread (as the
                 position receiver would); the window's ChangeWatcher thread wakes on the commit,
                 reads the batch and hands it to the GUI thread: time until board and map show it
  push           the same update handed straight to dispatchMap.movePositions (page cost only)
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.ui.app import make_app  # noqa: E402

HEARTBEAT_MS = 5
SETTLE_S = 0.5  # after loading: this long with no worker busy ends the load phase


@dataclass
class Fix:
    device_id: str
    fixed_at: datetime
    lat: float
    lon: float
    speed_kmh: float | None = None
    heading: float | None = None
    altitude: float | None = None
    accuracy_m: float | None = 8.0
    battery: float | None = None
    source: str = "demo"


class Heartbeat:
    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.gaps: list[tuple[float, float]] = []  # (gap start, stall seconds)

    def start(self):
        self.last = time.perf_counter()
        self.timer.start()

    def mark(self) -> float:
        """Count stalls from now on (code the bench runs itself is not the window's stall)."""
        self.last = time.perf_counter()
        return self.last

    def _beat(self):
        now = time.perf_counter()
        stall = now - self.last - HEARTBEAT_MS / 1000
        if stall > 0.015:
            self.gaps.append((self.last, stall))
        self.last = now

    def worst(self, start: float, end: float) -> float:
        return max((s for at, s in self.gaps if start <= at < end), default=0.0)

    def longest(self, start: float, end: float, n: int = 5) -> list[tuple[float, float]]:
        return sorted(((at, s) for at, s in self.gaps if start <= at < end), key=lambda g: -g[1])[:n]


def wait(app, predicate, timeout=120.0):
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("timed out")
        app.processEvents()
        time.sleep(0.001)  # only the bench's own loop; the heartbeat sees the GUI thread's work


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--storm", type=int, default=5000)
    ap.add_argument("--db", help="use this database instead of a fresh storm")
    ap.add_argument("--rounds", type=int, default=3, help="position-update rounds")
    ap.add_argument("--demo", action="store_true", help="the small demo instead of a storm (baseline)")
    args = ap.parse_args()

    app = make_app()
    from console.map import js_call
    from console.services import demo, positions, technicians
    from console.services.uow import Db
    from console.ui.main_window import MainWindow
    from console.ui.startup import show_and_start

    tmp = tempfile.TemporaryDirectory()
    if args.db:
        db = Db.open(args.db)
    elif args.demo:
        db = Db.open(f"sqlite:///{Path(tmp.name) / 'demo.sqlite3'}")
        demo.load_demo(db)
    else:
        db = Db.open(f"sqlite:///{Path(tmp.name) / 'storm.sqlite3'}")
        t0 = time.perf_counter()
        demo.load_storm(db, args.storm, seed=1)
        print(f"storm of {args.storm} outages generated in {time.perf_counter() - t0:.2f} s")

    beat = Heartbeat()
    beat.start()
    t_create = beat.mark()
    window = MainWindow(db, "none", cache_dir=Path(tmp.name) / "cache", web_cache_dir=None)
    window.resize(1600, 1000)
    t_built = time.perf_counter()
    marks = {}
    window.snapshot_applied.connect(lambda: marks.setdefault("tables", time.perf_counter()))
    window.map_drawn.connect(lambda c: marks.setdefault("map", time.perf_counter()))
    window.map_view.ready.connect(lambda: marks.setdefault("ready", time.perf_counter()))
    t_show = beat.mark()
    show_and_start(window, app)
    wait(app, window.is_loaded)
    t_loaded = time.perf_counter()
    idle_since = [None]

    def settled() -> bool:
        if window.workers.in_flight():
            idle_since[0] = None
            return False
        idle_since[0] = idle_since[0] or time.perf_counter()
        return time.perf_counter() - idle_since[0] >= SETTLE_S

    wait(app, settled)
    t_idle = idle_since[0]
    counts = window.map_counts()
    print(f"before shown: MainWindow() took {ms(t_built - t_create)} (widgets, web engine profile and page; "
          f"nothing on screen yet)")
    print(f"load: page ready {ms(marks['ready'] - t_show)} after show, tables filled after "
          f"{ms(marks['tables'] - t_show)}, map drawn after {ms(marks['map'] - t_show)} ({counts['outages']} "
          f"outages, {counts['technicians']} technicians, {counts['depots']} depots); workers idle after "
          f"{ms(t_idle - t_show)}")
    print(f"after shown: longest GUI stall {ms(beat.worst(t_show, t_idle))} until loaded and idle "
          f"({ms(beat.worst(t_show, t_loaded))} until tables and map were done); the longest: "
          + ", ".join(f"{ms(s)} at +{ms(at - t_show)}" for at, s in beat.longest(t_show, t_idle)))

    techs = [t for t in technicians.list_technicians(db, with_stock=False) if t.device_id and t.lat is not None]
    probe = techs[0]
    for round_no in range(1, args.rounds + 1):
        fixed_at = datetime.now(UTC) + timedelta(seconds=round_no)
        fixes = [(t.device_id, Fix(t.device_id, fixed_at, t.lat + 0.001 * round_no, t.lon + 0.001 * round_no))
                 for t in techs]
        applied: list[tuple[float, int]] = []
        window.delta_applied.connect(lambda d, applied=applied: applied.append((time.perf_counter(), len(d.technicians))))
        t0 = beat.mark()
        writer = threading.Thread(target=positions.import_fixes, args=(db, fixes))
        writer.start()
        wait(app, lambda applied=applied: sum(n for _t, n in applied) >= len(techs))
        writer.join()
        t_board = applied[-1][0]
        seen: dict = {}
        # Calls into the page run in order: the answer comes after the delta's own update has run.
        window.map_view.call("position", "technician", probe.id,
                             callback=lambda p, seen=seen: seen.setdefault("t", (time.perf_counter(), p)))
        wait(app, lambda seen=seen: "t" in seen)
        window.delta_applied.disconnect()
        t_map, where = seen["t"]
        want = [probe.lat + 0.001 * round_no, probe.lon + 0.001 * round_no]
        if not where or max(abs(a - b) for a, b in zip(where, want)) > 1e-6:
            raise RuntimeError(f"map shows technician {probe.id} at {where}, expected {want}")
        print(f"positions round {round_no}: {len(techs)} technicians moved in one import; through the change "
              f"watcher on the board after {ms(t_board - t0)} ({len(applied)} batch(es)), on the map after "
              f"{ms(t_map - t0)}; longest GUI stall {ms(beat.worst(t0, t_map))}")

    moves = [{"id": t.id, "lat": t.lat + 0.01, "lon": t.lon + 0.01,
              "fix_at": datetime.now(UTC).isoformat()} for t in techs]
    t0 = beat.mark()
    done = {}
    source = js_call("movePositions", moves)
    t_js = time.perf_counter()
    window.map_view.run_js(source, lambda n: done.setdefault("t", time.perf_counter()))
    wait(app, lambda: "t" in done)
    print(f"push: movePositions for {len(moves)} technicians: JSON {len(source) / 1024:.0f} KiB built in "
          f"{(t_js - t0) * 1000:.1f} ms, page done after {ms(done['t'] - t0)}; "
          f"longest GUI stall {ms(beat.worst(t0, done['t']))}")

    window.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
