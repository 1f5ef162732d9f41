"""Keeping customers informed, the public status export and loaner routers, on a real store
(SQLite and PostgreSQL)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console import cli
from console.domain.errors import NotFound, ValidationError
from console.domain.notices import minutes_since_told
from console.domain.timeutil import iso_local
from console.reports.status_export import export_status
from console.services import eta, loans, notices, outages, settings
from console.services.queries import outage_views
from console.store.schema import AuditEntry, ChangeFeed, CustomerNotice, Loan, LoanerRouter, Outage

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SV_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
EVIL = "<script>alert(1)</script>"


def _count(db, model, *where) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _counts(db) -> dict[str, int]:
    return {m.__tablename__: _count(db, m) for m in (Loan, AuditEntry, ChangeFeed, CustomerNotice)}


def _outage(db, word: str):
    return next(v for v in outages.list_outages(db) if word in v.title)


def _view_at(db, outage_id, now):
    with db.read() as s:
        return outage_views(s, ids=[outage_id], now=now)[0]


# --- notices ---------------------------------------------------------------------------------

def test_swedish_draft_for_ankarsrum_carries_its_eta_in_local_time(demo_db):
    cut = _outage(demo_db, "Ankarsrum")
    local = cut.current_eta.astimezone(STOCKHOLM)
    # The demo promises 21:00 Stockholm time; UTC would read 19:00 or 20:00.
    assert f"{local:%H:%M}" == "21:00"
    for channel in ("sms", "email", "web", "phone"):
        text = notices.draft_for_outage(demo_db, cut.id, lang="sv", channel=channel)
        assert f"{local.day} {SV_MONTHS[local.month - 1]}" in text
        assert f"kl. {local:%H:%M}" in text
        assert "grävskada" in text
        assert "Expected" not in text and "We expect" not in text
    sms = notices.draft_for_outage(demo_db, cut.id)
    assert sms.startswith("Fibernätet: Driftstörning i Norrhult och Ankarsrum")
    # Work continues into the night before tomorrow evening's ETA, and the outage is long.
    assert "mörkrets inbrott" in sms
    assert "4G-router" in sms


def test_english_draft_on_request(demo_db):
    cut = _outage(demo_db, "Ankarsrum")
    local = cut.current_eta.astimezone(STOCKHOLM)
    text = notices.draft_for_outage(demo_db, cut.id, lang="en", channel="email")
    assert text.startswith("Subject: Outage: Fiberkabel avgrävd vid Ankarsrum")
    assert f"{local.day} {EN_MONTHS[local.month - 1]} at {local:%H:%M}" in text
    assert "excavator damaged the fibre cable" in text
    assert "after dark" in text and "borrow a 4G router" in text
    assert "Hej" not in text and "kl." not in text


def test_short_outage_draft_offers_no_loaners(demo_db):
    gamleby = _outage(demo_db, "Gamleby")
    text = notices.draft_for_outage(demo_db, gamleby.id, lang="en", channel="web")
    assert "router" not in text


def test_draft_of_outage_without_eta_promises_next_update(demo_db):
    totebo = _outage(demo_db, "Totebo")
    assert totebo.current_eta is None
    assert "Nästa besked kommer senast" in notices.draft_for_outage(demo_db, totebo.id, channel="phone")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lang="de"), ValidationError, "unknown language"),
    (dict(channel="fax"), ValidationError, "unknown notice channel"),
    (dict(outage_id=9999), NotFound, "no outage with id 9999"),
])
def test_bad_draft_requests_are_refused(demo_db, kwargs, error, message):
    args = dict(outage_id=_outage(demo_db, "Ankarsrum").id, lang="sv", channel="sms")
    args.update(kwargs)
    with pytest.raises(error, match=message):
        notices.draft_for_outage(demo_db, **args)


def test_information_gap_counts_from_the_eta_change_until_a_notice(demo_db):
    # Gamleby's customers were told of its only ETA: no gap is pending.
    gamleby = _outage(demo_db, "Gamleby")
    assert gamleby.untold_change_at is None and gamleby.customers_told_at is not None

    rev = eta.set_eta(demo_db, gamleby.id, gamleby.current_eta + timedelta(hours=2), "scope")
    after = outages.get_outage(demo_db, gamleby.id)
    assert after.untold_change_at == rev.recorded_at
    later = rev.recorded_at + timedelta(minutes=37)
    assert _view_at(demo_db, gamleby.id, later).minutes_since_customers_told == 37
    assert minutes_since_told(gamleby.started_at, gamleby.customers_told_at, [rev.recorded_at], later) == 37

    # A second change does not restart the clock: customers have been stale since the first.
    eta.set_eta(demo_db, gamleby.id, gamleby.current_eta + timedelta(hours=3), "scope")
    assert outages.get_outage(demo_db, gamleby.id).untold_change_at == rev.recorded_at

    audit_before = _count(demo_db, AuditEntry, AuditEntry.action == "notice")
    sent = notices.record_notice(demo_db, gamleby.id, "  Ny tid: kl. 09:00.  ", "SMS", "sv")
    assert sent.text == "Ny tid: kl. 09:00." and sent.channel == "sms" and sent.sent_by == "test-dispatcher"
    told = outages.get_outage(demo_db, gamleby.id)
    assert told.customers_told_at == sent.sent_at and told.untold_change_at is None
    assert _view_at(demo_db, gamleby.id, sent.sent_at + timedelta(minutes=5)).minutes_since_customers_told == 5
    assert _count(demo_db, AuditEntry, AuditEntry.action == "notice") == audit_before + 1
    assert notices.list_notices(demo_db, gamleby.id)[-1] == sent


def test_never_told_outage_counts_from_its_start(demo_db):
    totebo = _outage(demo_db, "Totebo")
    assert totebo.customers_told_at is None
    assert _view_at(demo_db, totebo.id, totebo.started_at + timedelta(minutes=90)).minutes_since_customers_told == 90


@pytest.mark.parametrize("kwargs, message", [
    (dict(text="   "), "empty"),
    (dict(text="x" * 2001), "too long"),
    (dict(channel="pigeon"), "unknown notice channel"),
    (dict(lang="fi"), "unknown language"),
])
def test_bad_notice_records_nothing(demo_db, kwargs, message):
    cut = _outage(demo_db, "Ankarsrum")
    args = dict(text="Hej", channel="sms", lang="sv")
    args.update(kwargs)
    before = _counts(demo_db)
    with pytest.raises(ValidationError, match=message):
        notices.record_notice(demo_db, cut.id, **args)
    assert _counts(demo_db) == before
    assert outages.get_outage(demo_db, cut.id).customers_told_at == cut.customers_told_at


def test_outages_list_json_carries_the_information_gap(demo_db, capsys):
    assert cli.main(["--db", demo_db.url, "outages", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all({"customers_told_at", "minutes_since_customers_told"} <= set(row) for row in rows)
    by_title = {row["title"]: row for row in rows}
    totebo = by_title["Kabelfel Totebo–Blackstad"]
    assert totebo["customers_told_at"] is None and totebo["minutes_since_customers_told"] >= 50
    gamleby = by_title["Nodskåp utan ström i Gamleby"]
    assert gamleby["customers_told_at"].endswith(("+01:00", "+02:00"))
    restored = by_title["Skadad drop-kabel Överum"]
    assert restored["minutes_since_customers_told"] is None


# --- settings --------------------------------------------------------------------------------

def test_settings_default_then_stored_and_audited(db):
    assert settings.get_settings(db) == settings.OperatorSettings(60, 24.0, 3, 10)
    updated = settings.update_settings(db, info_gap_minutes="45", loaner_suggest_after_hours=12.5)
    assert updated.info_gap_minutes == 45 and updated.loaner_suggest_after_hours == 12.5
    assert settings.get_settings(db) == updated
    with db.read() as s:
        rows = s.execute(select(AuditEntry.entity_id, AuditEntry.before, AuditEntry.after)
                         .where(AuditEntry.entity == "setting").order_by(AuditEntry.entity_id)).all()
    assert [(r.entity_id, json.loads(r.before), json.loads(r.after)) for r in rows] == [
        ("info_gap_minutes", {"value": 60}, {"value": 45}),
        ("loaner_suggest_after_hours", {"value": 24.0}, {"value": 12.5}),
    ]


@pytest.mark.parametrize("changes, message", [
    (dict(info_gap_minutes=0), "more than 0"),
    (dict(info_gap_minutes="1.5"), "whole number"),
    (dict(loan_due_days=-1), "from 0 to 365"),
    (dict(loaner_suggest_after_hours="nan"), "finite"),
    (dict(loaner_suggest_after_hours=True), "number"),
    (dict(colour="blue"), "unknown setting 'colour'"),
    (dict(info_gap_minutes=30, stale_position_minutes=-5), "stale_position_minutes"),
    ({}, "no setting"),
])
def test_bad_settings_change_nothing(db, changes, message):
    with pytest.raises(ValidationError, match=message):
        settings.update_settings(db, **changes)
    assert settings.get_settings(db) == settings.DEFAULTS
    assert _count(db, AuditEntry) == 0


def test_loaner_threshold_setting_drives_suggestions(demo_db):
    cut = _outage(demo_db, "Ankarsrum")
    assert [s.outage_id for s in loans.suggest_loaners(demo_db)] == [cut.id]
    outage_id, reason = loans.suggest_loaners(demo_db)[0]
    assert outage_id == cut.id and "24 h" in reason
    settings.update_settings(demo_db, loaner_suggest_after_hours=1)
    suggested = {s.outage_id for s in loans.suggest_loaners(demo_db)}
    # Gamleby started five hours ago with a two-hour ETA; Totebo is 50 minutes old.
    assert {cut.id, _outage(demo_db, "Gamleby").id} <= suggested
    assert _outage(demo_db, "Totebo").id not in suggested


# --- the public status export ----------------------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href", "action", "srcset") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_status_export_escapes_titles_and_needs_no_network(demo_db, tmp_path):
    evil = outages.add_outage(demo_db, EVIL, 57.70, 16.30, 5, "unknown", area="Norrhult")
    result = export_status(demo_db, tmp_path / "public", lang="sv")

    html = result.index_html.read_text(encoding="utf-8")
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = _Refs()
    page.feed(html)
    assert "script" not in page.tags
    assert EVIL in "".join(page.text)
    assert page.refs and all(not r.lower().startswith(("http:", "https:", "//")) for r in page.refs)

    status = json.loads(result.status_json.read_text(encoding="utf-8"))
    ids = [o["id"] for o in status["outages"]]
    assert evil.id in ids and _outage(demo_db, "Överum").id not in ids
    assert next(o for o in status["outages"] if o["id"] == evil.id)["title"] == EVIL

    feed = ET.parse(result.feed_atom).getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(EVIL in t for t in titles)


def test_status_export_last_update_follows_eta_notice_and_status(demo_db, tmp_path):
    cut = _outage(demo_db, "Ankarsrum")

    def last_update():
        result = export_status(demo_db, tmp_path / "out", lang="en")
        status = json.loads(result.status_json.read_text(encoding="utf-8"))
        assert status["lang"] == "en"
        return next(o for o in status["outages"] if o["id"] == cut.id)["last_update"]

    newest_eta = eta.eta_history(demo_db, cut.id)[-1]
    assert last_update() == iso_local(newest_eta.recorded_at)
    sent = notices.record_notice(demo_db, cut.id, "Vi jobbar vidare.", "web")
    assert last_update() == iso_local(sent.sent_at)
    moved = outages.set_status(demo_db, cut.id, "on_site")
    with demo_db.read() as s:
        status_at = s.scalar(select(func.max(AuditEntry.at)).where(
            AuditEntry.entity == "outage", AuditEntry.entity_id == str(moved.id), AuditEntry.action == "status"))
    assert last_update() == iso_local(status_at)


# --- loaner routers --------------------------------------------------------------------------

def test_lend_and_return_a_router(demo_db):
    gamleby = _outage(demo_db, "Gamleby")
    home = next(v for v in loans.list_loans(demo_db) if v.serial == "LR-0001")
    assert home.depot is not None and not home.is_out

    lent = loans.lend(demo_db, "LR-0001", gamleby.id, "  KUND-20001 ")
    assert (lent.serial, lent.outage_id, lent.customer_ref, lent.depot) == ("LR-0001", gamleby.id, "KUND-20001", None)
    assert lent.due_at == gamleby.current_eta + timedelta(days=3)
    assert lent.is_out
    assert next(v for v in loans.list_loans(demo_db) if v.serial == "LR-0001") == lent

    back = loans.return_router(demo_db, "LR-0001")
    assert back.returned_at is not None and back.depot == home.depot
    assert back.customer_ref == "KUND-20001" and not back.is_out
    with demo_db.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "loaner_router", AuditEntry.entity_id == "LR-0001").order_by(AuditEntry.id)).all()
    assert actions == ["lend", "return"]


def test_return_to_a_chosen_depot(demo_db):
    gamleby = _outage(demo_db, "Gamleby")
    loans.lend(demo_db, "LR-0002", gamleby.id, "KUND-1")
    from console.services import depots

    target = next(d for d in depots.list_depots(demo_db) if d.name == "Västervik")
    assert loans.return_router(demo_db, "LR-0002", depot_id=target.id).depot == "Västervik"
    loans.lend(demo_db, "LR-0002", gamleby.id, "KUND-2")
    before, pool = _counts(demo_db), loans.list_loans(demo_db)
    with pytest.raises(NotFound, match="no depot with id 999"):
        loans.return_router(demo_db, "LR-0002", depot_id=999)
    assert _counts(demo_db) == before and loans.list_loans(demo_db) == pool


def test_lending_a_lent_router_fails_and_changes_nothing(demo_db):
    cut = _outage(demo_db, "Ankarsrum")
    gamleby = _outage(demo_db, "Gamleby")
    before, pool = _counts(demo_db), loans.list_loans(demo_db)
    with pytest.raises(ValidationError) as err:
        loans.lend(demo_db, "LR-0003", gamleby.id, "KUND-99999")
    assert str(err.value) == f"router LR-0003 is already lent to customer KUND-10432 for outage #{cut.id}"
    assert _counts(demo_db) == before and loans.list_loans(demo_db) == pool


def test_returning_a_router_not_out_fails_and_changes_nothing(demo_db):
    before, pool = _counts(demo_db), loans.list_loans(demo_db)
    with pytest.raises(ValidationError) as err:
        loans.return_router(demo_db, "LR-0001")
    assert str(err.value) == "router LR-0001 is not out on loan"
    assert _counts(demo_db) == before and loans.list_loans(demo_db) == pool


@pytest.mark.parametrize("serial, outage_word, customer, error, message", [
    ("LR-9999", "Gamleby", "K-1", NotFound, "no loaner router with serial LR-9999"),
    ("LR-0001", "Överum", "K-1", ValidationError, "only lent for open outages"),
    ("LR-0001", "Gamleby", "", ValidationError, "customer reference is empty"),
    ("LR-0001", "Gamleby", "K" * 81, ValidationError, "too long"),
    ("LR 0001", "Gamleby", "K-1", ValidationError, "must not contain spaces"),
])
def test_bad_lending_changes_nothing(demo_db, serial, outage_word, customer, error, message):
    outage_id = _outage(demo_db, outage_word).id
    before, pool = _counts(demo_db), loans.list_loans(demo_db)
    with pytest.raises(error, match=message):
        loans.lend(demo_db, serial, outage_id, customer)
    assert _counts(demo_db) == before and loans.list_loans(demo_db) == pool


def test_restored_outage_lists_its_routers_to_collect_due_from_restoration(demo_db):
    gamleby = _outage(demo_db, "Gamleby")
    loans.lend(demo_db, "LR-0005", gamleby.id, "KUND-5")
    assert loans.to_collect(demo_db) == []
    settings.update_settings(demo_db, loan_due_days=2)
    restored = outages.set_status(demo_db, gamleby.id, "restored")
    collect = loans.to_collect(demo_db)
    assert [v.serial for v in collect] == ["LR-0005"]
    assert collect[0].due_at == restored.restored_at + timedelta(days=2)
    back = loans.return_router(demo_db, "LR-0005")
    assert back.due_at == restored.restored_at + timedelta(days=2)
    assert loans.to_collect(demo_db) == []


def test_list_loans_has_one_row_per_router(demo_db):
    rows = loans.list_loans(demo_db)
    assert [r.serial for r in rows] == [f"LR-{n:04d}" for n in range(1, 13)]
    out = [r for r in rows if r.is_out]
    assert [(r.serial, r.customer_ref, r.depot) for r in out] == [("LR-0003", "KUND-10432", None)]
    assert set(rows[0].as_json()) == {"serial", "depot", "outage_id", "customer_ref", "lent_at", "due_at",
                                      "returned_at"}
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(LoanerRouter)) == len(rows)
        assert s.get(Outage, out[0].outage_id).title == "Fiberkabel avgrävd vid Ankarsrum"


def test_factors_below_one_are_refused(db):
    from console.services import settings

    with pytest.raises(ValidationError, match="from 1 to 5"):
        settings.update_settings(db, travel_circuity="0.5")
    with pytest.raises(ValidationError, match="from 1 to 5"):
        settings.update_settings(db, darkness_factor=0.9)
    assert settings.get_settings(db).travel_circuity == settings.OperatorSettings().travel_circuity


def test_a_returned_router_goes_back_to_the_depot_it_was_lent_from(demo_db):
    from console.services import loans as loan_service

    before = {v.serial: v for v in loan_service.list_loans(demo_db)}
    home = before["LR-0005"].depot
    cut = next(o for o in outages.list_outages(demo_db) if "Ankarsrum" in o.title)
    lent = loan_service.lend(demo_db, "LR-0005", cut.id, "KUND-20001")
    assert lent.depot is None
    returned = loan_service.return_router(demo_db, "LR-0005")
    assert returned.depot == home and returned.returned_at is not None
