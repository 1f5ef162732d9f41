"""With a region loaded, the ETA suggestion, the nearest technicians and the exported map use it and
say so; without one nothing changes."""
from __future__ import annotations

import json

from tests.cli_run import run
from tests.region_fixtures import demo_grid

OUTAGE = 1  # the Ankarsrum cable cut, with Anna Lindqvist assigned


def _suggest(capsys, url):
    code, out, err = run(capsys, "eta", "suggest", "--outage", str(OUTAGE), "--db", url, "--json")
    assert code == 0, err
    as_json = json.loads(out)
    code, text, err = run(capsys, "eta", "suggest", "--outage", str(OUTAGE), "--db", url)
    assert code == 0, err
    return as_json, text


def _drive(capsys, url, technician_id, outage):
    code, out, err = run(capsys, "technicians", "list", "--db", url, "--json")
    tech = next(t for t in json.loads(out) if t["id"] == technician_id)
    code, out, err = run(capsys, "travel", "estimate", "--from", f"{tech['lat']},{tech['lon']}",
                         "--to", f"{outage['lat']},{outage['lon']}", "--db", url, "--json")
    assert code == 0, err
    return json.loads(out)


def test_eta_suggestion_uses_road_times_with_a_region_and_says_so(capsys, sqlite_url, tmp_path):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    code, out, _ = run(capsys, "outages", "list", "--db", sqlite_url, "--json")
    outage = next(o for o in json.loads(out) if o["id"] == OUTAGE)
    before, before_text = _suggest(capsys, sqlite_url)
    assert before["travel_source"] == "geodesic"
    assert "straight-line estimate" in before_text and "by road" not in before_text

    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    after, after_text = _suggest(capsys, sqlite_url)
    trip = _drive(capsys, sqlite_url, after["technician_id"], outage)
    assert trip["source"] == "road" and not trip["estimated"]
    assert after["travel_source"] == "road" and after["estimated"] is False
    assert abs(after["parts"]["travel"] - trip["minutes"]) < 0.1  # the road trip, not the straight line
    assert abs(before["parts"]["travel"] - trip["minutes"]) > 0.5
    assert "by road (offline region)" in after_text and "straight-line" not in after_text

    # Taken away again: the suggestion is the straight-line one it was before.
    assert run(capsys, "region", "remove", "--db", sqlite_url)[0] == 0
    again, again_text = _suggest(capsys, sqlite_url)
    assert again["travel_source"] == "geodesic" and again["parts"] == before["parts"]
    assert again_text.splitlines()[2:4] == before_text.splitlines()[2:4]


def test_nearest_technicians_say_how_the_drive_times_were_found(capsys, sqlite_url, tmp_path):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "technicians", "nearest", "--outage", str(OUTAGE), "--db", sqlite_url)
    assert code == 0 and "drive times: straight-line estimate" in out
    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "technicians", "nearest", "--outage", str(OUTAGE), "--db", sqlite_url)
    assert code == 0 and "drive times: by road (offline region)" in out


def test_the_exported_map_carries_the_basemap(capsys, sqlite_url, tmp_path):
    from console.map.basemap import basemap_counts
    from console.services import Db, region

    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "map", "export", "--out", str(tmp_path / "plain"), "--tiles", "none",
                         "--db", sqlite_url)
    assert code == 0, err
    assert 'id="dispatch-map-basemap"' not in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "map", "export", "--out", str(tmp_path / "map"), "--tiles", "none",
                         "--db", sqlite_url)
    assert code == 0, err
    page = (tmp_path / "map" / "index.html").read_text(encoding="utf-8")
    start = page.index('id="dispatch-map-basemap">') + len('id="dispatch-map-basemap">')
    carried = json.loads(page[start:page.index("</script>", start)])
    stored = basemap_counts(region.region_basemap(Db.open(sqlite_url, actor="test")).geojson)
    assert sum(len(lines) for lines in carried["roads"].values()) == stored["roads"] > 0
    assert len(carried["places"]) == stored["places"] and len(carried["water"]) == stored["water"]
    assert (tmp_path / "map" / "assets" / "basemap_layer.js").is_file()
    assert f"{stored['roads']} roads" in out
