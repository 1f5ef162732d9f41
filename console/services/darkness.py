"""Darkness during the work window: which jobs run into the dark, worked out per map cell.

Kept apart from facts.py because listing outages needs it and must stay free of numpy.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from console.domain.daylight import darkness_intervals


# Any window longer than this crosses a night at these latitudes; no need to scan further.
_MAX_WINDOW = timedelta(days=3)
# Looked back this far for the start of a dark stretch that is already under way: a winter
# night here is about 17 hours, so the dusk that began it is always within a day.
_LOOK_BACK = timedelta(days=1)
# Darkness over many sites is computed per cell of this size (degrees): dusk moves about a
# minute per quarter degree, far below what a list needs, and a storm then costs ~100 sun scans.
_DARK_CELL_DEG = 0.25


def work_window_end(eta: datetime | None, cause: str, now: datetime, repair_minutes) -> datetime:
    """Work goes on to the current ETA or, with none ahead, for the usual repair time from now."""
    end = eta if eta is not None and eta > now else now + timedelta(minutes=repair_minutes(cause))
    return min(end, now + _MAX_WINDOW)


class DarknessCells:
    """Dark stretches per map cell, computed once per cell for the whole look-ahead."""

    def __init__(self, now: datetime, horizon: datetime):
        self._now, self._horizon = now, max(horizon, now)
        self._cells: dict[tuple[int, int], list[tuple[datetime, datetime]]] = {}

    def first_dark(self, lat: float, lon: float, until: datetime) -> tuple[datetime, datetime] | None:
        """The first dark stretch that is under way at now or begins before `until`; it ends at `until` at the latest."""
        key = (round(lat / _DARK_CELL_DEG), round(lon / _DARK_CELL_DEG))
        if key not in self._cells:
            self._cells[key] = darkness_intervals(key[0] * _DARK_CELL_DEG, key[1] * _DARK_CELL_DEG,
                                                  self._now - _LOOK_BACK, self._horizon)
        for start, end in self._cells[key]:
            if start < until and end > self._now:
                # The start is dusk itself, not "now": a dark stretch under way keeps its start
                # whenever it is read, so every view and every read agree on it.
                return start, min(end, until)
        return None

    def dark(self, lat: float, lon: float, until: datetime) -> bool:
        return self.first_dark(lat, lon, until) is not None
