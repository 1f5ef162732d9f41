"""Road travel times from the imported region's graph (scipy.sparse + csgraph), no server needed.

The graph is the compact one `region import` stores: junctions and dead ends as nodes, each edge
the driving seconds and metres of the road between them. A point is snapped to the nearest graph
node (cKDTree on locally projected metres); that snap is driven at a slow speed and reported.
Many origins x few destinations (every technician x every depot) run Dijkstra FROM each
destination over the transposed graph: 30 depots cost 30 runs whatever the roster size.
A pair with no road between them (an island without a ferry), or a point too far from any road,
falls back to the straight-line estimate and says so.
"""
from __future__ import annotations

import io

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from console.domain.road_speeds import SNAP_KMH
from console.domain.travel import DEFAULT_TRAVEL, TravelEstimate, TravelMatrix, TravelSettings

from .geodesic import GeodesicProvider

SOURCE = "road"
FEW_TARGETS = 8  # up to this many, metres are summed along each path; beyond, over the whole tree
MAX_SNAP_KM = 5.0  # farther from any road than this: the graph does not cover the point
EARTH_M_PER_DEG = 111_195.0


class RoadGraph:
    """Nodes (lat, lon) and directed edges (src, dst, seconds, metres) as two csr matrices."""

    def __init__(self, lat, lon, src, dst, seconds, metres):
        self.lat = np.asarray(lat, dtype=float)
        self.lon = np.asarray(lon, dtype=float)
        n = len(self.lat)
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        # Parallel edges: csr_matrix would add them up; keep the quickest by sorting it last-wins.
        order = np.lexsort((-np.asarray(seconds, dtype=float), dst, src))
        src, dst = src[order], dst[order]
        seconds, metres = np.asarray(seconds, dtype=float)[order], np.asarray(metres, dtype=float)[order]
        keep = np.ones(len(src), dtype=bool)
        keep[:-1] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst, seconds, metres = src[keep], dst[keep], seconds[keep], metres[keep]
        # csgraph treats an explicit 0 as "no edge"; a zero-length edge gets a hair of a second.
        seconds = np.maximum(seconds, 1e-3)
        self.time = csr_matrix((seconds, (src, dst)), shape=(n, n))
        self.time_t = self.time.T.tocsr()
        self.length = csr_matrix((np.maximum(metres, 1e-3), (src, dst)), shape=(n, n))
        # Edges sorted by (src, dst), one each: an edge's metres are found by its key, no dict per edge.
        self._edge_key = src * n + dst
        self._edge_m = np.maximum(metres, 1e-3)
        self.lat0 = float(np.mean(self.lat)) if n else 0.0
        self._tree = cKDTree(self._project(self.lat, self.lon)) if n else None

    @classmethod
    def from_bytes(cls, blob: bytes) -> RoadGraph:
        with np.load(io.BytesIO(blob)) as data:
            return cls(data["lat"], data["lon"], data["src"], data["dst"], data["seconds"], data["metres"])

    @property
    def nodes(self) -> int:
        return len(self.lat)

    def _project(self, lat, lon):
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        return np.column_stack((lon * np.cos(np.radians(self.lat0)), lat)) * EARTH_M_PER_DEG

    def snap(self, points):
        """Nearest node and distance in km for each (lat, lon)."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        metres, index = self._tree.query(self._project(points[:, 0], points[:, 1]))
        return index, metres / 1000.0

    def _lengths_along(self, predecessors, source: int, targets) -> np.ndarray:
        """Road metres of the quickest path from each target to source. The predecessors of a
        reverse search form a tree rooted at source (each node points one step nearer it along an
        original edge); pointer jumping sums every node's metres to the root in a few array passes."""
        n = len(predecessors)
        if len(targets) <= FEW_TARGETS:
            return np.array([self._walk_to(predecessors, source, int(t)) for t in targets], dtype=float)
        up = np.asarray(predecessors, dtype=np.int64)
        reached = up >= 0
        nodes = np.flatnonzero(reached)
        total = np.zeros(n)
        total[nodes] = self._edge_m[np.searchsorted(self._edge_key, nodes * n + up[nodes])]
        up = np.where(reached, up, np.arange(n))  # the source and the unreached point at themselves
        while True:
            further = up[up]
            if np.array_equal(further, up):
                break
            total += total[up]
            up = further
        targets = np.asarray(targets, dtype=np.int64)
        return np.where(reached[targets] | (targets == source), total[targets], np.nan)

    def _walk_to(self, predecessors, source: int, target: int) -> float:
        """Road metres from target to source along one path of the predecessor tree: for a trip,
        cheaper than summing over the whole tree."""
        if target != source and predecessors[target] < 0:
            return np.nan
        chain, node = [], target
        while node != source:
            chain.append(node)
            node = int(predecessors[node])
        if not chain:
            return 0.0
        chain = np.array(chain, dtype=np.int64)
        n = len(predecessors)
        steps = self._edge_m[np.searchsorted(self._edge_key, chain * n + predecessors[chain])]
        return float(np.cumsum(steps[::-1])[-1])

    def path(self, origin, destination) -> list[tuple[float, float]]:
        """The road path's points (lat, lon) from origin to destination; [] when none."""
        (a, b), _ = self.snap([origin, destination])
        _, predecessors = dijkstra(self.time, indices=int(a), return_predecessors=True)
        if a != b and predecessors[b] < 0:
            return []
        nodes, node = [int(b)], int(b)
        while node != a:
            node = int(predecessors[node])
            nodes.append(node)
        return [(float(self.lat[i]), float(self.lon[i])) for i in reversed(nodes)]

    def seconds_metres(self, origins, destinations):
        """Road seconds and metres node-to-node, (n, m); inf where no road joins them."""
        origins, destinations = np.asarray(origins), np.asarray(destinations)
        seconds = np.full((len(origins), len(destinations)), np.inf)
        metres = np.full_like(seconds, np.inf)
        for j, dest in enumerate(destinations):
            # Reverse Dijkstra: from the destination over reversed edges gives every origin's time to it.
            times, predecessors = dijkstra(self.time_t, indices=int(dest), return_predecessors=True)
            seconds[:, j] = times[origins]
            along = self._lengths_along(predecessors, int(dest), origins)
            metres[:, j] = np.where(np.isnan(along), np.inf, along)
        return seconds, metres


