"""Notice texts and the information-gap rule."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from console.domain.enums import Cause, OutageStatus
from console.domain.errors import ValidationError
from console.domain.notices import (
    SMS_MAX_CHARS,
    NoticeContext,
    cause_words,
    draft_notice,
    format_when,
    information_gap_since,
    is_gap_exceeded,
    minutes_since_told,
    next_update_at,
)

UTC = timezone.utc


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ankarsrum(**changes) -> NoticeContext:
    """The reference story: excavator cut near Ankarsrum, ETA Tuesday 21:00 local."""
    base = NoticeContext(
        title="Grävskada Norrhult",
        area="Norrhult och Ankarsrum",
        cause=Cause.EXCAVATION_DAMAGE,
        status=OutageStatus.ON_SITE,
        customers_affected=143,
        started_at=utc(2024, 9, 5, 12, 40),
        current_eta=utc(2024, 9, 10, 19, 0),
        now=utc(2024, 9, 6, 18, 3),
    )
    return dataclasses.replace(base, **changes)


# --- dates in words ----------------------------------------------------------------------

def test_format_when_uses_stockholm_summer_time_and_own_names():
    assert format_when(utc(2024, 9, 10, 19, 0), "sv") == "tisdag 10 september kl. 21:00"
    assert format_when(utc(2024, 9, 10, 19, 0), "en") == "Tuesday 10 September at 21:00"


def test_format_when_uses_winter_offset_in_january():
    assert format_when(utc(2025, 1, 3, 19, 0), "sv") == "fredag 3 januari kl. 20:00"


def test_format_when_adds_year_only_when_it_differs_from_now():
    eta = utc(2025, 1, 2, 9, 0)
    assert format_when(eta, "sv", now=utc(2024, 12, 30, 9, 0)) == "torsdag 2 januari 2025 kl. 10:00"
    assert format_when(eta, "en", now=utc(2025, 1, 1, 9, 0)) == "Thursday 2 January at 10:00"


def test_next_update_rounds_up_to_five_minutes():
    assert next_update_at(utc(2024, 9, 6, 18, 3), 60) == utc(2024, 9, 6, 19, 5)
    assert next_update_at(utc(2024, 9, 6, 18, 0), 60) == utc(2024, 9, 6, 19, 0)
    assert next_update_at(utc(2024, 9, 6, 23, 58, 30), 60) == utc(2024, 9, 7, 1, 0)


# --- open outage texts -------------------------------------------------------------------

@pytest.mark.parametrize("channel", ["sms", "email", "web", "phone"])
def test_swedish_text_has_eta_in_local_time(channel):
    text = draft_notice(ankarsrum(), "sv", channel)
    assert "tisdag 10 september kl. 21:00" in text
    assert "kl. 19:00" not in text
    assert "Norrhult och Ankarsrum" in text
    assert "grävskada på fiberkabeln" in text


@pytest.mark.parametrize("channel", ["sms", "email", "web", "phone"])
def test_english_text_has_eta_and_cause_in_plain_words(channel):
    text = draft_notice(ankarsrum(), "en", channel)
    assert "Tuesday 10 September at 21:00" in text
    assert "an excavator damaged the fibre cable" in text
    assert "tisdag" not in text


def test_swedish_is_the_default_language_and_email_the_default_channel():
    text = draft_notice(ankarsrum())
    assert text.startswith("Ämne: Driftstörning: Grävskada Norrhult")
    assert "Omkring 143 kunder berörs." in text
    assert text.rstrip().endswith("Fibernätet")


def test_operator_name_signs_the_text():
    text = draft_notice(ankarsrum(operator="Kalmar Fiber"), "en", "email")
    assert text.rstrip().endswith("Kalmar Fiber")
    assert draft_notice(ankarsrum(operator="Kalmar Fiber"), "sv", "sms").startswith("Kalmar Fiber:")


@pytest.mark.parametrize("lang, expected", [
    ("sv", "Nästa besked kommer senast kl. 21:05."),
    ("en", "We will update you by 21:05."),
])
def test_without_eta_promises_next_update_by_local_clock(lang, expected):
    # 18:03Z is 20:03 in Stockholm; one hour on, rounded up to five minutes.
    text = draft_notice(ankarsrum(current_eta=None), lang, "email")
    assert expected in text


def test_next_update_minutes_is_used():
    text = draft_notice(ankarsrum(current_eta=None, next_update_minutes=30), "sv", "sms")
    assert "senast kl. 20:35" in text


def test_next_update_on_another_day_names_the_day():
    late = ankarsrum(current_eta=None, now=utc(2024, 9, 6, 21, 30))  # 23:30 local
    assert "senast lördag 7 september kl. 00:30" in draft_notice(late, "sv", "web")


def test_eta_already_passed_is_not_repeated_as_a_promise():
    overdue = ankarsrum(now=utc(2024, 9, 11, 8, 0))
    text = draft_notice(overdue, "sv", "email")
    assert "Vi beräknar" not in text
    assert "(tisdag 10 september kl. 21:00) håller inte" in text
    assert "senast kl. 11:00" in text
    sms = draft_notice(overdue, "en", "sms")
    assert "Expected back" not in sms and "Next update by 11:00" in sms


def test_darkness_sentence_only_when_work_goes_on_after_dark():
    assert "efter mörkrets inbrott" in draft_notice(ankarsrum(works_in_darkness=True), "sv", "email")
    assert "after dark" in draft_notice(ankarsrum(works_in_darkness=True), "en", "sms")
    assert "mörkrets" not in draft_notice(ankarsrum(), "sv", "email")
    assert "after dark" not in draft_notice(ankarsrum(), "en", "web")


def test_loaner_sentence_only_when_loaners_are_available():
    assert "låna en 4G-router" in draft_notice(ankarsrum(loaners_available=True), "sv", "email")
    assert "borrow a 4G router" in draft_notice(ankarsrum(loaners_available=True), "en", "phone")
    assert "4G" not in draft_notice(ankarsrum(), "sv", "email")


def test_status_in_words():
    assert "hämtar material" in draft_notice(
        ankarsrum(status=OutageStatus.WAITING_FOR_MATERIAL), "sv", "email")
    assert "on the way" in draft_notice(ankarsrum(status="en_route"), "en", "phone")


@pytest.mark.parametrize("cause", list(Cause))
def test_every_cause_has_words_in_both_languages(cause):
    sv, en = cause_words(cause, "sv"), cause_words(cause, "en")
    assert sv and en and sv != en and "_" not in sv + en
    assert cause_words(cause, "sv") in draft_notice(ankarsrum(cause=cause), "sv", "email")


def test_sms_stays_short_even_with_everything_and_a_long_area():
    ctx = ankarsrum(area="Norrhult, Ankarsrum, Hultsfred norra, " * 10,
                    works_in_darkness=True, loaners_available=True)
    for lang in ("sv", "en"):
        text = draft_notice(ctx, lang, "sms")
        assert len(text) <= SMS_MAX_CHARS
        assert "…" in text
        assert ("kl. 21:00" if lang == "sv" else "at 21:00") in text


def test_usual_sms_fits_without_cutting():
    text = draft_notice(ankarsrum(works_in_darkness=True, loaners_available=True), "sv", "sms")
    assert len(text) <= SMS_MAX_CHARS and "…" not in text


def test_area_text_is_kept_on_one_line():
    text = draft_notice(ankarsrum(area="Norrhult\nAnkarsrum"), "sv", "sms")
    assert "Norrhult Ankarsrum" in text


# --- closing texts -----------------------------------------------------------------------

def test_restored_text_closes_the_story():
    ctx = ankarsrum(status=OutageStatus.RESTORED, restored_at=utc(2024, 9, 10, 17, 30),
                    now=utc(2024, 9, 10, 17, 45))
    sv = draft_notice(ctx, "sv", "email")
    assert "Åtgärdat: Grävskada Norrhult" in sv
    assert "fungerar igen sedan tisdag 10 september kl. 19:30" in sv
    assert "Vi beräknar" not in sv and "ursäkt" not in sv
    en = draft_notice(ctx, "en", "web")
    assert "has been repaired" in en and "Tuesday 10 September at 19:30" in en
    assert "repaired" in draft_notice(ctx, "en", "sms")


def test_restored_text_asks_for_loaners_back():
    ctx = ankarsrum(status=OutageStatus.RESTORED, loaners_available=True)
    assert "lämna tillbaka" in draft_notice(ctx, "sv", "email")
    assert "return" in draft_notice(ctx, "en", "sms")


def test_cancelled_text():
    ctx = ankarsrum(status=OutageStatus.CANCELLED)
    assert "avskriven" in draft_notice(ctx, "sv", "phone")
    assert "closed" in draft_notice(ctx, "en", "sms")


# --- bad input ---------------------------------------------------------------------------

def test_unknown_language_and_channel_are_one_line_errors():
    with pytest.raises(ValidationError, match="unknown language 'de'"):
        draft_notice(ankarsrum(), "de")
    with pytest.raises(ValidationError, match="unknown notice channel 'fax'"):
        draft_notice(ankarsrum(), "sv", "fax")


@pytest.mark.parametrize("changes, message", [
    ({"area": "  "}, "affected area"),
    ({"customers_affected": -1}, "cannot be negative"),
    ({"next_update_minutes": 0}, "positive number of minutes"),
    ({"cause": "meteor"}, "unknown cause"),
    ({"now": "2024-09-06"}, "must be a date and time"),
])
def test_bad_context_is_rejected(changes, message):
    with pytest.raises(ValidationError, match=message):
        ankarsrum(**changes)


def test_naive_times_are_read_as_utc():
    ctx = ankarsrum(current_eta=datetime(2024, 9, 10, 19, 0))
    assert ctx.current_eta == utc(2024, 9, 10, 19, 0)


# --- information gap ---------------------------------------------------------------------

START = utc(2024, 9, 5, 12, 0)


def test_gap_never_told_counts_from_start_even_after_changes():
    now = START + timedelta(hours=3)
    assert minutes_since_told(START, None, [START + timedelta(hours=1)], now) == 180


def test_gap_told_and_nothing_changed_counts_from_the_notice():
    told = START + timedelta(hours=1)
    assert minutes_since_told(START, told, None, told + timedelta(minutes=45)) == 45


def test_gap_changes_before_the_notice_are_already_told():
    told = START + timedelta(hours=1)
    changes = [START + timedelta(minutes=10), START + timedelta(minutes=50)]
    assert information_gap_since(START, told, changes) == told


def test_gap_counts_from_the_first_change_after_the_notice():
    told = START + timedelta(hours=1)
    first, second = told + timedelta(minutes=20), told + timedelta(minutes=40)
    now = told + timedelta(minutes=90)
    assert information_gap_since(START, told, [second, first]) == first
    assert minutes_since_told(START, told, [second, first], now) == 70


def test_gap_a_single_change_time_is_accepted():
    told = START + timedelta(hours=1)
    change = told + timedelta(minutes=5)
    assert minutes_since_told(START, told, change, change + timedelta(minutes=61)) == 61


def test_gap_change_at_the_notice_instant_counts_as_told():
    told = START + timedelta(hours=1)
    assert information_gap_since(START, told, [told]) == told


def test_gap_a_new_notice_after_the_change_resets_it():
    change = START + timedelta(hours=2)
    later_notice = change + timedelta(minutes=15)
    assert minutes_since_told(START, later_notice, [change], later_notice + timedelta(minutes=10)) == 10


def test_gap_is_whole_minutes_rounded_down_and_never_negative():
    told = START + timedelta(hours=1)
    assert minutes_since_told(START, told, None, told + timedelta(seconds=119)) == 1
    assert minutes_since_told(START, told, None, told - timedelta(minutes=5)) == 0


def test_gap_accepts_naive_utc_from_sqlite():
    naive_start = datetime(2024, 9, 5, 12, 0)
    assert minutes_since_told(naive_start, None, None, START + timedelta(minutes=30)) == 30


def test_gap_threshold():
    assert not is_gap_exceeded(60)
    assert is_gap_exceeded(61)
    assert is_gap_exceeded(31, threshold=30)
    assert not is_gap_exceeded(None)
    with pytest.raises(ValidationError, match="threshold"):
        is_gap_exceeded(10, threshold=0)
