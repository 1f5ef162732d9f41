"""The offline region: an extract written here with pyosmium, imported, and asked for road times.

The network: A and B on either side of a lake (the straight line crosses it); the road goes round
the north shore through C. B -> D is one-way, D -> E -> A comes back. F-G is an island road with no
link to the mainland. Road minutes are checked against a Dijkstra written here over the same ways.
"""
from __future__ import annotations

import heapq
import json
import math

import pytest

from tests.cli_run import run
from tests.osm_extracts import grid_extract, write_extract

N = {1: (57.700, 16.400), 2: (57.700, 16.440), 3: (57.712, 16.410), 4: (57.712, 16.430),  # A B and north shore
     5: (57.690, 16.440), 6: (57.690, 16.400),  # D E
     7: (57.800, 16.600), 8: (57.805, 16.610),  # island F G
     11: (57.703, 16.415), 12: (57.703, 16.425), 13: (57.697, 16.425), 14: (57.697, 16.415)}  # the lake
A, B, D, F = N[1], N[2], N[5], N[7]
WAYS = [
    ([1, 3, 4, 2], {"highway": "tertiary", "maxspeed": "50"}),
    ([2, 5], {"highway": "residential", "oneway": "yes"}),
    ([5, 6, 1], {"highway": "secondary"}),  # class speed 70
    ([7, 8], {"highway": "unclassified"}),
    ([11, 12, 13, 14, 11], {"natural": "water"}),
    ([1, 13], {"highway": "service", "service": "driveway"}),  # not driven: would cut across
]
KMH = {"tertiary": 50, "residential": 40, "secondary": 70, "unclassified": 60}
STOP = 5.0  # the default settings' stop per leg


