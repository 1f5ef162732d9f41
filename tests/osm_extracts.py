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


def county_extract(path: Path, south: float, west: float, north: float, east: float, step_deg: float,
                   shape: int = 2, span: int = 4, buildings: int = 2) -> Path:
    """A county-like extract, big enough to measure: a grid of roads whose junctions are step_deg
    apart, `shape` bend nodes between neighbouring junctions (contracted away by the import), ways
    `span` junctions long (real ways are short: tens of nodes), a mix of classes with every fifth
    row primary and every seventh a oneway, and `buildings` closed building ways per grid cell,
    which an extract of Sweden holds far more of than roads and the import must pass over.
    Written as OPL text and converted to PBF by libosmium: Python writing objects one by one is
    too slow for millions of nodes."""
    import tempfile

    import numpy as np
    import osmium

    k = shape + 1
    rows = int(round((north - south) / step_deg)) + 1
    cols = int(round((east - west) / step_deg * 1.8)) + 1  # about square cells at 57° N
    fine_rows, fine_cols = (rows - 1) * k + 1, (cols - 1) * k + 1
    dlat, dlon = step_deg / k, (east - west) / max(fine_cols - 1, 1)

    def node_id(i, j):
        return i * fine_cols + j + 1

    on_road = np.zeros((fine_rows, fine_cols), dtype=bool)
    on_road[::k, :] = True
    on_road[:, ::k] = True
    i, j = np.nonzero(on_road)
    lines = [f"n{a} x{x:.7f} y{y:.7f}" for a, x, y in
             zip(node_id(i, j).tolist(), (west + j * dlon).tolist(), (south + i * dlat).tolist())]
    next_id = int(node_id(fine_rows - 1, fine_cols - 1)) + 1
    rng = np.random.default_rng(15)
    building_ways = []
    if buildings:
        cells = (rows - 1) * (cols - 1) * buildings
        centre_lat = south + (rng.integers(0, rows - 1, cells) + rng.uniform(0.2, 0.8, cells)) * step_deg
        centre_lon = west + (rng.integers(0, cols - 1, cells) + rng.uniform(0.2, 0.8, cells)) * dlon * k
        half_lat, half_lon = 0.00005, 0.00009  # about 11 x 11 m
        for la, lo in zip(centre_lat.tolist(), centre_lon.tolist()):
            ids = range(next_id, next_id + 4)
            for n, (y, x) in zip(ids, ((la - half_lat, lo - half_lon), (la - half_lat, lo + half_lon),
                                       (la + half_lat, lo + half_lon), (la + half_lat, lo - half_lon))):
                lines.append(f"n{n} x{x:.7f} y{y:.7f}")
            building_ways.append([*ids, next_id])
            next_id += 4

    def road_tags(index: int, along_rows: bool) -> str:
        if index % 5 == 0:
            tags = "highway=primary"
        elif index % 2:
            tags = "highway=tertiary,maxspeed=60"
        else:
            tags = "highway=residential"
        if along_rows and index % 7 == 3:
            tags += ",oneway=yes" if index % 2 else ",oneway=-1"
        return tags

    way_id = 1
    for r in range(rows):
        for a in range(0, cols - 1, span):
            refs = node_id(r * k, np.arange(a * k, min(a + span, cols - 1) * k + 1))
            lines.append(f"w{way_id} T{road_tags(r, True)} N" + ",".join(f"n{n}" for n in refs.tolist()))
            way_id += 1
    for c in range(cols):
        for a in range(0, rows - 1, span):
            refs = node_id(np.arange(a * k, min(a + span, rows - 1) * k + 1), c * k)
            lines.append(f"w{way_id} T{road_tags(c, False)} N" + ",".join(f"n{n}" for n in refs.tolist()))
            way_id += 1
    for refs in building_ways:
        lines.append(f"w{way_id} Tbuilding=yes N" + ",".join(f"n{n}" for n in refs))
        way_id += 1
    # OPL wants nodes before ways, each sorted by id: road nodes are, buildings' come after them.
    path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        opl = Path(tmp) / "extract.opl"
        opl.write_text("\n".join(lines) + "\n")
        del lines
        writer = osmium.WriteHandler(str(path))
        try:
            osmium.apply(str(opl), writer)
        finally:
            writer.close()
    return path
