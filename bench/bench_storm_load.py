"""How long `demo --storm N` takes on SQLite (issue: well under 30 s for 5,000 outages).

Run: python bench/bench_storm_load.py [N] [--repeat R]
Prints the load time of each run, plus the time to read the open outages back as read models.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.services import Db, demo, outages  # noqa: E402
from console.store.engine import dispose_all  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    loads, reads = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            db = Db.open(f"sqlite:///{Path(tmp) / 'storm.sqlite3'}")
            t0 = time.perf_counter()
            summary = demo.load_storm(db, args.n, seed=1)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            rows = outages.list_outages(db, open_only=True)
            reads.append(time.perf_counter() - t0)
            dispose_all()
    print(f"storm {args.n}: {summary.outages} outages, {summary.technicians} technicians, {summary.depots} depots")
    print(f"load   median {statistics.median(loads):.2f} s  (runs: {', '.join(f'{x:.2f}' for x in loads)})")
    print(f"read {len(rows)} open outages as read models: median {statistics.median(reads) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
