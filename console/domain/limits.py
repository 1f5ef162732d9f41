"""The ranges every input is held to before the database sees it, the same on SQLite and PostgreSQL.

PostgreSQL's INTEGER is 32 bits and SQLite's is 64: an id or count is checked against the
smaller, so both backends answer the same one line instead of one storing what the other
refuses. Times stay within years the console's date arithmetic can still add days to.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timezone

from .errors import StoredWord, ValidationError
from .vocabulary import N_

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
MAX_ID = INT32_MAX
EARLIEST_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST_TIME = datetime(2200, 1, 1, tzinfo=timezone.utc)


# Free text a person types, one limit per kind wherever it is entered (CLI, the window's dialogs,
# imports), checked here before any database sees it. Each is at most its column's length
# (tests/unit/test_text_limits.py), so SQLite and PostgreSQL refuse the same text with the same line.
NAME_CHARS = 80            # who did it: --by, the dispatcher's name, the workstation's name
TITLE_CHARS = 200          # an outage's title
AREA_CHARS = 200           # the place an outage is in
ADDRESS_CHARS = 200        # a depot's or a customer's address
PROPER_NAME_CHARS = 120    # a technician, a depot, a customer
REFERENCE_CHARS = 80       # a customer reference, a node, a history ticket
NOTE_CHARS = 2000          # the note beside a promised ETA
NOTICE_CHARS = 2000        # a notice to customers as sent
HANDOVER_NOTE_CHARS = 4000  # a handover note


def check_text(value: object, what: str, limit: int, *, required: bool = False, one_line: bool = True) -> str:
    """Trimmed text of at most `limit` characters; `one_line` also refuses line breaks and control
    characters (names, titles), otherwise only control characters other than line breaks and tabs."""
    text = ("" if value is None else str(value)).strip()
    # `what` is a catalogue word where the caller marked it N_(), so a Swedish window says it in Swedish.
    term = StoredWord("term", what)
    if required and not text:
        raise ValidationError.of(N_("{what} is empty"), what=term)
    if len(text) > limit:
        raise ValidationError.of(N_("{what} is too long ({n} characters, at most {most})"),
                                 what=term, n=len(text), most=limit)
    allowed = "" if one_line else "\n\r\t"
    if any((ord(c) < 32 or ord(c) == 127) and c not in allowed for c in text):
        if one_line:
            raise ValidationError.of(N_("{what} contains control characters or line breaks"), what=term)
        raise ValidationError.of(N_("{what} contains control characters"), what=term)
    return text


def check_name(value: object, what: str = N_("name"), *, required: bool = False) -> str:
    """Who did something: one line, spaces collapsed, at most NAME_CHARS."""
    return check_text(" ".join(str(value or "").split()), what, NAME_CHARS, required=required)


def check_whole(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise ValidationError.of(N_("{what} must be a whole number from {low} to {high}, got {value}"),
                                 what=StoredWord("term", what), low=low, high=high, value=repr(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            raise ValidationError.of(N_("{what} must be a whole number from {low} to {high}, got {value}"),
                                     what=StoredWord("term", what), low=low, high=high, value=_show(text))
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError.of(N_("{what} must be a whole number from {low} to {high}, got {value}"),
                                 what=StoredWord("term", what), low=low, high=high, value=_show(value))
    return value


def check_id(value: object, what: str = N_("id")) -> int:
    return check_whole(value, what, 1, MAX_ID)


def check_number(value: object, what: str, low: float, high: float) -> float:
    """A finite float in [low, high], from a number or text."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            raise ValidationError.of(N_("{what} must be a number from {low} to {high}, got {value}"),
                                     what=StoredWord("term", what), low=format(low, "g"), high=format(high, "g"),
                                     value=_show(text))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError.of(N_("{what} must be a number from {low} to {high}, got {value}"),
                                 what=StoredWord("term", what), low=format(low, "g"), high=format(high, "g"),
                                 value=_show(value))
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValidationError.of(N_("{what} must be a number from {low} to {high}, got {value}"),
                                 what=StoredWord("term", what), low=format(low, "g"), high=format(high, "g"),
                                 value=_show(value))
    return number


def check_time(value: datetime, what: str) -> datetime:
    """An aware time within the years the console works with."""
    if not EARLIEST_TIME <= value <= LATEST_TIME:
        raise ValidationError.of(N_("{what} must be between {earliest} and {latest}, got {value}"),
                                 what=StoredWord("term", what), earliest=EARLIEST_TIME.year, latest=LATEST_TIME.year - 1, value=value.isoformat())
    return value


def check_date(value: date, what: str) -> date:
    if not EARLIEST_TIME.year <= value.year < LATEST_TIME.year:
        raise ValidationError.of(N_("{what} must be between {earliest} and {latest}, got {value}"),
                                 what=StoredWord("term", what), earliest=EARLIEST_TIME.year, latest=LATEST_TIME.year - 1, value=value.isoformat())
    return value


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}…"
