"""Each operational fact has one rule: the CLI, the restock planner, the loans list and the handover agree."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from console.cli import main as cli_main
from console.domain.timeutil import utcnow
from console.services import demo, eta, loans, restock, technicians
from console.services.handover import collect_handover
from console.services.settings import update_settings


def _cli_json(capsys, *argv):
    capsys.readouterr()
    assert cli_main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def storm_db(db):
    demo.load_storm(db, 300, seed=7)
    return db


def test_shortage_is_the_same_in_technicians_list_restock_and_the_handover(storm_db, capsys, fixed_clock):
    listed = {t["id"]: t for t in _cli_json(capsys, "--db", storm_db.url, "technicians", "list", "--json")}
    printed = {t.id: t for t in collect_handover(storm_db).technicians}
    with_jobs = [t for t in technicians.list_technicians(storm_db) if t.outage_id is not None and t.lat is not None]
    assert with_jobs, "the storm assigns technicians to jobs"
    lacking = 0
    for tech in with_jobs:
        cli = sorted((s["material"], s["quantity"]) for s in listed[tech.id]["shortage"])
        plan = restock.plan_for_outage(storm_db, tech.outage_id, tech.id)
        assert cli == sorted(plan.shortage), tech.name
        if tech.on_duty:
            assert sorted((s.material, s.missing) for s in printed[tech.id].shortages) == cli, tech.name
        lacking += bool(cli)
    assert lacking > 0, "some van in the storm lacks something for its job"


def test_new_excavation_outage_shortage_shows_in_the_handover(demo_db, capsys, fixed_clock):
    """The usual bill for the cause counts when the dispatcher recorded none (the handover said nothing)."""
    out = _cli_json(capsys, "--db", demo_db.url, "outages", "add", "--title", "Grävskada Hjorted", "--lat", "57.62",
                    "--lon", "16.30", "--customers", "14", "--cause", "excavation_damage", "--json")
    free = next(t for t in technicians.list_technicians(demo_db) if t.outage_id is None and t.on_duty)
    from console.services import outages

    outages.assign_technician(demo_db, out["id"], free.id)
    tech = technicians.get_technician(demo_db, free.id)
    plan = restock.plan_for_outage(demo_db, out["id"], free.id)
    assert tech.shortage and sorted((s.material, s.quantity) for s in tech.shortage) == sorted(plan.shortage)
    printed = next(t for t in collect_handover(demo_db).technicians if t.id == free.id)
    assert [(s.material, s.missing) for s in printed.shortages] == [(s.material, s.quantity) for s in tech.shortage]


def test_stale_position_setting_moves_position_stale_everywhere(demo_db, capsys, fixed_clock):
    def stale_ids():
        rows = _cli_json(capsys, "--db", demo_db.url, "technicians", "list", "--json")
        cli = {r["id"] for r in rows if r["position_stale"]}
        printed = {t.id for t in collect_handover(demo_db).technicians if t.position_stale}
        on_duty = {t.id for t in technicians.list_technicians(demo_db) if t.on_duty}
        assert printed == cli & on_duty
        return cli

    update_settings(demo_db, stale_position_minutes=600)
    relaxed = stale_ids()
    update_settings(demo_db, stale_position_minutes=1)
    strict = stale_ids()
    assert relaxed < strict, "a shorter threshold marks more positions stale"
    ages = {t.id: t.position_age_minutes for t in technicians.list_technicians(demo_db)}
    assert strict == {i for i, age in ages.items() if age is None or age > 1}
    assert relaxed == {i for i, age in ages.items() if age is None or age > 600}


def test_loan_due_date_is_the_same_in_loans_list_and_the_handover(demo_db, capsys, fixed_clock):
    from console.services import outages

    ankarsrum = next(o for o in outages.list_outages(demo_db, open_only=True) if "Ankarsrum" in o.title)
    free = next(v for v in loans.list_loans(demo_db) if v.outage_id is None or v.returned_at is not None)
    loans.lend(demo_db, free.serial, ankarsrum.id, "KUND-4711")
    # The ETA moves after the loan: the due date follows it, in every view.
    eta.set_eta(demo_db, ankarsrum.id, utcnow() + timedelta(days=2, hours=3), "restock")
    listed = {r["serial"]: r for r in _cli_json(capsys, "--db", demo_db.url, "loans", "list", "--json")}
    printed = {ln.serial: ln for ln in collect_handover(demo_db).loans_out}
    assert printed, "the demo has routers out"
    for serial, line in printed.items():
        from console.domain.timeutil import iso_local

        assert iso_local(line.due_at) == listed[serial]["due_at"], serial
    assert printed[free.serial].depot_name, "the handover names the depot a lent router came from"


def test_outages_list_json_carries_overdue_and_untold_since(demo_db, capsys, fixed_clock):
    rows = _cli_json(capsys, "--db", demo_db.url, "outages", "list", "--open", "--json")
    assert all({"eta_overdue", "untold_since"} <= set(r) for r in rows)
    fixed_clock.advance(timedelta(days=10))
    later = _cli_json(capsys, "--db", demo_db.url, "outages", "list", "--open", "--json")
    assert all(r["eta_overdue"] for r in later if r["current_eta"]), "ten days on, every ETA has passed"
    assert [r["untold_since"] for r in later] == [r["untold_since"] for r in rows]


def test_darkness_during_the_work_is_the_same_in_list_handover_map_and_restock(storm_db, capsys, fixed_clock):
    from console.map.features import open_outage_points
    from console.services import outages

    now = utcnow()
    listed = {o["id"]: o for o in _cli_json(capsys, "--db", storm_db.url, "outages", "list", "--open", "--json")}
    printed = {o.id: o.dark for o in collect_handover(storm_db).outages}
    views = outages.list_outages(storm_db)
    drawn = {p["id"]: p["dark"] for p in open_outage_points(views, now)}
    assert set(printed) == set(listed) == set(drawn)
    for outage_id, item in listed.items():
        assert (item["dark_from"] is not None) == printed[outage_id] == drawn[outage_id], outage_id
    dark = [o for o in views if o.is_open and o.runs_into_darkness]
    light = [o for o in views if o.is_open and not o.runs_into_darkness]
    # The storm's work windows cross nightfall for some jobs and not for others at any test moment,
    # unless the whole look-ahead is dark or light; either way the restock plan's lighting follows.
    for view in (dark[:3] + light[:3]):
        if view.technician_ids:
            plan = restock.plan_for_outage(storm_db, view.id, view.technician_ids[0])
            assert plan.runs_into_darkness == view.runs_into_darkness, view.id


def test_darkness_comes_from_the_sun_at_the_site(demo_db, fixed_clock):
    from datetime import datetime, timezone

    from console.services import outages

    # Midsummer noon with an ETA an hour away: daylight all the way. A December night: dark from now.
    fixed_clock.set(datetime(2027, 6, 21, 10, 0, tzinfo=timezone.utc))
    created = outages.add_outage(demo_db, title="Midsommar", lat=57.8, lon=16.4, customers=3)
    eta.set_eta(demo_db, created.id, utcnow() + timedelta(hours=1), "assessment")
    assert outages.get_outage(demo_db, created.id).dark_from is None
    night = datetime(2027, 12, 14, 22, 0, tzinfo=timezone.utc)
    fixed_clock.set(night)
    view = outages.get_outage(demo_db, created.id)  # its ETA has passed: the usual repair time from now
    assert view.dark_at(night)
    # It has been dark since that evening's dusk, and stays so however often it is read.
    assert timedelta(hours=3) < night - view.dark_from < timedelta(hours=9)
    fixed_clock.set(night + timedelta(hours=2))
    assert outages.get_outage(demo_db, created.id).dark_from == view.dark_from
