"""OpenStreetMap extracts the tests and benchmarks write themselves with pyosmium (no download)."""
from __future__ import annotations

from pathlib import Path


def write_extract(path: Path, nodes: dict[int, tuple[float, float]], ways: list[tuple[list[int], dict]],
                  places: list[tuple[str, str, float, float]] = (),
                  relations: list[tuple[list[tuple[int, str]], dict]] = ()) -> Path:
    """nodes: id -> (lat, lon); ways: (node ids, tags), numbered from 1 in order; relations:
    ([(way number, role)], tags), e.g. a multipolygon lake. Written sorted as osmium expects."""
    import osmium

    path.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(str(path))
    try:
        for node_id, (lat, lon) in sorted(nodes.items()):
            writer.add_node(osmium.osm.mutable.Node(id=node_id, location=(lon, lat), tags={}))
        next_id = max(nodes, default=0) + 1
        for name, kind, lat, lon in places:
            writer.add_node(osmium.osm.mutable.Node(id=next_id, location=(lon, lat),
                                                    tags={"place": kind, "name": name}))
            next_id += 1
        for way_id, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))
        for rel_id, (members, tags) in enumerate(relations, start=1):
            writer.add_relation(osmium.osm.mutable.Relation(
                id=rel_id, members=[("w", ref, role) for ref, role in members], tags=tags))
    finally:
        writer.close()
    return path


def grid_extract(path: Path, south: float, west: float, north: float, east: float, step_deg: float) -> Path:
    """A grid of tertiary roads (maxspeed 60) covering the box: every point has a road near it."""
    rows = int(round((north - south) / step_deg)) + 1
    cols = int(round((east - west) / step_deg * 1.8)) + 1  # about square cells at 57° N
    nodes = {}
    for r in range(rows):
        for c in range(cols):
            nodes[r * cols + c + 1] = (south + r * step_deg, west + c * (east - west) / max(cols - 1, 1))
    tags = {"highway": "tertiary", "maxspeed": "60"}
    ways = [([r * cols + c + 1 for c in range(cols)], tags) for r in range(rows)]
    ways += [([r * cols + c + 1 for r in range(rows)], tags) for c in range(cols)]
    return write_extract(path, nodes, ways)
