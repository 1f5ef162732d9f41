"""The offline region: import an OpenStreetMap extract into a compact road graph + basemap.

Read with pyosmium's FileProcessor: libosmium keeps the node locations (its index chosen by file
size), assembles multipolygons for water relations only and filters out all but highways, places
and water before Python sees an object; the kept highways go into flat numpy arrays, no Python
object per node. Drivable ways per console.domain.road_speeds; nodes used by one way only and not
its ends are contracted away (vectorised), so the graph has junctions and dead ends only and each
edge carries the seconds and metres of the road between them. Stored as one row in the database (blobs), so a centre sharing one PostgreSQL
database shares the region: every workstation loads it from there on first use.
A file osmium cannot read changes nothing: the import is parsed fully before one transaction writes.
"""
from __future__ import annotations

import gzip
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from console.domain.errors import NotFound, ValidationError
from console.domain.vocabulary import N_

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .uow import Db

WATER = {"water", "bay"}
PLACES = {"city", "town", "village", "hamlet", "suburb"}
# Roads drawn on the basemap, by class (the graph's classes plus what is drawn but not driven).
DRAWN = {"motorway": "major", "trunk": "major", "primary": "major", "secondary": "secondary",
         "tertiary": "secondary", "unclassified": "minor", "residential": "minor", "service": "minor",
         "living_street": "minor", "road": "minor", "track": "minor"}


def _is_water(tags) -> bool:
    return tags.get("natural") in WATER or tags.get("landuse") == "reservoir"


def _haversine_m(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000.0 * np.arcsin(np.sqrt(a))


# Up to this size (Sweden's whole extract is about 835 MB, ~100 M nodes: ~2-3 GB of index) every
# node's location is kept in memory by libosmium's flex_mem, its default; above it (several
# countries) a sparse array in a temporary file keeps the import within a workstation's memory.
IN_MEMORY_INDEX_BYTES = 4_000_000_000


def location_index(size_bytes: int, directory: str) -> str:
    """The node-location index for an extract of this size (an osmium index type string)."""
    if size_bytes <= IN_MEMORY_INDEX_BYTES:
        return "flex_mem"
    return f"sparse_file_array,{Path(directory) / 'node-locations.idx'}"


@dataclass
class Extract:
    """The kept highways end to end in flat arrays (no Python object per node): way w's nodes are
    refs/lat/lon[starts[w]:starts[w + 1]]; kmh[w] is 0 where the way is drawn but not driven."""

    refs: np.ndarray  # int64 node ids
    lat: np.ndarray
    lon: np.ndarray
    starts: np.ndarray  # int64, one more than there are ways
    kmh: np.ndarray  # float64 per way
    oneway: np.ndarray  # int8 per way: 1 along, -1 against, 0 both
    drawn: list  # class per way, None where not drawn
    water: list  # [[(lat, lon)...] outer ring, inner rings...] per lake
    places: list  # (name, kind, lat, lon)

    @property
    def ways(self) -> int:
        return len(self.starts) - 1


_WKB_HEADER = 9  # byte order, geometry type, point count; then x, y as little-endian doubles


def _read(path: Path) -> Extract:
    import tempfile
    from array import array

    import osmium
    from osmium.filter import KeyFilter, TagFilter

    from console.domain import road_speeds

    wkb = osmium.geom.WKBFactory()
    every_node = osmium.geom.use_nodes.ALL  # keep repeated nodes: coordinates line up with refs
    refs, lines, counts = array("q"), [], array("q")
    kmh, oneway, drawn, water, places = array("d"), array("b"), [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        # Only what the region keeps reaches Python; libosmium filters the rest (buildings, land
        # cover: most of a country's nodes) and assembles areas for water only.
        processor = (osmium.FileProcessor(str(path))
                     .with_locations(location_index(path.stat().st_size, tmp))
                     .with_areas(TagFilter(("natural", "water"), ("natural", "bay"), ("landuse", "reservoir")))
                     .with_filter(KeyFilter("highway", "place", "natural", "landuse")))
        try:
            for obj in processor:
                tags = obj.tags
                if obj.is_way():
                    if _is_water(tags):
                        continue  # drawn from its area (below), which also assembles multipolygon lakes
                    highway = tags.get("highway")
                    cls = DRAWN.get(highway)
                    driven = road_speeds.drivable(tags)
                    if cls is None and not driven:
                        continue
                    nodes = obj.nodes
                    if len(nodes) < 2:
                        continue
                    try:
                        line = wkb.create_linestring(obj, every_node)
                    except (osmium.InvalidLocationError, RuntimeError):
                        continue  # a way cut at the extract's edge: its outside nodes have no location
                    refs.extend([n.ref for n in nodes])
                    lines.append(line)
                    counts.append(len(nodes))
                    kmh.append(road_speeds.speed_kmh(tags) if driven else 0.0)
                    oneway.append(road_speeds.oneway(tags) if driven else 0)
                    drawn.append(cls)
                elif obj.is_node():
                    place = tags.get("place")
                    if place in PLACES and tags.get("name"):
                        places.append((tags["name"], place, obj.location.lat, obj.location.lon))
                elif obj.is_area():
                    # Closed ways and multipolygon relations alike: most large Swedish lakes are
                    # relations, with their islands as inner rings.
                    if not _is_water(tags):
                        continue
                    try:
                        for outer in obj.outer_rings():
                            rings = [[(n.lat, n.lon) for n in outer]]
                            rings += [[(n.lat, n.lon) for n in inner] for inner in obj.inner_rings(outer)]
                            if len(rings[0]) >= 4:
                                water.append(rings)
                    except osmium.InvalidLocationError:
                        continue
        except RuntimeError as err:
            raise ValidationError.of(N_("{name} is not a readable OpenStreetMap extract: {detail}"),
                                     name=path.name, detail=str(err).splitlines()[0]) from None
    counts = np.frombuffer(counts, dtype=np.int64) if len(counts) else np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(counts)))
    xy = _wkb_points(lines, counts)
    del lines
    return Extract(np.frombuffer(refs, dtype=np.int64) if len(refs) else np.zeros(0, dtype=np.int64),
                   xy[:, 1].copy(), xy[:, 0].copy(), starts, np.asarray(kmh, dtype=float),
                   np.asarray(oneway, dtype=np.int8), drawn, water, places)


