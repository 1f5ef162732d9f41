"""History in, learned repair times out: `history import` and the range `eta suggest` gives."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest

from console.domain.timeutil import LOCAL_TZ
from tests.cli_run import run

HEADER = "ref,cause,started_at,restored_at,customers_affected,lat,lon,first_eta\n"


@pytest.fixture
def demo_url(capsys, db_url):
    assert run(capsys, "demo", "--db", db_url)[0] == 0
    return db_url


def _outage_id(capsys, url, word):
    _, out, _ = run(capsys, "outages", "list", "--db", url, "--json")
    return next(r["id"] for r in json.loads(out) if word in r["title"])


def _history(n: int, cause: str, hours: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    rows = []
    start = datetime(2024, 3, 1, 8, 0, tzinfo=LOCAL_TZ)
    for i in range(n):
        began = start + timedelta(days=3 * i, hours=rng.randint(0, 9))
        took = timedelta(hours=hours * rng.uniform(0.85, 1.15))
        rows.append(f"OLD-{cause}-{i},{cause},{began.isoformat()},{(began + took).isoformat()},"
                    f"{rng.randint(60, 300)},57.7{i % 10},16.3{i % 7},")
    return HEADER + "\n".join(rows) + "\n"


def _suggest(capsys, url, outage):
    code, out, err = run(capsys, "eta", "suggest", "--outage", str(outage), "--db", url, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_history_of_ten_hour_excavations_teaches_the_suggestion(capsys, demo_url, tmp_path):
    cut = _outage_id(capsys, demo_url, "Ankarsrum")
    before = _suggest(capsys, demo_url, cut)
    assert before["parts"]["repair"] == 480 and before["cases"] == 0  # the setting, as without learning
    path = tmp_path / "old_tickets.csv"
    path.write_text(_history(30, "excavation_damage", 10.0), encoding="utf-8")
    code, out, err = run(capsys, "history", "import", str(path), "--db", demo_url, "--json")
    assert code == 0, err
    assert json.loads(out) == {"stored": 30, "already_there": 0, "by_cause": {"excavation_damage": 30}}

    after = _suggest(capsys, demo_url, cut)
    assert 560 <= after["parts"]["repair"] <= 620  # about ten hours, a little toward the setting's eight
    assert after["cases"] == 30 and after["basis"].startswith("from 30 restored excavation damage outages, median ")
    assert 540 <= after["repair"]["observed_median_minutes"] <= 660
    assert after["repair"]["conservative_minutes"] > after["repair"]["likely_minutes"]
    assert datetime.fromisoformat(after["conservative_eta"]) > datetime.fromisoformat(after["likely_eta"])
    assert after["likely_eta"] == after["eta"]
    assert after["parts"]["travel"] == before["parts"]["travel"]  # learning touches the repair only

    # The same file again stores nothing new and refuses nothing.
    code, out, _ = run(capsys, "history", "import", str(path), "--db", demo_url)
    assert code == 0 and "0 past outage(s) imported" in out and "30 already there" in out
    code, out, _ = run(capsys, "history", "show", "--db", demo_url, "--json")
    by_cause = {e["cause"]: e for e in json.loads(out)}
    assert by_cause["excavation_damage"]["cases"] == 30 and by_cause["power"]["cases"] == 0


def test_a_file_with_bad_lines_is_refused_line_by_line_and_nothing_is_written(capsys, demo_url, tmp_path):
    good = _history(3, "power", 2.0).splitlines()
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(good[:2] + ["X-1,meteor,2024-01-01T08:00,2024-01-01T09:00,1,57,16,"]
                              + good[2:] + ["X-2,power,2024-01-01T08:00,2023-01-01T09:00,1,57,16,"]) + "\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "history", "import", str(path), "--db", demo_url)
    lines = err.strip().splitlines()
    assert code != 0 and out == ""
    assert lines[0].startswith("mixed.csv:3: ") and "meteor" in lines[0]
    assert lines[1].startswith("mixed.csv:6: ") and "before started_at" in lines[1]
    assert len(lines) == 3 and "2 bad line(s)" in lines[2] and "nothing imported" in lines[2]
    code, out, _ = run(capsys, "history", "show", "--db", demo_url, "--json")
    assert all(e["cases"] == 0 for e in json.loads(out) if e["cause"] == "power")


def test_a_ref_imported_before_with_other_figures_is_a_bad_line(capsys, demo_url, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(_history(2, "power", 2.0), encoding="utf-8")
    assert run(capsys, "history", "import", str(first), "--db", demo_url)[0] == 0
    second = tmp_path / "b.csv"
    second.write_text(_history(3, "power", 5.0), encoding="utf-8")  # same refs, other durations
    code, _, err = run(capsys, "history", "import", str(second), "--db", demo_url)
    assert code != 0 and "b.csv:2: ref 'OLD-power-0' was imported before" in err
    code, out, _ = run(capsys, "history", "show", "--db", demo_url, "--json")
    assert next(e for e in json.loads(out) if e["cause"] == "power")["cases"] == 2


def test_the_consoles_own_restorations_count_as_history(capsys, demo_url):
    code, out, _ = run(capsys, "history", "show", "--db", demo_url, "--json")
    cable = next(e for e in json.loads(out) if e["cause"] == "cable_fault")
    assert cable["cases"] == 1 and cable["observed_median_minutes"] == 240  # the demo's restored Överum job


def test_an_unreadable_or_headerless_file_is_one_error_line(capsys, sqlite_url, tmp_path):
    code, _, err = run(capsys, "history", "import", str(tmp_path / "missing.csv"), "--db", sqlite_url)
    assert code != 0 and len(err.strip().splitlines()) == 1 and "cannot read missing.csv" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,cause\nA,power\n", encoding="utf-8")
    code, _, err = run(capsys, "history", "import", str(bad), "--db", sqlite_url)
    assert code != 0 and len(err.strip().splitlines()) == 1 and "missing started_at" in err


def _own_outage(db, fixed_clock, cause: str, wait_h: float, steps: list[tuple[str, float]]) -> int:
    """An outage of our own: reported, `wait_h` hours with nobody there, then each (status, hours)."""
    from console.services import outages

    view = outages.add_outage(db, f"own {cause}", 57.70, 16.30, 40, cause=cause)
    fixed_clock.advance(timedelta(hours=wait_h))
    for status, hours in steps:
        outages.set_status(db, view.id, status)
        fixed_clock.advance(timedelta(hours=hours))
    outages.set_status(db, view.id, "restored")
    return view.id


def test_own_repairs_count_from_arrival_on_site_not_from_the_report(db, fixed_clock):
    from console.services.history import learned_repair_times, repair_cases

    # Twelve power outages that each waited ten hours for a crew and took one hour on site.
    for i in range(12):
        _own_outage(db, fixed_clock, "power", 10 + i % 3, [("en_route", 0.5), ("on_site", 0.75 + 0.05 * i)])
    # One that went for material mid-job: the restock run is its own part of the ETA, not repair.
    detour = _own_outage(db, fixed_clock, "cable_fault", 6,
                         [("on_site", 1.0), ("waiting_for_material", 3.0), ("on_site", 0.5)])
    # One never marked on site: only its whole span is known, as for imported history.
    unknown = _own_outage(db, fixed_clock, "equipment_failure", 5, [])

    with db.read() as session:
        cases = repair_cases(session)
    power = sorted(c.minutes for c in cases if c.cause.value == "power")
    assert len(power) == 12 and max(power) < 90 and min(power) >= 45
    assert [round(c.minutes) for c in cases if c.cause.value == "cable_fault"] == [90]
    assert [round(c.minutes) for c in cases if c.cause.value == "equipment_failure"] == [300]

    estimate = learned_repair_times(db).estimate("power", 40)
    assert estimate.cases == 12
    assert 45 <= estimate.observed_median_minutes <= 90
    # Weighed with the setting as five cases, the learned likely time stays far below the
    # ten-hour waits a report-to-restoration span would have taught it.
    assert estimate.likely_minutes < min(estimate.setting_minutes, 10 * 60)
    assert estimate.likely_minutes < 2.5 * 60
    assert detour and unknown
