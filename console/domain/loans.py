"""Loaner 4G routers: when to offer them, when they are due back, who may lend what.

A long outage is bearable with a borrowed 4G router.  These rules decide when the console
suggests loaners, compute due dates, and guard the lend/return actions; the service layer
calls the checks before it writes anything, so a broken rule changes nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .enums import OutageStatus, parse_enum
from .errors import StoredWord, ValidationError
from .limits import REFERENCE_CHARS
from .vocabulary import N_
from .timeutil import as_utc

MAX_SERIAL_CHARS = 64
MAX_CUSTOMER_REF_CHARS = REFERENCE_CHARS


@dataclass(frozen=True)
class LoanSettings:
    """Suggest loaners once the expected end is this many hours after the start; loans are
    due back this many days after restoration."""

    suggest_after_hours: float = 24
    due_days_after_restoration: int = 3

    def __post_init__(self) -> None:
        hours = self.suggest_after_hours
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not hours > 0:
            raise ValidationError.of(N_("loaner suggestion threshold must be a positive number of hours, got {hours}"),
                                     hours=repr(hours))
        days = self.due_days_after_restoration
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValidationError.of(N_("loan period must be a whole number of days, 0 or more, got {days}"),
                                     days=repr(days))


DEFAULT_LOAN_SETTINGS = LoanSettings()


def should_suggest_loaners(
    started_at: datetime,
    current_eta: datetime | None,
    settings: LoanSettings = DEFAULT_LOAN_SETTINGS,
    *,
    now: datetime | None = None,
) -> bool:
    """True when the outage is expected to last more than the threshold.

    The expected end is the current ETA.  When `now` is given, an outage that has already
    lasted past the threshold also qualifies, with or without an ETA: an ETA that has
    slipped into the past must not hide a long outage.
    """
    start = as_utc(started_at)
    candidates = [as_utc(t) for t in (current_eta, now) if t is not None]
    if not candidates:
        return False
    return max(candidates) - start > timedelta(hours=settings.suggest_after_hours)


def due_at(
    restored_at: datetime | None,
    current_eta: datetime | None,
    settings: LoanSettings = DEFAULT_LOAN_SETTINGS,
) -> datetime | None:
    """Restoration + N days; before restoration a provisional date from the current ETA.

    None when the outage is neither restored nor has an ETA: no date can be promised yet.
    """
    base = restored_at if restored_at is not None else current_eta
    if base is None:
        return None
    return as_utc(base) + timedelta(days=settings.due_days_after_restoration)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def check_serial(serial: object) -> str:
    """A router serial as stored: trimmed, no spaces inside, not empty."""
    text = str(serial if serial is not None else "").strip()
    if not text:
        raise ValidationError.of(N_("router serial number is empty"))
    if any(ch.isspace() for ch in text) or not text.isprintable():
        raise ValidationError.of(N_("router serial number “{serial}” must not contain spaces"), serial=_one_line(text))
    if len(text) > MAX_SERIAL_CHARS:
        raise ValidationError.of(N_("router serial number is too long ({n} characters, at most {most})"),
                                 n=len(text), most=MAX_SERIAL_CHARS)
    return text


def check_customer_ref(ref: object) -> str:
    """A customer reference as stored: one trimmed line, not empty."""
    text = _one_line(ref if ref is not None else "")
    if not text:
        raise ValidationError.of(N_("customer reference is empty"))
    if len(text) > MAX_CUSTOMER_REF_CHARS:
        raise ValidationError.of(N_("customer reference is too long ({n} characters, at most {most})"),
                                 n=len(text), most=MAX_CUSTOMER_REF_CHARS)
    return text


def check_outage_accepts_loans(outage_id: int, status: OutageStatus | str) -> None:
    """Routers are lent for open outages only."""
    status = parse_enum(OutageStatus, status, N_("status"))
    if not status.is_open:
        raise ValidationError.of(N_("outage #{outage} is {status}; routers are only lent for open outages"),
                                 outage=outage_id, status=StoredWord("outage_status", status.value))


@dataclass(frozen=True)
class Loan:
    """One lending of one router; field names follow `loans list --json`."""

    serial: str
    outage_id: int
    customer_ref: str
    lent_at: datetime
    due_at: datetime | None = None
    returned_at: datetime | None = None
    depot: str | None = None

    @property
    def is_out(self) -> bool:
        return self.returned_at is None


@dataclass(frozen=True)
class RouterState:
    """A router and its open loan, if any (a returned loan is history, not state)."""

    serial: str
    depot: str | None = None
    loan: Loan | None = None

    def __post_init__(self) -> None:
        if self.loan is not None and not self.loan.is_out:
            object.__setattr__(self, "loan", None)

    @property
    def is_lent(self) -> bool:
        return self.loan is not None


def check_can_lend(router: RouterState) -> None:
    """A router out on loan cannot be lent again until it is returned."""
    if router.loan is not None:
        raise ValidationError.of(N_("router {serial} is already lent to customer {customer} for outage #{outage}"),
                                 serial=_one_line(router.serial), customer=_one_line(router.loan.customer_ref),
                                 outage=router.loan.outage_id)


def check_can_return(router: RouterState) -> Loan:
    """Only a router out on loan can be returned; gives the loan to close."""
    if router.loan is None:
        raise ValidationError.of(N_("router {serial} is not out on loan"), serial=_one_line(router.serial))
    return router.loan


def is_overdue(loan: Loan, now: datetime) -> bool:
    return loan.is_out and loan.due_at is not None and as_utc(loan.due_at) < as_utc(now)


def to_collect(
    loans: Iterable[Loan],
    outages_restored: Mapping[int, datetime | None] | Iterable[int],
) -> list[Loan]:
    """Loans still out whose outage has been restored: the routers to fetch back.

    `outages_restored` is the ids of restored outages (a mapping id -> restored_at works
    too).  Earliest due first, loans without a due date last, then by serial so the list
    is stable from one refresh to the next.
    """
    restored = set(outages_restored)
    pending = [loan for loan in loans if loan.is_out and loan.outage_id in restored]
    far_future = datetime.max.replace(tzinfo=None)
    return sorted(
        pending,
        key=lambda loan: (
            loan.due_at is None,
            as_utc(loan.due_at).replace(tzinfo=None) if loan.due_at is not None else far_future,
            loan.serial,
        ),
    )
