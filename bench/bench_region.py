"""Region import and road routing on a synthetic county-sized network, geodesic figures beside.

    .venv/bin/python bench/bench_region.py [--step 0.004]

Writes a grid of roads over the Kalmar county coast with pyosmium (no download), imports it into
a throwaway SQLite database, then times one trip and the 333 technicians x 30 depots matrix.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.domain.travel import DEFAULT_TRAVEL  # noqa: E402
from console.gateways.geodesic import GeodesicProvider  # noqa: E402
from console.gateways.road_graph import RoadGraph, RoadProvider  # noqa: E402
from console.services import Db  # noqa: E402
from console.services import region  # noqa: E402
from tests.osm_extracts import grid_extract  # noqa: E402

BOX = (57.0, 16.0, 57.9, 16.7)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=float, default=0.004, help="grid step in degrees of latitude")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        pbf = grid_extract(Path(tmp) / "county.osm.pbf", *BOX, step_deg=args.step)
        print(f"wrote {pbf.stat().st_size / 1e6:.1f} MB extract in {time.perf_counter() - started:.1f} s")
        db = Db.open(f"sqlite:///{tmp}/bench.sqlite3", actor="bench")
        tracemalloc.start()
        view = region.import_region(db, pbf)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"import: {view.nodes} nodes, {view.edges} edges in {view.seconds:.1f} s, "
              f"peak Python memory {peak / 1e6:.0f} MB")
        with db.read() as session:
            graph = RoadGraph.from_bytes(region.graph_in(session).blob)
        road, straight = RoadProvider(graph, DEFAULT_TRAVEL), GeodesicProvider(DEFAULT_TRAVEL)
        rng = np.random.default_rng(15)
        pts = np.column_stack((rng.uniform(BOX[0], BOX[2], 363), rng.uniform(BOX[1], BOX[3], 363)))
        for name, provider in (("road", road), ("geodesic", straight)):
            t = time.perf_counter()
            provider.trip(tuple(pts[0]), tuple(pts[1]))
            one = time.perf_counter() - t
            t = time.perf_counter()
            provider.matrix(pts[:333], pts[333:])
            many = time.perf_counter() - t
            print(f"{name:9s} one trip {one * 1000:8.1f} ms   333 x 30 matrix {many * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
