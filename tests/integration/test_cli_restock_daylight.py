"""The restock, daylight and ETA-advice commands as a user runs them (in-process through console.cli.main)."""
from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

import pytest

from console.cli import _common, main
from console.commands.eta_advice_cmd import add_eta_actions
from tests.cli_run import run

OPTION_KEYS = {"source_kind", "source_id", "source_name", "lat", "lon", "minutes_to_source", "minutes_total",
               "minutes_extra", "covers", "complete"}


@pytest.fixture
def demo_url(capsys, db_url):
    assert run(capsys, "demo", "--db", db_url)[0] == 0
    return db_url


def _outage_id(capsys, url, word):
    _, out, _ = run(capsys, "outages", "list", "--db", url, "--json")
    return next(r["id"] for r in json.loads(out) if word in r["title"])


def test_restock_json_contract(capsys, demo_url):
    cut = _outage_id(capsys, demo_url, "Ankarsrum")
    code, out, err = run(capsys, "restock", "--outage", str(cut), "--db", demo_url, "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert set(plan) == {"outage_id", "technician_id", "shortage", "options"}
    assert plan["outage_id"] == cut and isinstance(plan["technician_id"], int)
    assert plan["shortage"] == [{"material": "SPLICE_CLOSURE", "quantity": 2}]
    assert plan["options"], "the demo has sources with closures"
    for option in plan["options"]:
        assert OPTION_KEYS <= set(option)
        assert option["source_kind"] in ("depot", "technician")
        assert all(set(c) == {"material", "quantity"} for c in option["covers"])
        assert option["complete"] == (option["covers"] == plan["shortage"])
    # Best first: every complete option before any partial one, quickest first among them.
    flags = [o["complete"] for o in plan["options"]]
    assert flags == sorted(flags, reverse=True)
    complete = [o["minutes_total"] for o in plan["options"] if o["complete"]]
    assert complete == sorted(complete)
    names = [o["source_name"] for o in plan["options"]]
    assert "Västervik" not in names and "Vimmerby" in names
    # The action word is optional: `restock plan` is the same command.
    code, again, _ = run(capsys, "restock", "plan", "--outage", str(cut), "--db", demo_url, "--json")
    assert code == 0 and json.loads(again)["options"] == plan["options"]


def test_restock_table_send_runs_complete(capsys, sqlite_url):
    run(capsys, "demo", "--db", sqlite_url)
    cut = _outage_id(capsys, sqlite_url, "Ankarsrum")
    code, out, _ = run(capsys, "restock", "--outage", str(cut), "--db", sqlite_url)
    # The catalogue's names, as the window and the handover say them; codes stay in the JSON.
    assert code == 0 and "short of: 2 Skarvbox" in out and "SPLICE_CLOSURE" not in out and "Vimmerby" in out
    _, plan_json, _ = run(capsys, "restock", "--outage", str(cut), "--db", sqlite_url, "--json")
    number = 1 + next(i for i, o in enumerate(json.loads(plan_json)["options"]) if o["source_name"] == "Vimmerby")

    code, out, err = run(capsys, "restock", "send", "--outage", str(cut), "--option", str(number),
                         "--db", sqlite_url, "--json")
    assert code == 0, err
    sent = json.loads(out)
    assert sent["option"]["source_name"] == "Vimmerby" and sent["status_after"] == "waiting_for_material"
    assert sent["proposed_reason"] == "restock"
    assert datetime.fromisoformat(sent["proposed_eta"]) > datetime.fromisoformat(sent["current_eta"])
    [run_row] = sent["runs"]

    _, out, _ = run(capsys, "restock", "runs", "--db", sqlite_url, "--json")
    assert [r["id"] for r in json.loads(out)] == [run_row["id"]]
    code, out, _ = run(capsys, "restock", "runs", "--db", sqlite_url)
    assert code == 0 and "Vimmerby" in out

    code, out, _ = run(capsys, "restock", "complete", "--run", str(run_row["id"]), "--db", sqlite_url)
    assert code == 0 and "into Anna Lindqvist's van" in out
    _, out, _ = run(capsys, "restock", "runs", "--db", sqlite_url, "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "restock", "--outage", str(cut), "--db", sqlite_url)
    assert code == 0 and "has everything" in out


@pytest.mark.parametrize("argv, message", [
    (["restock", "--outage", "9999"], "no outage"),
    (["restock"], "needs --outage"),
    (["restock", "send", "--outage", "1"], "needs --option"),
    (["restock", "send", "--outage", "1", "--option", "0"], "from 1 to"),
    (["restock", "complete"], "needs --run"),
    (["restock", "complete", "--run", "77"], "no restock run"),
])
def test_restock_errors_are_one_line(capsys, sqlite_url, argv, message):
    run(capsys, "demo", "--db", sqlite_url)
    code, out, err = run(capsys, *argv, "--db", sqlite_url)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def _local_minutes(iso: str) -> int:
    t = datetime.fromisoformat(iso)
    return t.hour * 60 + t.minute


def test_daylight_on_the_day_after_the_cut(capsys):
    code, out, err = run(capsys, "daylight", "--lat", "57.70", "--lon", "16.33", "--date", "2024-09-06", "--json")
    assert code == 0, err
    sun = json.loads(out)
    assert set(sun) == {"dawn", "sunrise", "sunset", "dusk", "polar"} and sun["polar"] is None
    assert datetime.fromisoformat(sun["sunset"]).utcoffset() == timedelta(hours=2)
    assert abs(_local_minutes(sun["sunset"]) - (19 * 60 + 37)) <= 3
    assert abs(_local_minutes(sun["dusk"]) - (20 * 60 + 18)) <= 3
    assert _local_minutes(sun["dawn"]) < _local_minutes(sun["sunrise"]) < _local_minutes(sun["sunset"])
    code, out, _ = run(capsys, "daylight", "--lat", "57.70", "--lon", "16.33", "--date", "2024-09-06")
    assert code == 0 and "19:37" in out and "20:18" in out


def test_daylight_in_kiruna_at_midsummer_and_midwinter(capsys):
    code, out, err = run(capsys, "daylight", "--lat", "67.85", "--lon", "20.23", "--date", "2024-06-21", "--json")
    assert code == 0, err
    assert json.loads(out) == {"dawn": None, "sunrise": None, "sunset": None, "dusk": None, "polar": "day"}
    code, out, err = run(capsys, "daylight", "--lat", "67.85", "--lon", "20.23", "--date", "2024-12-21", "--json")
    winter = json.loads(out)
    assert code == 0 and winter["polar"] == "night" and winter["sunrise"] is None
    assert winter["dawn"] is not None and winter["dusk"] is not None  # civil twilight at noon
    code, out, _ = run(capsys, "daylight", "--lat", "67.85", "--lon", "20.23", "--date", "2024-06-21")
    assert code == 0 and "midnight sun" in out


def test_daylight_defaults_to_today(capsys):
    code, out, _ = run(capsys, "daylight", "--lat", "57.70", "--lon", "16.33", "--json")
    assert code == 0 and set(json.loads(out)) == {"dawn", "sunrise", "sunset", "dusk", "polar"}


@pytest.mark.parametrize("argv, message", [
    (["--lat", "91", "--lon", "16"], "latitude"),
    (["--lat", "57", "--lon", "-200"], "longitude"),
    (["--lat", "north", "--lon", "16"], "numbers"),
    (["--lat", "nan", "--lon", "16"], "finite"),
    (["--lat", "57", "--lon", "16", "--date", "2024-02-30"], "malformed date"),
    (["--lat", "57", "--lon", "16", "--date", "yesterday"], "malformed date"),
])
def test_daylight_bad_input_is_one_line(capsys, argv, message):
    code, out, err = run(capsys, "daylight", *argv, "--json")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_accuracy_command(capsys, sqlite_url):
    run(capsys, "demo", "--db", sqlite_url)
    code, out, err = run(capsys, "accuracy", "--db", sqlite_url, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["restored"] == 1
    assert [c["cause"] for c in report["by_cause"]] == ["cable_fault"]
    assert report["by_cause"][0]["mean_bias_min"] == pytest.approx(60, abs=1)
    overum = _outage_id(capsys, sqlite_url, "Överum")
    code, out, _ = run(capsys, "accuracy", "--outage", str(overum), "--db", sqlite_url, "--json")
    assert code == 0 and json.loads(out)["accuracy"]["revisions"] == 0
    code, out, err = run(capsys, "accuracy", "--since", "2024-13-01", "--db", sqlite_url)
    assert code != 0 and len(err.strip().splitlines()) == 1 and "--since" in err


def test_eta_suggest_and_accuracy_as_eta_actions(capsys, sqlite_url):
    """add_eta_actions gives the `eta` group its suggest and accuracy actions."""
    run(capsys, "demo", "--db", sqlite_url)
    cut = _outage_id(capsys, sqlite_url, "Ankarsrum")
    common = _common()
    parser = argparse.ArgumentParser(parents=[common])
    eta = parser.add_subparsers(dest="command").add_parser("eta", parents=[common])
    add_eta_actions(eta.add_subparsers(dest="eta_command", required=True), common)

    args = parser.parse_args(["eta", "suggest", "--outage", str(cut), "--db", sqlite_url, "--json"])
    assert args.func(args) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["outage_id"] == cut and view["technician_assigned"]
    assert set(view["parts"]) == {"travel", "restock", "repair", "darkness"}
    assert view["parts"]["repair"] == 480
    assert datetime.fromisoformat(view["eta"]) > datetime.fromisoformat(view["work_starts_at"])

    args = parser.parse_args(["eta", "suggest", "--outage", str(cut), "--db", sqlite_url])
    out = capsys.readouterr().out if args.func(args) == 0 else ""
    assert "likely ETA" in out and "conservative" in out and "no restored excavation damage outages yet" in out
    args = parser.parse_args(["eta", "accuracy", "--db", sqlite_url, "--json"])
    assert args.func(args) == 0 and json.loads(capsys.readouterr().out)["restored"] == 1
