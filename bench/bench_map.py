"""Map page at storm scale: our canvas page against a naive folium page, and live position pushes.

Run:  QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \
      PYTHONPATH=. python bench/bench_map.py [--outages 5000] [--technicians 333] [--depots 30] [--rounds 3]

Measures (a) build_page + write time and load-to-ready time of our page in an offscreen
QWebEngineView, (b) the same for a naive folium page with one folium object per feature
(CircleMarker per outage, Marker per technician and depot, PolyLine per technician's job;
its CDN links swapped for the local Leaflet so both pages load offline), their ratio,
(c) the runJavaScript round trip of one movePositions call for every technician, and the
longest GUI-thread stall seen in each phase (a 5 ms heartbeat timer on the GUI thread).

Kept fair: both pages get the same records; both builds start from those records and end
with the page and its assets on disk; both are "ready" only when every outage, technician,
depot and job line is on the page and a frame has been painted after that; every timed load
starts from the same small page with the previous page's garbage collected.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
# gc() in the page: the garbage one timed page leaves behind is collected before the next one starts.
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] += " --js-flags=--expose-gc"

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.map import assets, js_call, map_data, write_page  # noqa: E402
from console.map.palette import STATUS_COLORS  # noqa: E402

# Readiness for both pages: the condition holds and a frame has been painted since it first did
# (canvas drawing and SVG layout both happen after the script that adds the features returns).
PAINTED = """(function () {
  if (!(%s)) { return false; }
  if (window.__benchPainted) { return true; }
  if (!window.__benchFrame) {
    window.__benchFrame = true;
    requestAnimationFrame(function () { setTimeout(function () { window.__benchPainted = true; }, 0); });
  }
  return false;
})()"""

STATUSES = ["reported", "assigned", "en_route", "on_site", "waiting_for_material", "restored", "cancelled"]
TECH_STATUSES = ["available", "assigned", "en_route", "on_site", "restocking"]


def storm(n_outages: int, n_techs: int, n_depots: int, seed: int = 7) -> dict:
    """Raw records, shaped like the services' read models (datetimes, not text)."""
    rnd = random.Random(seed)
    now = datetime(2024, 9, 12, 15, 0, tzinfo=UTC)

    def spot():  # south-east Sweden, roughly Kalmar and Kronoberg counties
        return round(rnd.uniform(56.2, 58.2), 5), round(rnd.uniform(14.5, 16.9), 5)

    outages = []
    for i in range(1, n_outages + 1):
        lat, lon = spot()
        outages.append({"id": i, "title": f"Outage {i} <fiber cut>", "lat": lat, "lon": lon,
                        "status": rnd.choice(STATUSES), "customers": rnd.randint(1, 900),
                        "eta": now + timedelta(hours=rnd.randint(1, 72)),
                        "overdue": rnd.random() < 0.1, "dark": rnd.random() < 0.2})
    techs = []
    for i in range(1, n_techs + 1):
        lat, lon = spot()
        job = outages[rnd.randrange(len(outages))]
        techs.append({"id": 10000 + i, "name": f"Technician {i}", "lat": lat, "lon": lon,
                      "fix_at": now - timedelta(minutes=rnd.randint(0, 30)),
                      "status": rnd.choice(TECH_STATUSES), "outage_id": job["id"],
                      "outage_lat": job["lat"], "outage_lon": job["lon"]})
    depots = []
    for i in range(1, n_depots + 1):
        lat, lon = spot()
        depots.append({"id": 20000 + i, "name": f"Depot {i}", "lat": lat, "lon": lon})
    return {"outages": outages, "technicians": techs, "depots": depots}


