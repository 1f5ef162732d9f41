"""Time rules: stored in UTC, shown in the operator's zone (Europe/Stockholm)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from . import clock
from .errors import StoredWord, ValidationError
from .vocabulary import N_

LOCAL_TZ = ZoneInfo("Europe/Stockholm")


def utcnow() -> datetime:
    """Now, from the one clock (`console.domain.clock`)."""
    return clock.now()


def as_utc(value: datetime) -> datetime:
    """Naive datetimes come back from SQLite; the store only ever writes UTC, so naive means UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def checked_utc(value: datetime | None, what: str, required: bool = True) -> datetime | None:
    """A datetime argument in UTC, or one clear ValidationError naming `what`."""
    if value is None:
        if required:
            raise ValidationError.of(N_("{what} is required"), what=StoredWord("term", what))
        return None
    if not isinstance(value, datetime):
        raise ValidationError.of(N_("{what} must be a date and time, got {value}"),
                                 what=StoredWord("term", what), value=repr(value))
    return as_utc(value)


def to_local(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value).astimezone(LOCAL_TZ)


def iso_local(value: datetime | None) -> str | None:
    """ISO 8601 with the Stockholm offset, as the JSON contract wants."""
    return None if value is None else to_local(value).isoformat(timespec="seconds")


def parse_time(text: str, what: str = "time") -> datetime:
    """Parse ISO 8601; a time without offset is read as Stockholm local time."""
    raw = (text or "").strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError.of(N_("malformed {what} {text}; use ISO 8601 such as 2024-09-10T21:00+02:00"),
                                 what=StoredWord("term", what), text=repr(text)) from None
    from .limits import EARLIEST_TIME, LATEST_TIME, check_time

    if not EARLIEST_TIME.year <= value.year < LATEST_TIME.year:
        # Before converting: year 1 or 9999 overflows on the way to UTC or in later arithmetic.
        raise ValidationError.of(N_("{what} must be between {earliest} and {latest}, got {value}"),
                                 what=StoredWord("term", what), earliest=EARLIEST_TIME.year, latest=LATEST_TIME.year - 1, value=repr(text.strip()))
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return check_time(value.astimezone(timezone.utc), what)


def format_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if value is None else to_local(value).strftime(fmt)