def _wkb_points(lines: list, counts: np.ndarray) -> np.ndarray:
    """(x, y) of every linestring's points, parsed at once from their WKB (hex) texts."""
    if not lines:
        return np.zeros((0, 2))
    raw = np.frombuffer(bytes.fromhex("".join(lines)), dtype=np.uint8)
    sizes = _WKB_HEADER + 16 * counts
    header = np.zeros(len(raw), dtype=bool)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    header[(first[:, None] + np.arange(_WKB_HEADER)).ravel()] = True
    return raw[~header].view("<f8").reshape(-1, 2)


def build_graph(extract: Extract):
    """Contract the driven ways to junction-to-junction edges: arrays for RoadGraph.

    A node is kept where ways meet (it occurs more than once) or a way ends; each edge is the road
    between two kept nodes of one way, its metres the sum of the segments' great-circle lengths.
    Nodes are numbered in the order they first end an edge, edges come way by way, each along then
    against the way as its direction allows."""
    lengths = np.diff(extract.starts)
    driven = extract.kmh > 0
    if not driven.any():
        raise ValidationError.of(N_("the extract has no drivable roads"))
    pick = np.repeat(driven, lengths)
    refs, lat, lon = extract.refs[pick], extract.lat[pick], extract.lon[pick]
    lengths, kmh, way_dir = lengths[driven], extract.kmh[driven], extract.oneway[driven]
    way_of = np.repeat(np.arange(len(lengths)), lengths)
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    last = first + lengths - 1
    _, inverse, counts = np.unique(refs, return_inverse=True, return_counts=True)
    keep = counts[inverse] > 1
    keep[first] = True
    keep[last] = True
    seg = np.zeros(len(refs))
    seg[:-1] = _haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    seg[last] = 0.0  # no segment from a way's last node to the next way's first
    kept = np.flatnonzero(keep)
    same_way = way_of[kept[:-1]] == way_of[kept[1:]]
    a_pos, b_pos = kept[:-1][same_way], kept[1:][same_way]
    run = np.add.reduceat(seg, kept[:-1])[same_way] if len(kept) > 1 else np.zeros(0)
    edge_way = way_of[a_pos]
    sec = run / (kmh[edge_way] / 3.6)
    ends = np.column_stack((refs[a_pos], refs[b_pos])).ravel()
    ids, first_seen, node_of = np.unique(ends, return_index=True, return_inverse=True)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(first_seen, kind="stable")] = np.arange(len(ids))
    node_of = rank[node_of.ravel()].reshape(-1, 2)
    position = np.column_stack((a_pos, b_pos)).ravel()[np.sort(first_seen)]
    a, b = node_of[:, 0], node_of[:, 1]
    along, against = way_dir[edge_way] >= 0, way_dir[edge_way] <= 0
    mask = np.column_stack((along, against)).ravel()
    return dict(lat=lat[position], lon=lon[position],
                src=np.column_stack((a, b)).ravel()[mask].astype(np.int32),
                dst=np.column_stack((b, a)).ravel()[mask].astype(np.int32),
                seconds=np.repeat(sec, 2)[mask].astype(np.float32),
                metres=np.repeat(run, 2)[mask].astype(np.float32))


