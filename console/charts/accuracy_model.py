"""What the chart of ETA accuracy by cause shows: per cause, how late (or early) restorations
came against the first and the last promise, one dot per outage, with the count."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from console.domain.enums import Cause, parse_enum
from console.domain.timeutil import as_utc
from console.domain.vocabulary import cause_word, check_lang

from .words import texts, when

# Past this spread minutes are hard to read; the axis counts hours instead.
HOURS_FROM_MINUTES = 180


@dataclass(frozen=True)
class CauseErrors:
    cause: str
    label: str  # the cause's word in the chart's language
    first: tuple[float, ...]  # minutes, restored minus the first promise: + is late
    last: tuple[float, ...]  # minutes, restored minus the last promise before restoration

    @property
    def count(self) -> int:
        return len(self.first)

    @property
    def median_first(self) -> float:
        return median(self.first)

    @property
    def median_last(self) -> float:
        return median(self.last)


@dataclass(frozen=True)
class AccuracyChart:
    lang: str
    since: datetime
    until: datetime
    rows: tuple[CauseErrors, ...]  # causes in their declared order, only those with cases

    @property
    def in_hours(self) -> bool:
        values = [abs(v) for r in self.rows for v in r.first + r.last]
        return bool(values) and max(values) > HOURS_FROM_MINUTES

    def scaled(self, minutes: float) -> float:
        return minutes / 60 if self.in_hours else minutes

    def words(self) -> dict[str, str]:
        return texts(self.lang)

    def period(self) -> str:
        return self.words()["acc_period"].format(since=when(self.since, self.lang), until=when(self.until, self.lang))


def accuracy_chart(errors: Iterable[tuple[str, float, float]], since: datetime, until: datetime,
                   lang: str = "sv") -> AccuracyChart:
    """errors: (cause, first error, last error) in minutes per restored outage that had a promise."""
    lang = check_lang(lang)
    groups: dict[Cause, tuple[list[float], list[float]]] = {}
    for cause, first, last in errors:
        firsts, lasts = groups.setdefault(parse_enum(Cause, cause, "cause"), ([], []))
        firsts.append(float(first))
        lasts.append(float(last))
    rows = tuple(CauseErrors(c.value, cause_word(c, lang), tuple(groups[c][0]), tuple(groups[c][1]))
                 for c in Cause if c in groups)
    return AccuracyChart(lang, as_utc(since), as_utc(until), rows)
