"""Region import and road routing on a synthetic county-sized network, geodesic figures beside.

    .venv/bin/python bench/bench_region.py [--scale small|county|large] [--repeat 2]

Writes a county-like extract over the Kalmar county coast (no download: tests/osm_extracts.py's
county_extract, a grid of short ways with bend nodes, a mix of classes and oneways, and buildings
the import must pass over), imports it into a throwaway SQLite database in a child process, so its
peak resident memory (numpy's and libosmium's C memory included, not only Python's)
is the import's own (VmHWM), then times loading the graph, one trip and the 333 technicians x 30 depots
matrix. The machine may be shared: --repeat runs each figure that many times and keeps the best.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.domain.travel import DEFAULT_TRAVEL  # noqa: E402
from console.gateways.geodesic import GeodesicProvider  # noqa: E402
from console.gateways.road_graph import RoadGraph, RoadProvider  # noqa: E402
from console.services import Db  # noqa: E402
from console.services import region  # noqa: E402
from tests.osm_extracts import county_extract  # noqa: E402

BOX = (57.0, 16.0, 57.9, 16.7)
# grid step (degrees of latitude between junctions), bend nodes between junctions, buildings per cell
SCALES = {"small": (0.004, 2, 2), "county": (0.002, 2, 2), "large": (0.001, 2, 1)}


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (Linux): VmRSS now, VmHWM its peak. Not
    ru_maxrss: Linux carries that over from the forked parent across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _import_child(pbf: str, url: str) -> None:
    """Run in a fresh process: the import alone, then its figures as one JSON line."""
    baseline = _status_mb("VmRSS")
    view = region.import_region(Db.open(url, actor="bench"), pbf)
    print(json.dumps({"nodes": view.nodes, "edges": view.edges, "seconds": view.seconds,
                      "roads": view.roads, "baseline_mb": baseline, "peak_mb": _status_mb("VmHWM")}))


def _count(pbf: Path) -> tuple[int, int, int]:
    """OSM nodes, ways, and nodes on highways in the file (what a real extract's statistics give)."""
    import osmium

    nodes = ways = on_roads = 0
    for obj in osmium.FileProcessor(str(pbf), osmium.osm.NODE | osmium.osm.WAY):
        if obj.is_node():
            nodes += 1
        else:
            ways += 1
            if "highway" in obj.tags:
                on_roads += len(obj.nodes)
    return nodes, ways, on_roads


def _best(repeat: int, fn):
    return min(fn() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=sorted(SCALES), default="county")
    parser.add_argument("--step", type=float, help="grid step in degrees of latitude (overrides the scale's)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the best is kept")
    parser.add_argument("--keep", type=Path, help="write the extract here and keep it")
    args = parser.parse_args()
    step, shape, buildings = SCALES[args.scale]
    step = args.step or step
    with tempfile.TemporaryDirectory() as tmp:
        pbf = args.keep or Path(tmp) / "county.osm.pbf"
        started = time.perf_counter()
        if not (args.keep and args.keep.exists()):
            county_extract(pbf, *BOX, step_deg=step, shape=shape, buildings=buildings)
            print(f"wrote {pbf.stat().st_size / 1e6:.1f} MB extract in {time.perf_counter() - started:.1f} s")
        nodes, ways, on_roads = _count(pbf)
        print(f"extract: {nodes:,} OSM nodes, {ways:,} ways, {on_roads:,} nodes on highways")
        url = f"sqlite:///{tmp}/bench.sqlite3"
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, __file__, "--child", str(pbf), url], check=True,
                                 capture_output=True, text=True).stdout
            runs.append(json.loads(out.splitlines()[-1]))
        fig = min(runs, key=lambda r: r["seconds"])
        times = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        print(f"import: {fig['nodes']:,} graph nodes, {fig['edges']:,} edges, {fig['roads']:,} basemap roads "
              f"in {fig['seconds']:.1f} s (runs: {times} s); "
              f"peak RSS {min(r['peak_mb'] for r in runs):.0f} MB "
              f"(of which {fig['baseline_mb']:.0f} MB the interpreter and libraries before the import); "
              f"{fig['seconds'] / on_roads * 1e6:.2f} µs and "
              f"{(min(r['peak_mb'] for r in runs) - fig['baseline_mb']) * 1e6 / on_roads:.0f} B per highway node")
        db = Db.open(url, actor="bench")
        with db.read() as session:
            blob = region.graph_in(session).blob

        def load():
            t = time.perf_counter()
            RoadGraph.from_bytes(blob)
            return time.perf_counter() - t

        print(f"graph: {len(blob) / 1e6:.1f} MB stored, loaded for routing in {_best(args.repeat, load):.1f} s "
              f"(once per import per workstation)")
        graph = RoadGraph.from_bytes(blob)
        road, straight = RoadProvider(graph, DEFAULT_TRAVEL), GeodesicProvider(DEFAULT_TRAVEL)
        rng = np.random.default_rng(15)
        pts = np.column_stack((rng.uniform(BOX[0], BOX[2], 363), rng.uniform(BOX[1], BOX[3], 363)))
        for name, provider in (("road", road), ("geodesic", straight)):
            def one(provider=provider):
                t = time.perf_counter()
                provider.trip(tuple(pts[0]), tuple(pts[1]))
                return time.perf_counter() - t

            def many(provider=provider):
                t = time.perf_counter()
                provider.matrix(pts[:333], pts[333:])
                return time.perf_counter() - t

            print(f"{name:9s} one trip {_best(args.repeat, one) * 1000:8.1f} ms   "
                  f"333 x 30 matrix {_best(args.repeat, many) * 1000:8.1f} ms")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _import_child(sys.argv[2], sys.argv[3])
    else:
        main()
