"""How long the ETA charts take: one chart at the window's, the file's and the printout's size,
the accuracy chart, and the handover with and without its charts.

The handover is timed on the demo (Ankarsrum's ETA moved in the shift: one chart) and on a storm
in which many ETAs moved during the shift (the printout draws at most MAX_ETA_CHARTS of them).
Median of --repeat runs after one warm-up (the first chart of a process also pays for importing
matplotlib and reading its fonts, reported on its own).

    PYTHONPATH=. python bench/bench_charts.py [--repeat N] [--storm N] [--moved M]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.startup import wire_gateways  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--storm", type=int, default=500, help="outages in the storm handover")
    parser.add_argument("--moved", type=int, default=40, help="storm outages whose ETA moves in the shift")
    args = parser.parse_args()
    wire_gateways()

    from console.charts.accuracy_model import accuracy_chart
    from console.charts.draw import accuracy_chart_image, eta_chart_image
    from console.charts.eta_model import chart_for
    from console.reports import handover_pdf
    from console.services import demo, eta, outages
    from console.services.accuracy import eta_accuracy
    from console.services.handover import collect_handover
    from console.domain.timeutil import utcnow
    from console.services.uow import Db

    with tempfile.TemporaryDirectory() as tmp:
        db = Db.open(f"sqlite:///{tmp}/demo.sqlite3", actor="bench")
        demo.load_demo(db)
        cut = next(v for v in outages.list_outages(db) if "Ankarsrum" in v.title)
        chart = chart_for(cut, eta.eta_history(db, cut.id), lang="sv")
        t = time.perf_counter()
        eta_chart_image(chart)
        first = (time.perf_counter() - t) * 1000
        rows = [
            ("first chart in a process (imports matplotlib)", first),
            ("window strip 720x300 px, PNG", _median_ms(lambda: eta_chart_image(
                chart, "png", 720 / 96, 300 / 96, dpi=96, font_pt=8.5), args.repeat)),
            ("file 9x4.6 in at 150 dpi, PNG", _median_ms(lambda: eta_chart_image(chart, "png"), args.repeat)),
            ("file 9x4.6 in, SVG", _median_ms(lambda: eta_chart_image(chart, "svg"), args.repeat)),
            ("printout 180x78 mm at 220 dpi, PNG", _median_ms(lambda: eta_chart_image(
                chart, "png", 180 / 25.4, 78 / 25.4, dpi=220, font_pt=8), args.repeat)),
        ]
        now = utcnow()
        report = eta_accuracy(db, now - timedelta(days=30), now)
        acc = accuracy_chart(report.errors, report.since, report.until, lang="sv")
        rows.append(("accuracy chart, PNG 150 dpi", _median_ms(lambda: accuracy_chart_image(acc), args.repeat)))

        data = collect_handover(db)
        out = Path(tmp) / "h.pdf"
        with_charts = _median_ms(lambda: handover_pdf.render_handover(data, out), args.repeat)
        quiet = collect_handover(db, since=now - timedelta(hours=2, minutes=30))  # no ETA moved in this window
        without = _median_ms(lambda: handover_pdf.render_handover(quiet, out), args.repeat)
        rows += [("demo handover, 1 ETA chart + accuracy", with_charts),
                 ("demo handover, shift with no ETA moved (accuracy chart only)", without)]

        storm = Db.open(f"sqlite:///{tmp}/storm.sqlite3", actor="bench")
        demo.load_storm(storm, args.storm)
        views = [v for v in outages.list_outages(storm) if v.current_eta is not None][:args.moved]
        for v in views:
            eta.set_eta(storm, v.id, v.current_eta + timedelta(hours=2), "restock")
        t = time.perf_counter()
        sdata = collect_handover(storm)
        collect_ms = (time.perf_counter() - t) * 1000
        moved = sum(1 for o in sdata.outages if o.eta_moved_in_shift)
        storm_ms = _median_ms(lambda: handover_pdf.render_handover(sdata, out), max(1, args.repeat // 2))
        saved = handover_pdf.MAX_ETA_CHARTS
        handover_pdf.MAX_ETA_CHARTS = 0
        try:
            storm_plain = _median_ms(lambda: handover_pdf.render_handover(sdata, out), max(1, args.repeat // 2))
        finally:
            handover_pdf.MAX_ETA_CHARTS = saved
        rows += [(f"storm of {args.storm}: collect ({moved} ETAs moved)", collect_ms),
                 (f"storm handover, {min(moved, saved)} ETA charts + accuracy", storm_ms),
                 ("storm handover, ETA charts left out", storm_plain)]

    width = max(len(name) for name, _ in rows)
    for name, ms in rows:
        print(f"{name.ljust(width)}  {ms:8.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
