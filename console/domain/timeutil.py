"""Time rules: stored in UTC, shown in the operator's zone (Europe/Stockholm)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from . import clock
from .errors import ValidationError

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
            raise ValidationError(f"{what} is required")
        return None
    if not isinstance(value, datetime):
        raise ValidationError(f"{what} must be a date and time, got {value!r}")
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
        raise ValidationError(
            f"malformed {what} {text!r}; use ISO 8601 such as 2024-09-10T21:00+02:00"
        ) from None
    from .limits import EARLIEST_TIME, LATEST_TIME, check_time

    if not EARLIEST_TIME.year <= value.year < LATEST_TIME.year:
        # Before converting: year 1 or 9999 overflows on the way to UTC or in later arithmetic.
        raise ValidationError(f"{what} must be between {EARLIEST_TIME.year} and {LATEST_TIME.year - 1}, "
                              f"got {text.strip()!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return check_time(value.astimezone(timezone.utc), what)


def format_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if value is None else to_local(value).strftime(fmt)
