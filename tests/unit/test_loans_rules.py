"""Loaner router rules: suggestion threshold, due dates, lend/return guards, collection."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from console.domain.errors import ValidationError
from console.domain.loans import (
    Loan,
    LoanSettings,
    RouterState,
    check_can_lend,
    check_can_return,
    check_customer_ref,
    check_outage_accepts_loans,
    check_serial,
    due_at,
    is_overdue,
    should_suggest_loaners,
    to_collect,
)

UTC = timezone.utc
START = datetime(2024, 9, 5, 12, 40, tzinfo=UTC)


def loan(serial="SN123", outage_id=4, customer_ref="KUND-881", due=None, returned=None):
    return Loan(serial=serial, outage_id=outage_id, customer_ref=customer_ref,
                lent_at=START + timedelta(days=1), due_at=due, returned_at=returned)


# --- settings ----------------------------------------------------------------------------

def test_default_settings():
    s = LoanSettings()
    assert (s.suggest_after_hours, s.due_days_after_restoration) == (24, 3)


@pytest.mark.parametrize("kwargs", [{"suggest_after_hours": 0}, {"suggest_after_hours": -2},
                                    {"due_days_after_restoration": -1},
                                    {"due_days_after_restoration": 1.5}])
def test_bad_settings_are_rejected(kwargs):
    with pytest.raises(ValidationError):
        LoanSettings(**kwargs)


# --- suggestion --------------------------------------------------------------------------

def test_suggest_when_eta_is_more_than_threshold_after_start():
    assert should_suggest_loaners(START, START + timedelta(hours=24, minutes=1))
    assert not should_suggest_loaners(START, START + timedelta(hours=24))
    assert not should_suggest_loaners(START, START + timedelta(hours=3))


def test_suggest_uses_the_setting():
    six = LoanSettings(suggest_after_hours=6)
    assert should_suggest_loaners(START, START + timedelta(hours=7), six)
    assert not should_suggest_loaners(START, START + timedelta(hours=7))


def test_no_eta_no_suggestion_unless_the_outage_already_lasts():
    assert not should_suggest_loaners(START, None)
    assert should_suggest_loaners(START, None, now=START + timedelta(hours=25))
    assert not should_suggest_loaners(START, None, now=START + timedelta(hours=5))


def test_a_slipped_eta_in_the_past_does_not_hide_a_long_outage():
    assert should_suggest_loaners(START, START + timedelta(hours=10), now=START + timedelta(hours=30))


def test_the_reference_story_suggests_loaners():
    # Thursday afternoon to Tuesday evening.
    assert should_suggest_loaners(START, datetime(2024, 9, 10, 19, 0, tzinfo=UTC))


# --- due dates ---------------------------------------------------------------------------

def test_due_is_restoration_plus_days():
    restored = datetime(2024, 9, 10, 17, 30, tzinfo=UTC)
    assert due_at(restored, datetime(2024, 9, 12, tzinfo=UTC)) == restored + timedelta(days=3)
    assert due_at(restored, None, LoanSettings(due_days_after_restoration=7)) == restored + timedelta(days=7)


def test_provisional_due_from_eta_before_restoration():
    eta = datetime(2024, 9, 10, 19, 0, tzinfo=UTC)
    assert due_at(None, eta) == datetime(2024, 9, 13, 19, 0, tzinfo=UTC)


def test_no_due_date_without_restoration_or_eta():
    assert due_at(None, None) is None


def test_naive_times_are_read_as_utc():
    assert due_at(datetime(2024, 9, 10, 17, 30), None) == datetime(2024, 9, 13, 17, 30, tzinfo=UTC)


# --- lend / return guards ----------------------------------------------------------------

def test_free_router_can_be_lent():
    check_can_lend(RouterState("SN123", depot="Västervik"))


def test_lent_router_cannot_be_lent_again():
    router = RouterState("SN123", depot="Västervik", loan=loan(customer_ref="X", outage_id=4))
    with pytest.raises(ValidationError) as err:
        check_can_lend(router)
    assert str(err.value) == "router SN123 is already lent to customer X for outage #4"


def test_returning_a_router_not_out_fails():
    with pytest.raises(ValidationError) as err:
        check_can_return(RouterState("SN123"))
    assert str(err.value) == "router SN123 is not out on loan"


def test_returning_a_lent_router_gives_the_loan_to_close():
    out = loan()
    assert check_can_return(RouterState("SN123", loan=out)) is out


def test_a_returned_loan_leaves_the_router_free():
    router = RouterState("SN123", loan=loan(returned=START + timedelta(days=6)))
    assert not router.is_lent
    check_can_lend(router)
    with pytest.raises(ValidationError, match="not out on loan"):
        check_can_return(router)


def test_messages_stay_on_one_line():
    router = RouterState("SN123", loan=loan(customer_ref="Anna\nSvensson"))
    with pytest.raises(ValidationError) as err:
        check_can_lend(router)
    assert "\n" not in str(err.value) and "Anna Svensson" in str(err.value)


def test_serial_and_customer_checks():
    assert check_serial("  SN123 ") == "SN123"
    assert check_customer_ref("  KUND  881\n") == "KUND 881"
    for bad in ("", "   ", "SN 123", "X" * 65):
        with pytest.raises(ValidationError):
            check_serial(bad)
    with pytest.raises(ValidationError, match="customer reference is empty"):
        check_customer_ref(" ")


def test_loans_only_for_open_outages():
    check_outage_accepts_loans(4, "on_site")
    with pytest.raises(ValidationError, match="outage #4 is restored"):
        check_outage_accepts_loans(4, "restored")


# --- collection --------------------------------------------------------------------------

def test_to_collect_lists_loans_still_out_after_restoration():
    d = datetime(2024, 9, 13, tzinfo=UTC)
    late = loan("SN3", outage_id=4, due=d + timedelta(days=1))
    early = loan("SN2", outage_id=4, due=d)
    undated = loan("SN1", outage_id=4, due=None)
    returned = loan("SN4", outage_id=4, due=d, returned=d)
    still_open_outage = loan("SN5", outage_id=9, due=d)
    result = to_collect([late, undated, returned, still_open_outage, early],
                        {4: datetime(2024, 9, 10, tzinfo=UTC)})
    assert [x.serial for x in result] == ["SN2", "SN3", "SN1"]


def test_to_collect_accepts_a_set_of_ids_and_mixed_naive_times():
    a = loan("SN1", outage_id=4, due=datetime(2024, 9, 14))
    b = loan("SN2", outage_id=4, due=datetime(2024, 9, 13, tzinfo=UTC))
    assert [x.serial for x in to_collect([a, b], {4})] == ["SN2", "SN1"]
    assert to_collect([a, b], set()) == []


def test_is_overdue():
    d = datetime(2024, 9, 13, tzinfo=UTC)
    assert is_overdue(loan(due=d), d + timedelta(minutes=1))
    assert not is_overdue(loan(due=d), d)
    assert not is_overdue(loan(due=d, returned=d), d + timedelta(days=2))
    assert not is_overdue(loan(due=None), d)