class RoadProvider:
    """Travel from the region's graph; the geodesic estimate where the graph cannot answer."""

    source = SOURCE

    def __init__(self, graph: RoadGraph, settings: TravelSettings = DEFAULT_TRAVEL):
        self.graph = graph
        self.settings = settings
        self.fallback = GeodesicProvider(settings)

    def __repr__(self) -> str:
        return f"RoadProvider({self.graph.nodes} nodes, {self.settings!r})"

    def matrix(self, origins, destinations) -> TravelMatrix:
        origins = np.asarray(origins, dtype=float).reshape(-1, 2)
        destinations = np.asarray(destinations, dtype=float).reshape(-1, 2)
        straight = self.fallback.matrix(origins, destinations)
        if not len(origins) or not len(destinations):
            return TravelMatrix(straight.minutes, straight.km, False, SOURCE)
        o_node, o_snap = self.graph.snap(origins)
        d_node, d_snap = self.graph.snap(destinations)
        seconds, metres = self.graph.seconds_metres(o_node, d_node)
        snap_km = o_snap[:, None] + d_snap[None, :]
        km = metres / 1000.0 + snap_km
        minutes = seconds / 60.0 + snap_km / SNAP_KMH * 60.0 + self.settings.stop_minutes
        ok = np.isfinite(seconds) & (o_snap[:, None] <= MAX_SNAP_KM) & (d_snap[None, :] <= MAX_SNAP_KM)
        # Already there (same snapped point, within the arrival radius): no trip, as the estimate says.
        here = straight.minutes == 0
        minutes = np.where(here, 0.0, minutes)
        if ok.all():
            return TravelMatrix(minutes, km, False, SOURCE)
        if not ok.any():
            return TravelMatrix(straight.minutes, straight.km, True, "geodesic",
                                "outside the region's roads or no road joins them: straight line")
        # Mixed: each cell says nothing on its own, so the matrix is marked by its worst cell.
        minutes = np.where(ok, minutes, straight.minutes)
        km = np.where(ok, km, straight.km)
        return TravelMatrix(minutes, km, True, SOURCE,
                            f"{int((~ok).sum())} of {ok.size} legs have no road in the region: straight line")

    def trip(self, origin, destination) -> TravelEstimate:
        m = self.matrix([origin], [destination])
        return TravelEstimate(float(m.minutes[0, 0]), float(m.km[0, 0]), m.estimated,
                              m.source if not m.estimated or m.source == "geodesic" else "geodesic", m.note)
