"""The offline region: import an OpenStreetMap extract into a compact road graph + basemap.

Read with pyosmium in one pass (node locations kept by osmium's own index). Drivable ways per
console.domain.road_speeds; nodes used by one way only and not its ends are contracted away, so
the graph has junctions and dead ends only and each edge carries the seconds and metres of the
road between them. Stored as one row in the database (blobs), so a centre sharing one PostgreSQL
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


@dataclass
class Extract:
    ways: list  # (node ids array, lats, lons, km/h, oneway)
    drawn: list  # (class, [(lat, lon)...])
    water: list  # [[(lat, lon)...] outer ring, inner rings...] per lake
    places: list  # (name, kind, lat, lon)


def _read(path: Path) -> Extract:
    import osmium
    from console.domain import road_speeds

    out = Extract([], [], [], [])

    class Handler(osmium.SimpleHandler):
        def node(self, n):
            place = n.tags.get("place")
            if place in PLACES and n.tags.get("name"):
                out.places.append((n.tags["name"], place, n.location.lat, n.location.lon))

        def way(self, w):
            tags = w.tags
            try:
                coords = [(nd.lat, nd.lon) for nd in w.nodes]
                refs = [nd.ref for nd in w.nodes]
            except osmium.InvalidLocationError:
                return  # a way cut at the extract's edge: its outside nodes have no location
            if len(refs) < 2:
                return
            if _is_water(tags):
                return  # drawn from its area (below), which also assembles multipolygon lakes
            highway = tags.get("highway")
            if highway in DRAWN:
                out.drawn.append((DRAWN[highway], coords))
            if road_speeds.drivable(tags):
                arr = np.array(coords)
                out.ways.append((np.array(refs, dtype=np.int64), arr[:, 0], arr[:, 1],
                                 road_speeds.speed_kmh(tags), road_speeds.oneway(tags)))

        def area(self, a):
            # Closed ways and multipolygon relations alike (osmium assembles them in a second pass):
            # most large Swedish lakes are relations, with their islands as inner rings.
            if not _is_water(a.tags):
                return
            try:
                for outer in a.outer_rings():
                    rings = [[(n.lat, n.lon) for n in outer]]
                    rings += [[(n.lat, n.lon) for n in inner] for inner in a.inner_rings(outer)]
                    if len(rings[0]) >= 4:
                        out.water.append(rings)
            except osmium.InvalidLocationError:
                return

    try:
        Handler().apply_file(str(path), locations=True)
    except RuntimeError as err:
        raise ValidationError(f"{path.name} is not a readable OpenStreetMap extract: {str(err).splitlines()[0]}") from None
    return out


def build_graph(ways):
    """Contract the ways to junction-to-junction edges: arrays for RoadGraph."""
    if not ways:
        raise ValidationError("the extract has no drivable roads")
    all_refs = np.concatenate([w[0] for w in ways])
    uniq, counts = np.unique(all_refs, return_counts=True)
    ends = np.concatenate([[w[0][0], w[0][-1]] for w in ways])
    keep = set(uniq[counts > 1].tolist()) | set(ends.tolist())
    index: dict[int, int] = {}
    lat, lon, src, dst, seconds, metres = [], [], [], [], [], []

    def node(ref, la, lo):
        i = index.get(ref)
        if i is None:
            i = index[ref] = len(lat)
            lat.append(la)
            lon.append(lo)
        return i

    for refs, la, lo, kmh, way_dir in ways:
        seg = _haversine_m(la[:-1], lo[:-1], la[1:], lo[1:])
        start, run = 0, 0.0
        for k in range(1, len(refs)):
            run += seg[k - 1]
            if int(refs[k]) in keep:
                a, b = node(int(refs[start]), la[start], lo[start]), node(int(refs[k]), la[k], lo[k])
                sec = run / (kmh / 3.6)
                if way_dir >= 0:
                    src.append(a), dst.append(b), seconds.append(sec), metres.append(run)
                if way_dir <= 0:
                    src.append(b), dst.append(a), seconds.append(sec), metres.append(run)
                start, run = k, 0.0
    return dict(lat=np.array(lat), lon=np.array(lon), src=np.array(src, dtype=np.int32),
                dst=np.array(dst, dtype=np.int32), seconds=np.array(seconds, dtype=np.float32),
                metres=np.array(metres, dtype=np.float32))


def _simplify(coords, step_m: float = 15.0):
    """Drop points closer than step_m to the last kept one: enough for drawing at county zoom."""
    kept = [coords[0]]
    for la, lo in coords[1:-1]:
        if _haversine_m(kept[-1][0], kept[-1][1], la, lo) >= step_m:
            kept.append((la, lo))
    kept.append(coords[-1])
    return [[round(lo, 5), round(la, 5)] for la, lo in kept]


def basemap_geojson(extract: Extract) -> dict:
    features = [{"type": "Feature", "properties": {"kind": "road", "class": cls},
                 "geometry": {"type": "LineString", "coordinates": _simplify(c)}} for cls, c in extract.drawn]
    features += [{"type": "Feature", "properties": {"kind": "water"},
                  "geometry": {"type": "Polygon", "coordinates": [_simplify(r) for r in rings]}}
                 for rings in extract.water]
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
        raise ValidationError(f"no such extract: {path}")
    extract = _read(path)
    graph = build_graph(extract.ways)
    buf = io.BytesIO()
    np.savez_compressed(buf, **graph)
    basemap = basemap_geojson(extract)
    lat, lon = graph["lat"], graph["lon"]
    row = Region(name=path.name.split(".")[0], file_name=path.name, imported_at=now or utcnow(),
                 south=float(lat.min()), west=float(lon.min()), north=float(lat.max()), east=float(lon.max()),
                 nodes=len(lat), edges=len(graph["src"]), graph=buf.getvalue(),
                 basemap=gzip.compress(json.dumps(basemap, separators=(",", ":")).encode()))
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
            raise NotFound("no region is imported (region import FILE.osm.pbf)")
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
