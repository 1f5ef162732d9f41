"""How long the shift handover takes at storm scale (issue 6: `demo --storm 5000` must finish).

Run: python bench/bench_handover.py [N] [--repeat R] [--lang sv|en] [--keep FILE.pdf]
Loads a storm of N outages into a temporary SQLite database once, then times gathering the
handover data and rendering the PDF, R times each, and prints the pages and file size.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.reports.handover_pdf import render_handover  # noqa: E402
from console.services import Db, demo  # noqa: E402
from console.services.handover import collect_handover  # noqa: E402
from console.store.engine import dispose_all  # noqa: E402


def _fmt(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s  (runs: {', '.join(f'{x:.2f}' for x in values)})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="sv", choices=["sv", "en"])
    ap.add_argument("--keep", metavar="PDF", help="copy the last PDF here to look at")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Db.open(f"sqlite:///{Path(tmp) / 'storm.sqlite3'}", actor="bench")
        t0 = time.perf_counter()
        summary = demo.load_storm(db, args.n, seed=1)
        print(f"storm {args.n}: {summary.outages} outages, {summary.technicians} technicians, "
              f"{summary.depots} depots, loaded in {time.perf_counter() - t0:.1f} s")
        collects, renders, cpu, steps = [], [], [], []
        out = Path(tmp) / "handover.pdf"
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            data = collect_handover(db)
            collects.append(time.perf_counter() - t0)
            steps.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            result = render_handover(data, out, lang=args.lang, progress=lambda f, m: steps.append(f))
            renders.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(f"collect  {_fmt(collects)}")
        print(f"render   {_fmt(renders)}")
        print(f"render   CPU {_fmt(cpu)}  (wall time above includes waiting on a busy machine)")
        print(f"total    median {statistics.median(collects) + statistics.median(renders):.2f} s")
        print(f"{len(data.outages)} open outages, {data.eta_changes_in_shift} ETA changes in the shift, "
              f"{len(data.technicians)} technicians -> {result.pages} pages, "
              f"{os.path.getsize(out) / 1e6:.1f} MB, {len(steps)} progress reports")
        if args.keep:
            shutil.copyfile(out, args.keep)
        dispose_all()


if __name__ == "__main__":
    main()
