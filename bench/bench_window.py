"""The console window at storm scale: load time, longest GUI-thread stall, live position updates.

Run (offscreen):  QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \
                  python bench/bench_window.py [--storm 5000] [--db URL] [--rounds 3]

A 5 ms QTimer heartbeat runs on the GUI thread the whole time; a stall is the gap between two
beats minus the interval, so the longest stall is the longest time the window could not react.
Phases measured:
  load      window.start() until the tables hold the data and the map has drawn all of it
  positions every technician gets a new fix in one import (from another thread, as the
            position receiver would), until board and map show them
  push      the same update handed straight to dispatchMap.movePositions (page cost only)
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.ui.app import make_app  # noqa: E402

HEARTBEAT_MS = 5


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
        self.last = None
        self.worst = 0.0
        self.gaps: list[tuple[float, float]] = []  # (when the gap ended, stall seconds)

    def start(self):
        self.last = time.perf_counter()
        self.timer.start()

    def reset(self):
        self.worst = 0.0
        self.gaps = []
        self.last = time.perf_counter()

    def _beat(self):
        now = time.perf_counter()
        stall = now - self.last - HEARTBEAT_MS / 1000
        self.worst = max(self.worst, stall)
        if stall > 0.02:
            self.gaps.append((now, stall))
        self.last = now

    def worst_between(self, start: float, end: float) -> float:
        return max((s for at, s in self.gaps if start <= at - s and at <= end + 1e-3), default=0.0)


def wait(app, predicate, timeout=120.0):
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("timed out")
        app.processEvents()
        time.sleep(0.001)  # only the bench's own loop; the heartbeat sees the GUI thread's work


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
    window = MainWindow(db, "none", cache_dir=Path(tmp.name) / "cache", web_cache_dir=None)
    window.resize(1600, 1000)
    window.show()
    marks = {}
    window.snapshot_applied.connect(lambda: marks.setdefault("tables", time.perf_counter()))
    window.map_drawn.connect(lambda c: marks.setdefault("map", time.perf_counter()))
    window.map_view.ready.connect(lambda: marks.setdefault("ready", time.perf_counter()))
    beat.reset()
    t0 = time.perf_counter()
    window.start()
    wait(app, window.is_loaded)
    load_stall = beat.worst
    counts = window.map_counts()
    print(f"load: tables filled after {marks['tables'] - t0:.2f} s, map drawn after {marks['map'] - t0:.2f} s "
          f"({counts['outages']} outages, {counts['technicians']} technicians, {counts['depots']} depots)")
    done_at = time.perf_counter()
    print(f"load: longest GUI stall {load_stall * 1000:.0f} ms overall; until the page was ready (web engine "
          f"start-up, no data yet, at {marks['ready'] - t0:.2f} s) "
          f"{beat.worst_between(t0, marks['ready']) * 1000:.0f} ms; "
          f"after that (data into tables and map) {beat.worst_between(marks['ready'], done_at) * 1000:.0f} ms")

    techs = [t for t in technicians.list_technicians(db, with_stock=False) if t.device_id and t.lat is not None]
    for round_no in range(1, args.rounds + 1):
        fixed_at = datetime.now(timezone.utc) + timedelta(seconds=round_no)
        fixes = [(t.device_id, Fix(t.device_id, fixed_at, t.lat + 0.001 * round_no, t.lon + 0.001 * round_no))
                 for t in techs]
        applied = []
        window.delta_applied.connect(lambda d: applied.append((time.perf_counter(), len(d.technicians))))
        beat.reset()
        t0 = time.perf_counter()
        writer = threading.Thread(target=positions.import_fixes, args=(db, fixes))
        writer.start()
        wait(app, lambda: any(n >= len(techs) for _t, n in applied))
        writer.join()
        seen = {}
        window.map_view.call("counts", callback=lambda c: seen.setdefault("t", time.perf_counter()))
        wait(app, lambda: "t" in seen)
        window.delta_applied.disconnect()
        t_board = next(t for t, n in applied if n >= len(techs))
        print(f"positions round {round_no}: {len(techs)} technicians moved; on the board after "
              f"{(t_board - t0) * 1000:.0f} ms (poll interval 1500 ms included), on the map after "
              f"{(seen['t'] - t0) * 1000:.0f} ms; longest GUI stall {beat.worst * 1000:.0f} ms")

    moves = [{"id": t.id, "lat": t.lat + 0.01, "lon": t.lon + 0.01,
              "fix_at": datetime.now(timezone.utc).isoformat()} for t in techs]
    beat.reset()
    t0 = time.perf_counter()
    done = {}
    source = js_call("movePositions", moves)
    t_js = time.perf_counter()
    window.map_view.run_js(source, lambda n: done.setdefault("t", time.perf_counter()))
    wait(app, lambda: "t" in done)
    print(f"push: movePositions for {len(moves)} technicians: JSON {len(source) / 1024:.0f} KiB built in "
          f"{(t_js - t0) * 1000:.1f} ms, page done after {(done['t'] - t0) * 1000:.0f} ms; "
          f"longest GUI stall {beat.worst * 1000:.0f} ms")

    window.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