def naive_page(data: dict) -> str:
    """What a first attempt looks like: one folium object per feature, folium's defaults otherwise."""
    fmap = folium.Map(location=[57.2, 15.7], zoom_start=8, tiles=None)
    for o in data["outages"]:
        folium.CircleMarker(
            [o["lat"], o["lon"]], radius=5 + (o["customers"] ** 0.5) * 0.5, color="#ffffff", weight=1,
            fill=True, fill_color=STATUS_COLORS[o["status"]], fill_opacity=0.85,
            tooltip=f"{o['title']} — {o['status']}",
        ).add_to(fmap)
    for t in data["technicians"]:
        folium.Marker([t["lat"], t["lon"]], tooltip=t["name"]).add_to(fmap)
        folium.PolyLine([[t["lat"], t["lon"]], [t["outage_lat"], t["outage_lon"]]], dash_array="6 5").add_to(fmap)
    for d in data["depots"]:
        folium.Marker([d["lat"], d["lon"]], tooltip=d["name"]).add_to(fmap)
    page = fmap.get_root().render()
    # Same local Leaflet as ours, so the comparison is drawing cost, not the network.
    lines = []
    for line in page.splitlines():
        if "<script src=\"http" in line or "<link rel=\"stylesheet\" href=\"http" in line:
            if "leaflet@" in line and line.strip().startswith("<script"):
                line = '<script src="assets/leaflet/leaflet.js"></script>'
            elif "leaflet@" in line:
                line = '<link rel="stylesheet" href="assets/leaflet/leaflet.css"/>'
            else:
                continue
        lines.append(line)
    return "\n".join(lines)


