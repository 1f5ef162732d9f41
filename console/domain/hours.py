"""A depot's weekly opening hours.

Apart from restock.py so that read models and the window can show hours without importing
numpy with the restock planner.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from .errors import ValidationError
from .vocabulary import N_
from .timeutil import LOCAL_TZ, as_utc


@dataclass(frozen=True)
class OpeningHours:
    """Local (Europe/Stockholm) weekly hours; weekday 0 is Monday. None means open around the clock.

    A closing time at or before the opening time runs past midnight into the next day.
    """

    weekly: tuple[tuple[int, time, time], ...] | None = None

    @classmethod
    def always(cls) -> "OpeningHours":
        return cls(None)

    @classmethod
    def from_mapping(cls, hours: Mapping[int, tuple[time, time]]) -> "OpeningHours":
        rows = []
        for weekday, (opens, closes) in sorted(hours.items()):
            if not (isinstance(weekday, int) and 0 <= weekday <= 6):
                raise ValidationError.of(N_("weekday must be 0 (Monday) to 6 (Sunday), got {weekday}"),
                                         weekday=repr(weekday))
            if not (isinstance(opens, time) and isinstance(closes, time)):
                raise ValidationError.of(N_("opening hours for weekday {weekday} must be two times"), weekday=weekday)
            rows.append((weekday, opens, closes))
        return cls(tuple(rows))

    @classmethod
    def from_text(cls, hours: Mapping[int | str, Sequence[str]]) -> "OpeningHours":
        """From hours as stored and shown: {weekday: ["07:00", "16:00"]}, weekday as int or text."""
        try:
            parsed = {int(day): (time.fromisoformat(span[0]), time.fromisoformat(span[1]))
                      for day, span in hours.items()}
        except (ValueError, TypeError, IndexError, KeyError):
            raise ValidationError.of(N_("unreadable opening hours {hours}"), hours=repr(dict(hours))) from None
        return cls.from_mapping(parsed)

    @property
    def is_24_7(self) -> bool:
        return self.weekly is None

    def is_open(self, at: datetime) -> bool:
        if self.weekly is None:
            return True
        local = as_utc(at).astimezone(LOCAL_TZ)
        now, today = local.time(), local.weekday()
        yesterday = (today - 1) % 7
        for weekday, opens, closes in self.weekly:
            overnight = closes <= opens
            if weekday == today and (opens <= now < closes or (overnight and now >= opens)):
                return True
            if weekday == yesterday and overnight and now < closes:
                return True
        return False


ALWAYS_OPEN = OpeningHours.always()