def haversine_m(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(math.sqrt(h))


def reference(origin_id, dest_id):
    """(seconds, metres) by a plain Dijkstra over the uncontracted ways."""
    edges = {}
    for refs, tags in WAYS:
        if tags.get("highway") not in KMH:
            continue
        for a, b in zip(refs, refs[1:]):
            m = haversine_m(N[a], N[b])
            s = m / (KMH[tags["highway"]] / 3.6)
            edges.setdefault(a, []).append((b, s, m))
            if tags.get("oneway") != "yes":
                edges.setdefault(b, []).append((a, s, m))
    best, queue = {}, [(0.0, 0.0, origin_id)]
    while queue:
        s, m, node = heapq.heappop(queue)
        if node in best:
            continue
        best[node] = (s, m)
        for nxt, es, em in edges.get(node, []):
            heapq.heappush(queue, (s + es, m + em, nxt))
    return best.get(dest_id)


@pytest.fixture
def extract(tmp_path):
    return write_extract(tmp_path / "lakeside.osm.pbf", N, WAYS, [("Sjöby", "village", 57.705, 16.42)])


@pytest.fixture
def region_db(sqlite_url, extract, capsys):
    code, out, err = run(capsys, "region", "import", str(extract), "--db", sqlite_url, "--json")
    assert code == 0, err
    return sqlite_url, json.loads(out)


def estimate(capsys, url, a, b):
    code, out, err = run(capsys, "travel", "estimate", "--from", f"{a[0]},{a[1]}", "--to", f"{b[0]},{b[1]}",
                         "--db", url, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_keeps_the_drivable_network_contracted_and_the_basemap(region_db):
    _, summary = region_db
    # Junctions and ends only: A, B, D, and the island's two ends (C, the north-shore bend and E contracted).
    assert summary["nodes"] == 5
    assert summary["edges"] == 2 + 2 + 1 + 2  # A-B both ways, D-A both ways, B->D, F-G both ways
    assert summary["basemap"] == {"roads": 5, "water": 1, "places": 1}
    assert summary["file"] == "lakeside.osm.pbf"


@pytest.mark.parametrize("a, b, ids", [(A, B, (1, 2)), (B, A, (2, 1)), (A, D, (1, 5)), (D, B, (5, 2))])
def test_road_times_match_an_independent_shortest_path(capsys, region_db, a, b, ids):
    url, _ = region_db
    trip = estimate(capsys, url, a, b)
    seconds, metres = reference(*ids)
    assert trip["source"] == "road" and trip["estimated"] is False
    assert trip["km"] == pytest.approx(metres / 1000, abs=0.02)
    assert trip["minutes"] == pytest.approx(seconds / 60 + STOP, abs=0.1)


def test_the_oneway_makes_the_way_back_longer(capsys, region_db):
    url, _ = region_db
    there, back = estimate(capsys, url, B, D), estimate(capsys, url, D, B)
    assert there["km"] == pytest.approx(haversine_m(B, D) / 1000, abs=0.02)
    assert back["km"] > 3 * there["km"]  # round by A and the lake's north shore


def test_the_road_round_the_lake_is_longer_than_the_straight_line_estimate_says(capsys, region_db, sqlite_url):
    url, _ = region_db
    road = estimate(capsys, url, A, B)
    assert road["km"] > haversine_m(A, B) / 1000 * 1.35


def test_snapping_distance_is_driven_slowly_and_counted(capsys, region_db):
    url, _ = region_db
    off = (A[0] - 0.002, A[1])  # 220 m south of A, the nearest graph node (E is contracted away)
    trip = estimate(capsys, url, off, B)
    seconds, metres = reference(1, 2)
    snap_km = haversine_m(off, A) / 1000
    assert trip["source"] == "road"
    assert trip["km"] == pytest.approx(metres / 1000 + snap_km, abs=0.03)
    assert trip["minutes"] == pytest.approx(seconds / 60 + snap_km / 15 * 60 + STOP, abs=0.2)


def test_the_island_and_points_outside_fall_back_to_the_straight_line_and_say_so(capsys, region_db):
    url, _ = region_db
    island = estimate(capsys, url, A, F)
    outside = estimate(capsys, url, A, (59.33, 18.07))
    for trip in (island, outside):
        assert trip["source"] == "geodesic" and trip["estimated"] is True and trip["note"]


def test_without_a_region_nothing_changes(capsys, sqlite_url, region_db):
    url, _ = region_db
    assert run(capsys, "region", "remove", "--db", url)[0] == 0
    assert estimate(capsys, url, A, B)["source"] == "geodesic"
    code, out, err = run(capsys, "region", "show", "--db", url)
    assert code != 0 and "no region" in err


@pytest.mark.parametrize("content", [b"not an extract at all\n" * 50, None])
def test_a_corrupt_or_truncated_file_changes_nothing(capsys, region_db, extract, tmp_path, content):
    url, before = region_db
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(content if content is not None else extract.read_bytes()[:70])
    code, out, err = run(capsys, "region", "import", str(bad), "--db", url)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "bad.osm.pbf" in err
    code, out, err = run(capsys, "region", "show", "--db", url, "--json")
    assert code == 0 and json.loads(out) == before | {"seconds": None}


def _demo_box(url):
    from sqlalchemy import func, select

    from console.services import Db
    from console.store.schema import Depot, Technician

    with Db.open(url, actor="test").read() as session:
        boxes = [session.execute(select(func.min(t.lat), func.min(t.lon), func.max(t.lat), func.max(t.lon))).one()
                 for t in (Technician, Depot)]
    return (min(b[0] for b in boxes) - 0.05, min(b[1] for b in boxes) - 0.05,
            max(b[2] for b in boxes) + 0.05, max(b[3] for b in boxes) + 0.05)


def test_restock_and_nearest_use_road_times_marked_as_such(capsys, sqlite_url, tmp_path):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "restock", "--outage", "1", "--db", sqlite_url, "--json")
    assert code == 0, err
    assert {o["travel_source"] for o in json.loads(out)["options"]} == {"geodesic"}
    grid = grid_extract(tmp_path / "county.osm.pbf", *_demo_box(sqlite_url), step_deg=0.02)
    assert run(capsys, "region", "import", str(grid), "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "restock", "--outage", "1", "--db", sqlite_url, "--json")
    assert code == 0, err
    assert {o["travel_source"] for o in json.loads(out)["options"]} == {"road"}
    code, out, err = run(capsys, "technicians", "nearest", "--outage", "1", "--db", sqlite_url, "--json")
    assert code == 0, err
    assert "road" in out


def test_an_extract_too_big_for_the_memory_index_imports_the_same_with_its_index_on_disk(
        capsys, sqlite_url, extract, monkeypatch):
    from console.services import region

    assert region.location_index(900_000_000, "/x") == "flex_mem"  # all of Sweden: in memory
    assert region.location_index(20_000_000_000, "/x").startswith("sparse_file_array,")
    monkeypatch.setattr(region, "IN_MEMORY_INDEX_BYTES", 0)  # treat the small extract as a huge one
    code, out, err = run(capsys, "region", "import", str(extract), "--db", sqlite_url, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["nodes"], summary["edges"]) == (5, 7)
    trip = estimate(capsys, sqlite_url, A, B)
    _, metres = reference(1, 2)
    assert trip["source"] == "road" and trip["km"] == pytest.approx(metres / 1000, abs=0.02)
