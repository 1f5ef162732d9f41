"""Refusals in a Swedish window: every service raises its errors through the catalogue, so the same
refusal the command line prints in English reads as Swedish, with no English left in it."""
from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from console.domain import vocabulary
from console.domain.enums import OutageStatus, parse_enum
from console.domain.errors import Conflict, DispatchError
from console.domain.eta_rules import EtaSettings
from console.domain.customers import COLUMNS, CustomerFile, parse_area, parse_row
from console.domain.history import HistoryFile
from console.domain.limits import check_id
from console.domain.timeutil import parse_time
from console.domain.travel import TravelSettings
from console.services import (accuracy, audit, customers, daylight, demo, eta, handover, history, loans, notices,
                              outages, outbox, positions, restock, secrets, settings, shift_note_edits, technicians,
                              travel_calibration)

ROOT = Path(__file__).resolve().parents[2]
# Words that show an English sentence (or half of one) survived; matched as whole words.
ENGLISH = re.compile(r"\b(is|the|must|cannot|not found|already|no|of|got)\b", re.IGNORECASE)


def refusal(call) -> DispatchError:
    with pytest.raises(DispatchError) as caught:
        call()
    return caught.value


def open_outage(db) -> int:
    return next(o.id for o in outages.list_outages(db, open_only=True))


def samples(db):
    """(English the command line prints, the refusal): at least one per service module."""
    oid = open_outage(db)
    version = outages.get_outage(db, oid).version
    aware = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    yield "no outage with id 99999", refusal(lambda: outages.get_outage(db, 99999))
    yield None, refusal(lambda: outages.set_status(db, oid, "en_route", expected_version=version + 7))
    yield None, refusal(lambda: outages.set_status(db, oid, "sideways"))
    yield "no restock run with id 99999", refusal(lambda: restock.get_run(db, 99999))
    yield "no loaner router with serial NOPE-1", refusal(lambda: loans.get_loan(db, "NOPE-1"))
    yield "no outage with id 99999", refusal(lambda: notices.notice_context(db, 99999))
    yield "no setting to change", refusal(lambda: settings.update_settings(db))
    yield ("setting travel_circuity must be a number, got 'abc'",
           refusal(lambda: settings.coerce("travel_circuity", "abc")))
    yield None, refusal(lambda: settings.coerce("travel_circuity", "1e9"))
    yield None, refusal(lambda: secrets.set_secret("nope", "x"))
    yield "no handover note with id 99999", refusal(lambda: shift_note_edits.edit_shift_note(db, 99999, "x"))
    yield "no technician with id 99999", refusal(lambda: technicians.get_technician(db, 99999))
    yield "a handover note needs some text", refusal(lambda: handover.save_shift_note(db, "  ", aware))
    yield None, refusal(lambda: audit.audit_trail(db, "outage", oid, limit=0))
    yield None, refusal(lambda: accuracy.eta_accuracy(db, aware, aware - timedelta(days=1)))
    yield "a calendar date is needed, got 'x'", refusal(lambda: daylight.daylight_for(59.3, 18.1, "x"))
    yield "a track covers 0 to 336 hours, not 999", refusal(lambda: positions.track(db, 1, hours=999))
    yield ("the database already holds data; load the demo into a new, empty database",
           refusal(lambda: demo.load_demo(db)))
    yield "the ETA needs a time zone", refusal(lambda: eta.set_eta(db, oid, datetime(2026, 1, 1, 12), "travel"))
    yield "no past outages in x.csv", refusal(lambda: history.import_history(db, HistoryFile(), "x.csv"))
    yield None, refusal(lambda: parse_time("soon", "ETA"))
    yield None, refusal(lambda: parse_enum(OutageStatus, "sideways", vocabulary.N_("status")))
    yield None, refusal(lambda: check_id("many"))
    yield None, refusal(lambda: TravelSettings(circuity=0.5))
    yield None, refusal(lambda: EtaSettings(darkness_factor=0.5))
    yield ("give exactly one of --nodes, --radius-km, --area or --clear",
           refusal(lambda: customers.set_affect(db, oid)))
    yield "no customers in x.csv", refusal(lambda: customers.import_customers(db, CustomerFile(), source="x.csv"))
    yield "bad coordinates: lat is not a number: 'x'", refusal(lambda: parse_row(dict.fromkeys(COLUMNS, "") | {"ref": "K-1", "lat": "x"}, 2))
    yield None, refusal(lambda: parse_area("59.3 18.1; 59.4"))
    yield ("delivery channel must be one of email, sms, got 'fax'",
           refusal(lambda: outbox.queue_notice(db, oid, "fax")))
    yield "the notice text is empty", refusal(lambda: outbox.queue_notice(db, oid, "sms", text="  "))


def test_every_service_refuses_in_swedish_and_in_unchanged_english(demo_db):
    seen = 0
    for english, err in samples(demo_db):
        assert err.template is not None, str(err)
        if english is not None:
            assert str(err) == english
        assert err.in_language("en") == str(err)
        swedish = err.in_language("sv")
        assert swedish != str(err)
        assert not ENGLISH.search(swedish), swedish
        seen += 1
    assert seen >= 25


def test_a_conflict_in_swedish_keeps_what_changed(demo_db):
    oid = open_outage(demo_db)
    view = outages.get_outage(demo_db, oid)
    err = refusal(lambda: outages.set_status(demo_db, oid, "en_route", expected_version=view.version + 7))
    assert isinstance(err, Conflict) and err.current["version"] == view.version
    assert str(err).startswith(f"outage {oid} was changed by someone else (now version {view.version}, "
                               f"status {view.status});")
    status_sv = vocabulary.outage_status_word(view.status, "sv").lower()
    assert f"status {status_sv})" in err.in_language("sv")


def test_the_road_factor_refusal_is_the_command_line_answer(db):
    fit = travel_calibration.calibrate(db)
    assert fit.fitted is None  # an empty database has no trips
    err = refusal(lambda: travel_calibration.accept(db, fit))
    assert str(err) == fit.answer.replace("; the setting", "; nothing accepted: the setting")
    assert not ENGLISH.search(err.in_language("sv"))


def _refusal_templates():
    """Every N_() template given to an error's `.of(...)` in console/domain and console/services."""
    for folder in ("console/domain", "console/services"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "of"
                        and node.args and isinstance(node.args[0], ast.Call)
                        and getattr(node.args[0].func, "id", None) == "N_"):
                    yield path.relative_to(ROOT), node.args[0].args[0].value


def test_every_refusal_template_has_its_own_swedish():
    templates = list(_refusal_templates())
    assert len(templates) > 150
    untranslated = [(str(where), text) for where, text in templates if vocabulary.word("sv", text) == text]
    assert untranslated == []


def test_no_refusal_in_domain_or_services_is_raised_as_plain_english():
    """A refusal raised with a bare message would reach a Swedish window in English."""
    names = {"ValidationError", "NotFound", "Conflict", "NeedsConfirmation", "PermissionDenied", "StoreUnavailable"}
    plain = []
    for folder in ("console/domain", "console/services"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
                        and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))):
                    plain.append(f"{where}:{node.lineno}")
    assert plain == []