class Heartbeat:
    """Longest gap between 5 ms ticks on the GUI thread: how long the GUI was unresponsive."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.longest = 0

    def _tick(self):
        self.longest = max(self.longest, self.clock.restart())

    def start(self):
        self.longest = 0
        self.clock.start()
        self.timer.start()

    def stop(self) -> int:
        self._tick()
        self.timer.stop()
        return self.longest


class Bench:
    def __init__(self):
        self.profile = QWebEngineProfile()
        self.page = QWebEnginePage(self.profile)
        self.view = QWebEngineView()
        self.view.setPage(self.page)
        self.view.resize(1400, 900)
        self.view.show()
        self.heartbeat = Heartbeat()

    def js(self, source: str):
        box: list = []
        loop = QEventLoop()

        def done(result):
            box.append(result)
            loop.quit()

        self.page.runJavaScript(source, 0, done)
        if not box:
            loop.exec()
        return box[0]

    def load_until(self, url: QUrl, ready_js: str, timeout_s: float = 120.0) -> float:
        # Until the new document answers, the old one may still be there (and be "ready").
        ready_js = f"document.URL === {json.dumps(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))} && ({ready_js})"
        start = time.perf_counter()
        self.page.load(url)
        while time.perf_counter() - start < timeout_s:
            if self.js(ready_js) is True:
                return time.perf_counter() - start
            loop = QEventLoop()
            QTimer.singleShot(2, loop.quit)
            loop.exec()
        raise RuntimeError(f"page not ready after {timeout_s} s: {url.toString()}")

    def settle(self, blank: QUrl) -> None:
        """The small page, with the previous page's garbage collected, before a timed load."""
        self.load_until(blank, "document.readyState === 'complete'")
        self.js("typeof gc === 'function' ? (gc(), gc(), true) : false")

    def close(self):
        import shiboken6

        self.view.close()
        shiboken6.delete(self.view)
        shiboken6.delete(self.page)
        shiboken6.delete(self.profile)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outages", type=int, default=5000)
    parser.add_argument("--technicians", type=int, default=333)
    parser.add_argument("--depots", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    data = storm(args.outages, args.technicians, args.depots)
    n_features = sum(len(v) for v in data.values())
    print(f"storm data: {len(data['outages'])} outages, {len(data['technicians'])} technicians, "
          f"{len(data['depots'])} depots")

    bench = Bench()
    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    try:
        warm = tmp / "warm.html"
        warm.write_text("<!DOCTYPE html><p>warm-up</p>", encoding="utf-8")
        blank = QUrl.fromLocalFile(str(warm))
        bench.load_until(blank, "document.readyState === 'complete'")

        # Both: every outage, technician and depot (and each technician's line) is on the page,
        # then one painted frame.
        want = {"outages": len(data["outages"]), "technicians": len(data["technicians"]), "depots": len(data["depots"])}
        ours_ready = PAINTED % ("window.dispatchMapReady === true && "
                                f"JSON.stringify(window.dispatchMap.counts()) === {json.dumps(json.dumps(want, separators=(',', ':')))}")
        naive_ready = PAINTED % (
            "typeof L !== 'undefined' && document.querySelectorAll('path.leaflet-interactive').length"
            f" === {len(data['outages']) + len(data['technicians'])} && "
            f"document.querySelectorAll('.leaflet-marker-icon').length === {len(data['technicians']) + len(data['depots'])}")
        ours, naive = [], []
        for r in range(args.rounds):
            t0 = time.perf_counter()
            index = write_page(tmp / f"ours{r}", map_data(**data), "none")
            build = time.perf_counter() - t0
            # Each timed load starts from the same small page, so neither pays for tearing down the other.
            bench.settle(blank)
            bench.heartbeat.start()
            load = bench.load_until(QUrl.fromLocalFile(str(index)), ours_ready)
            ours.append((build, load, bench.heartbeat.stop()))
            print(f"  round {r}: ours build {build * 1000:.0f} ms, load-to-ready {load * 1000:.0f} ms")

            t0 = time.perf_counter()
            page = naive_page(data)
            naive_dir = tmp / f"naive{r}"
            assets.copy_assets(naive_dir)
            (naive_dir / "index.html").write_text(page, encoding="utf-8")
            build_n = time.perf_counter() - t0
            bench.settle(blank)
            bench.heartbeat.start()
            load_n = bench.load_until(QUrl.fromLocalFile(str(naive_dir / "index.html")), naive_ready)
            naive.append((build_n, load_n, bench.heartbeat.stop()))
            print(f"  round {r}: naive build {build_n * 1000:.0f} ms, load-to-ready {load_n * 1000:.0f} ms")

        def report(name, rows):
            build = statistics.median(b for b, _, _ in rows)
            load = statistics.median(lo for _, lo, _ in rows)
            stall = max(s for _, _, s in rows)
            print(f"{name:>6}: build {build * 1000:8.1f} ms   load-to-ready {load * 1000:8.1f} ms   "
                  f"total {(build + load) * 1000:8.1f} ms   longest GUI stall {stall} ms   (median of {len(rows)})")
            return build + load

        print(f"{n_features} features; build = records to page on disk (ours: map_data + build_page + write)")
        total_ours = report("ours", ours)
        total_naive = report("naive", naive)
        print(f" ratio: naive / ours = {total_naive / total_ours:.1f}x")

        # (c) position pushes on our page
        bench.load_until(QUrl.fromLocalFile(str(tmp / "ours0" / "index.html")), ours_ready)
        rnd = random.Random(3)
        techs = data["technicians"]
        round_trips, encode = [], []
        bench.heartbeat.start()
        for m in range(args.moves):
            fix = (datetime(2024, 9, 12, 15, 0, tzinfo=UTC) + timedelta(seconds=10 * m)).isoformat()
            t0 = time.perf_counter()
            moves = [{"id": t["id"], "lat": t["lat"] + rnd.uniform(-0.01, 0.01),
                      "lon": t["lon"] + rnd.uniform(-0.01, 0.01), "fix_at": fix} for t in techs]
            source = js_call("movePositions", moves)
            t1 = time.perf_counter()
            moved = bench.js(source)
            t2 = time.perf_counter()
            if int(moved) != len(techs):
                raise RuntimeError(f"movePositions moved {moved} of {len(techs)}")
            encode.append(t1 - t0)
            round_trips.append(t2 - t1)
        stall = bench.heartbeat.stop()
        print(f"movePositions of {len(techs)} technicians: round trip median "
              f"{statistics.median(round_trips) * 1000:.1f} ms, max {max(round_trips) * 1000:.1f} ms; "
              f"building the call in Python {statistics.median(encode) * 1000:.2f} ms; "
              f"longest GUI stall {stall} ms ({args.moves} pushes)")
    finally:
        bench.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
