"""The region's basemap at county size on a storm: import, the page call, and the window's first draw.

    .venv/bin/python bench/bench_basemap.py [--roads 60000] [--storm 300]

Writes a synthetic extract (short wandering roads of every class, lakes, villages) over the storm's
box with pyosmium, imports it into a storm database, then times: serialising the page call (done in
the snapshot worker, once per import), and `--tiles none --screenshot` of the window with and
without the region (whole process, the page's painting included). Prints the page call's size.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.services import Db, region  # noqa: E402
from tests.osm_extracts import write_extract  # noqa: E402

BOX = (56.15, 14.30, 58.75, 16.95)  # the storm demo's box (services/demo.py)
CLASSES = [("residential", 0.35), ("track", 0.2), ("unclassified", 0.15), ("service", 0.15),
           ("tertiary", 0.1), ("secondary", 0.04), ("primary", 0.01)]


def synthetic(path: Path, roads: int, seed: int = 15) -> Path:
    rng = random.Random(seed)
    nodes, ways = {}, []
    kinds = [k for k, _ in CLASSES]
    weights = [w for _, w in CLASSES]

    def new(lat, lon):
        nodes[len(nodes) + 1] = (lat, lon)
        return len(nodes)

    for _ in range(roads):
        lat, lon = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
        heading = rng.uniform(0, 2 * math.pi)
        refs = [new(lat, lon)]
        for _ in range(rng.randint(4, 16)):
            heading += rng.uniform(-0.4, 0.4)
            lat += 0.0012 * math.sin(heading)
            lon += 0.002 * math.cos(heading)
            refs.append(new(lat, lon))
        ways.append((refs, {"highway": rng.choices(kinds, weights)[0]}))
    for _ in range(roads // 20):  # lakes
        lat, lon, r = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3]), rng.uniform(0.002, 0.02)
        ring = [new(lat + r * math.sin(a / 12 * 2 * math.pi), lon + 1.8 * r * math.cos(a / 12 * 2 * math.pi))
                for a in range(12)]
        ways.append((ring + [ring[0]], {"natural": "water"}))
    places = [(f"By {i}", rng.choice(["village", "hamlet", "town"]), rng.uniform(BOX[0], BOX[2]),
               rng.uniform(BOX[1], BOX[3])) for i in range(roads // 60)]
    return write_extract(path, nodes, ways, places)


def screenshot(url: str, out: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu"}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "dispatch-console"), "--db", url, "--tiles", "none", "--screenshot", str(out)],
                   env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roads", type=int, default=60_000)
    parser.add_argument("--storm", type=int, default=300)
    args = parser.parse_args()
    from console.services import demo, depots
    from console.ui.data import basemap_key, basemap_script

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/storm.sqlite3"
        db = Db.open(url, actor="bench")
        demo.load_storm(db, args.storm, seed=7)
        t = time.perf_counter()
        pbf = synthetic(Path(tmp) / "county.osm.pbf", args.roads)
        print(f"wrote {pbf.stat().st_size / 1e6:.1f} MB extract in {time.perf_counter() - t:.1f} s")
        plain = screenshot(url, Path(tmp) / "plain.png")
        view = region.import_region(db, pbf)
        print(f"import: {view.roads} roads, {view.water} water, {view.places} places in {view.seconds:.1f} s")
        t = time.perf_counter()
        _, script = basemap_script(db, basemap_key(db, depots.list_depots(db, with_stock=False)))
        print(f"page call: {len(script) / 1e6:.1f} MB, made in {time.perf_counter() - t:.2f} s (once per import)")
        with_region = screenshot(url, Path(tmp) / "region.png")
        print(f"--tiles none --screenshot, {args.storm} outages: {plain:.1f} s without the region, "
              f"{with_region:.1f} s with it")


if __name__ == "__main__":
    main()
