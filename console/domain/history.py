"""Past outages from the operator's previous ticket system: the CSV format and its rules.

Columns (a header naming them, in any order, is required; other columns are ignored):
ref, cause, started_at, restored_at, customers_affected, lat, lon, and optionally first_eta.
Comma or semicolon separated; with semicolons a decimal comma is accepted. Times without an
offset are Stockholm local time. Every bad line is reported with its line number; the caller
decides that one bad line refuses the whole file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .csv_rows import csv_records
from .enums import Cause, parse_enum
from .errors import StoredWord, ValidationError
from .vocabulary import N_
from .geo import check_coordinates
from .limits import REFERENCE_CHARS
from .timeutil import parse_time

REQUIRED_COLUMNS = ("ref", "cause", "started_at", "restored_at", "customers_affected", "lat", "lon")
OPTIONAL_COLUMNS = ("first_eta",)
MAX_REF_CHARS = REFERENCE_CHARS
# An outage that lasted longer than this is a data error in the old system, not a repair time.
MAX_DURATION = timedelta(days=60)


@dataclass(frozen=True)
class PastOutageRow:
    line: int
    ref: str
    cause: Cause
    started_at: datetime  # UTC
    restored_at: datetime  # UTC
    customers_affected: int
    lat: float
    lon: float
    first_eta: datetime | None  # UTC

    @property
    def duration_minutes(self) -> float:
        return (self.restored_at - self.started_at).total_seconds() / 60


@dataclass
class HistoryFile:
    rows: list[PastOutageRow] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def _number(text: str, what: str, delimiter: str) -> float:
    raw = text.strip()
    if delimiter == ";":
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise ValidationError.of(N_("{what} {text} is not a number"),
                                 what=StoredWord("term", what), text=repr(text.strip())) from None


def _count(text: str) -> int:
    raw = text.strip()
    if not raw.isdigit():
        raise ValidationError.of(N_("customers_affected {raw} is not a whole number of 0 or more"), raw=repr(raw))
    return int(raw)


def _row(values: dict[str, str], delimiter: str, line: int) -> PastOutageRow:
    def get(name: str) -> str:
        return values.get(name, "").strip()

    ref = get("ref")
    if not ref:
        raise ValidationError.of(N_("ref is empty"))
    if len(ref) > MAX_REF_CHARS:
        raise ValidationError.of(N_("ref is {n} characters; at most {most}"), n=len(ref), most=MAX_REF_CHARS)
    cause = parse_enum(Cause, get("cause"), N_("cause"))
    started = parse_time(get("started_at"), "started_at")
    restored = parse_time(get("restored_at"), "restored_at")
    if restored < started:
        raise ValidationError.of(N_("restored_at is before started_at"))
    if restored - started > MAX_DURATION:
        raise ValidationError.of(N_("restored {days} days after it started; at most {most}"),
                                 days=(restored - started).days, most=MAX_DURATION.days)
    lat, lon = check_coordinates(_number(get("lat"), "lat", delimiter), _number(get("lon"), "lon", delimiter))
    first_eta = None
    if get("first_eta"):
        first_eta = parse_time(get("first_eta"), "first_eta")
        if first_eta < started:
            raise ValidationError.of(N_("first_eta is before started_at"))
    return PastOutageRow(line, ref, cause, started, restored, _count(get("customers_affected")), lat, lon,
                         first_eta)


def read_history_csv(text: str) -> HistoryFile:
    """Parse the whole file; a header that lacks a column raises, bad rows are collected."""
    result = HistoryFile()
    seen: dict[str, int] = {}
    for line, values, delimiter, problem in csv_records(text, N_("history"), REQUIRED_COLUMNS, OPTIONAL_COLUMNS):
        try:
            if values is None:
                raise ValidationError(problem)
            row = _row(values, delimiter, line)
            if row.ref in seen:
                raise ValidationError.of(N_("ref {ref} appears again (first on line {first})"),
                                         ref=repr(row.ref), first=seen[row.ref])
        except ValidationError as err:
            result.bad_lines.append((line, str(err)))
            continue
        seen[row.ref] = line
        result.rows.append(row)
    return result