def _simplify(lat, lon, step_m: float = 15.0) -> list[int]:
    """Which points to draw: drop points closer than step_m to the last kept one (enough for
    drawing at county zoom); the first and last are always kept."""
    from math import asin, cos, radians, sin, sqrt

    lat, lon = lat.tolist(), lon.tolist()
    kept = [0]
    ka, ko = radians(lat[0]), radians(lon[0])
    for k in range(1, len(lat) - 1):
        la, lo = radians(lat[k]), radians(lon[k])
        h = sin((la - ka) / 2) ** 2 + cos(ka) * cos(la) * sin((lo - ko) / 2) ** 2
        if 2 * 6_371_000.0 * asin(sqrt(h)) >= step_m:
            kept.append(k)
            ka, ko = la, lo
    kept.append(len(lat) - 1)
    return kept


def _round5(values) -> np.ndarray:
    """round(v, 5) for each value, as Python rounds it: numpy scales first, which can tip a value
    lying on a half (a coordinate with 7 decimals often does) the other way; those few go by Python."""
    values = np.asarray(values, dtype=float)
    out = np.round(values, 5)
    scaled = values * 1e5
    near_half = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    out[near_half] = [round(v, 5) for v in values[near_half].tolist()]
    return out


def _drawn_lines(lat, lon, starts, step_m: float = 15.0) -> list[list]:
    """Each line's [lon, lat] points (5 decimals, about a metre) as _simplify keeps them. A line
    whose every segment is at least step_m long keeps all its points, so only lines with a short
    segment (bends, roundabouts) walk point by point."""
    if not len(starts):
        return []
    pairs = np.column_stack((_round5(lon), _round5(lat))).tolist()
    seg = np.full(len(lat), np.inf)
    seg[:-1] = _haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    ends = np.asarray(starts[1:])
    seg[ends - 2] = np.inf  # the last point is kept whatever its segment
    seg[ends - 1] = np.inf  # and starts no segment of its line
    short = np.add.reduceat(seg < step_m, starts[:-1]) > 0
    out = []
    for w, (s, e) in enumerate(zip(starts[:-1].tolist(), ends.tolist())):
        if short[w]:
            out.append([pairs[s + k] for k in _simplify(lat[s:e], lon[s:e], step_m)])
        else:
            out.append(pairs[s:e])
    return out


def basemap_geojson(extract: Extract) -> dict:
    drawn = [w for w, cls in enumerate(extract.drawn) if cls is not None]
    pick = np.zeros(extract.ways, dtype=bool)
    pick[drawn] = True
    lengths = np.diff(extract.starts)[pick]
    at = np.repeat(pick, np.diff(extract.starts))
    lines = _drawn_lines(extract.lat[at], extract.lon[at], np.concatenate(([0], np.cumsum(lengths))))
    features = [{"type": "Feature", "properties": {"kind": "road", "class": extract.drawn[w]},
                 "geometry": {"type": "LineString", "coordinates": line}} for w, line in zip(drawn, lines)]
    for rings in extract.water:
        counts = [len(r) for r in rings]
        la, lo = np.array([p for r in rings for p in r]).reshape(-1, 2).T
        features.append({"type": "Feature", "properties": {"kind": "water"}, "geometry": {
            "type": "Polygon", "coordinates": _drawn_lines(la, lo, np.concatenate(([0], np.cumsum(counts))))}})
    features += [{"type": "Feature", "properties": {"kind": "place", "name": n, "place": p},
                  "geometry": {"type": "Point", "coordinates": [round(lo, 5), round(la, 5)]}}
                 for n, p, la, lo in extract.places]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class RegionView:
    name: str
    file_name: str
    imported_at: object
    bbox: tuple[float, float, float, float]  # south, west, north, east
    nodes: int
    edges: int
    roads: int = 0
    water: int = 0
    places: int = 0
    seconds: float | None = None  # import time, when just imported

    def as_json(self) -> dict:
        s, w, n, e = self.bbox
        height_km = (n - s) * 111.2
        width_km = (e - w) * 111.2 * float(np.cos(np.radians((n + s) / 2)))
        return {"name": self.name, "file": self.file_name, "imported_at": self.imported_at.isoformat(),
                "bbox": {"south": s, "west": w, "north": n, "east": e},
                "area_km2": round(height_km * width_km, 1), "nodes": self.nodes, "edges": self.edges,
                "basemap": {"roads": self.roads, "water": self.water, "places": self.places},
                "seconds": None if self.seconds is None else round(self.seconds, 2)}


