"""The one clock every rule asks for "now".

Rules never call `datetime.now()`: they ask `clock.now()`, which answers from whichever clock is
installed. The console runs on the system clock; tests and demos install a clock anchored at a
chosen moment, so a rule that depends on the hour, the weekday or a DST change is checked at that
moment and not at whatever hour the suite happens to run.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator, Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def __repr__(self) -> str:
        return "SystemClock()"


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a clock needs a timezone-aware moment")
    return value.astimezone(timezone.utc)


class FixedClock:
    """Stands still at one moment until told to move: for rules checked at an exact instant."""

    def __init__(self, at: datetime):
        self._at = _utc(at)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = _utc(at)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"


class AnchoredClock:
    """Starts at a chosen moment and runs at the real rate from there.

    A whole program (or test run) sees a Thursday morning or a DST change day, while waits,
    timeouts and the order of events still behave as they do on the system clock.
    """

    def __init__(self, at: datetime):
        self._anchor = _utc(at)
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._anchor + timedelta(seconds=time.monotonic() - self._started)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._anchor += delta

    def __repr__(self) -> str:
        return f"AnchoredClock(started at {self._anchor.isoformat()})"


_current: Clock = SystemClock()


def now() -> datetime:
    return _current.now()


def current() -> Clock:
    return _current


def install(clock: Clock) -> Clock:
    """Make `clock` the one every rule asks; returns the clock it replaced."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def installed(clock: Clock) -> Iterator[Clock]:
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)


# The environment variable through which a program is started "as if it were" a given moment
# (tests hand it to the processes they start; the CLI reads it at start-up).
ENV_VAR = "DISPATCH_NOW"
