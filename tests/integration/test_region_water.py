"""Lakes as OpenStreetMap draws the big ones: a multipolygon relation of several ways, islands as
inner rings. The basemap keeps the lake once, with its island, whatever it is made of."""
from __future__ import annotations

from tests.cli_run import run
from tests.osm_extracts import write_extract

NODES = {
    1: (57.70, 16.40), 2: (57.70, 16.46), 3: (57.72, 16.46), 4: (57.72, 16.40),  # the lake's corners
    5: (57.705, 16.42), 6: (57.705, 16.43), 7: (57.712, 16.43), 8: (57.712, 16.42),  # its island
    9: (57.69, 16.38), 10: (57.73, 16.38), 11: (57.73, 16.48),  # a road round it
    12: (57.74, 16.50), 13: (57.74, 16.51), 14: (57.745, 16.51),  # a pond: one closed way
}
WAYS = [
    ([1, 2, 3], {}),  # south and east shore: untagged, the relation says what they are
    ([3, 4, 1], {}),  # north and west shore
    ([5, 6, 7, 8, 5], {}),  # the island
    ([9, 10, 11], {"highway": "tertiary"}),
    ([12, 13, 14, 12], {"natural": "water"}),
]
LAKE = ([(1, "outer"), (2, "outer"), (3, "inner")], {"type": "multipolygon", "natural": "water", "name": "Sjön"})


def test_a_multipolygon_lake_keeps_its_island_and_a_pond_is_kept_too(capsys, sqlite_url, tmp_path):
    from console.services import Db, region

    extract = write_extract(tmp_path / "lake.osm.pbf", NODES, WAYS, relations=[LAKE])
    code, out, err = run(capsys, "region", "import", str(extract), "--db", sqlite_url)
    assert code == 0, err
    lakes = [f["geometry"]["coordinates"] for f in region.region_basemap(Db.open(sqlite_url, actor="t")).geojson["features"]
             if f["properties"]["kind"] == "water"]
    assert sorted(len(rings) for rings in lakes) == [1, 2]  # the pond; the lake with its island
    lake = next(rings for rings in lakes if len(rings) == 2)
    lats = [lat for _lon, lat in lake[0]]
    assert min(lats) == 57.70 and max(lats) == 57.72
    assert {round(lat, 3) for _lon, lat in lake[1]} == {57.705, 57.712}