def _counts(basemap: dict) -> tuple[int, int, int]:
    kinds = [f["properties"]["kind"] for f in basemap["features"]]
    return kinds.count("road"), kinds.count("water"), kinds.count("place")


def import_region(db: Db, path: str | Path, now=None) -> RegionView:
    from console.domain.timeutil import utcnow
    from console.store.schema import Region

    started = time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise ValidationError.of(N_("no such extract: {path}"), path=str(path))
    extract = _read(path)
    graph = build_graph(extract)
    buf = io.BytesIO()
    np.savez_compressed(buf, **graph)
    basemap = basemap_geojson(extract)
    lat, lon = graph["lat"], graph["lon"]
    row = Region(name=path.name.split(".")[0], file_name=path.name, imported_at=now or utcnow(),
                 south=float(lat.min()), west=float(lon.min()), north=float(lat.max()), east=float(lon.max()),
                 nodes=len(lat), edges=len(graph["src"]), graph=buf.getvalue(),
                 basemap=gzip.compress(json.dumps(basemap, separators=(",", ":")).encode(), compresslevel=6))
    with db.unit() as unit:
        session = unit.session
        session.query(Region).delete()  # one region at a time: a new import replaces the old
        session.add(row)
        session.flush()
        view = _view(row, basemap)
    forget()
    return RegionView(**{**view.__dict__, "seconds": time.perf_counter() - started})


def _view(row, basemap: dict | None = None) -> RegionView:
    roads, water, places = _counts(basemap if basemap is not None else load_basemap_blob(row.basemap))
    return RegionView(row.name, row.file_name, row.imported_at, (row.south, row.west, row.north, row.east),
                      row.nodes, row.edges, roads, water, places)


def load_basemap_blob(blob: bytes) -> dict:
    return json.loads(gzip.decompress(blob))


def show_region(db: Db) -> RegionView:
    from console.store.schema import Region

    with db.read() as session:
        row = session.query(Region).first()
        if row is None:
            raise NotFound.of(N_("no region is imported (region import FILE.osm.pbf)"))
        return _view(row)


def remove_region(db: Db) -> int:
    from console.store.schema import Region

    with db.unit() as unit:
        gone = unit.session.query(Region).delete()
    forget()
    return gone


def basemap_in(session: Session) -> dict | None:
    """The region's basemap GeoJSON for the map and the handover, None without a region."""
    from console.store.schema import Region

    row = session.query(Region.basemap).first()
    return None if row is None else load_basemap_blob(row.basemap)


@dataclass(frozen=True)
class RegionGraphData:
    """The stored graph as the routing gateway needs it: compared and hashed by which import it is,
    so the gateway builds the scipy graph once per import per workstation."""

    region_id: int
    imported_at: object
    blob: bytes = field(compare=False, repr=False)


_cache: dict = {}


def forget() -> None:
    _cache.clear()


def graph_in(session: Session) -> RegionGraphData | None:
    """The region's graph data, read once per import; None without a region."""
    from sqlalchemy import select

    from console.store.schema import Region

    key = session.execute(select(Region.id, Region.imported_at)).first()
    if key is None:
        return None
    key = tuple(key)
    if key not in _cache:
        blob = session.execute(select(Region.graph).where(Region.id == key[0])).scalar_one()
        _cache.clear()
        _cache[key] = RegionGraphData(key[0], key[1], blob)
    return _cache[key]


@dataclass(frozen=True)
class RegionBasemap:
    """The basemap of one import: `key` names the import, so a reader can tell it already has it."""

    key: tuple
    geojson: dict = field(compare=False, repr=False)


_basemap_cache: dict = {}


def region_key(db: Db) -> tuple | None:
    """Which import the database holds, as RegionBasemap.key names it; None without a region."""
    from sqlalchemy import select

    from console.store.schema import Region

    with db.read() as session:
        key = session.execute(select(Region.id, Region.imported_at)).first()
    return None if key is None else (str(db.url), *key)


def region_basemap(db: Db) -> RegionBasemap | None:
    """The stored basemap for the map and the handover, unpacked once per import; None without a region."""
    from sqlalchemy import select

    from console.store.schema import Region

    with db.read() as session:
        key = session.execute(select(Region.id, Region.imported_at)).first()
        if key is None:
            return None
        key = (str(db.url), *key)  # two databases may both hold region 1
        if key not in _basemap_cache:
            blob = session.execute(select(Region.basemap).where(Region.id == key[1])).scalar_one()
            _basemap_cache.clear()
            _basemap_cache[key] = RegionBasemap(key, load_basemap_blob(blob))
        return _basemap_cache[key]
