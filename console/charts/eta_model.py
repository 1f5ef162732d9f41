"""What the chart of one outage's promised ETAs shows: the staircase of a slipping ETA.

The horizontal axis is when each promise was made, the vertical one the restoration time it
promised.  Each promise holds from the moment it was recorded until the next one replaced it
(or until now, or the restoration); a step up is a slip, with the reason the ledger gives.
The diagonal is "the promise is this very moment": a step that reaches it is an ETA that has
passed without restoration.  Everything is in UTC here; the drawing shows local time.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.domain.timeutil import as_utc, utcnow
from console.domain.vocabulary import check_lang, eta_reason_word

from .words import span, texts


@dataclass(frozen=True)
class Promise:
    """One row of the ETA ledger, as the chart needs it."""

    recorded_at: datetime
    eta: datetime
    reason: str
    note: str = ""


@dataclass(frozen=True)
class EtaStep:
    promised_at: datetime
    until: datetime  # replaced by the next promise, or the chart's end (now, or the restoration)
    eta: datetime
    reason: str  # the stored value
    reason_word: str  # in the chart's language
    slip_minutes: float | None  # how far this promise moved the previous one; None for the first
    note: str


@dataclass(frozen=True)
class EtaChart:
    outage_id: int
    title: str
    lang: str
    started_at: datetime
    now: datetime
    restored_at: datetime | None
    steps: tuple[EtaStep, ...]
    end: datetime  # where the staircase stops: the restoration, else now

    @property
    def moved(self) -> bool:
        """The promise changed at least once (a first ETA alone is not a move)."""
        return any(s.slip_minutes is not None for s in self.steps)

    @property
    def current(self) -> EtaStep | None:
        return self.steps[-1] if self.steps else None

    @property
    def overdue(self) -> bool:
        return self.restored_at is None and self.current is not None and self.current.eta < self.now

    @property
    def total_slip_minutes(self) -> float:
        if len(self.steps) < 2:
            return 0.0
        return (self.steps[-1].eta - self.steps[0].eta).total_seconds() / 60

    def time_range(self) -> tuple[datetime, datetime]:
        """The span both axes must show: the outage's start to the latest of now, restoration, ETAs."""
        points = [self.started_at, self.end] + [s.eta for s in self.steps] + [s.promised_at for s in self.steps]
        return min(points), max(points)

    def promise_range(self) -> tuple[datetime, datetime]:
        """The horizontal axis: promises are made from the outage's start to now (or the restoration);
        the future ETAs belong on the vertical axis only, else they squeeze the staircase to one side."""
        points = [self.started_at, self.end] + [s.promised_at for s in self.steps]
        return min(points), max(points)

    def eta_range(self) -> tuple[datetime, datetime]:
        """The vertical axis: every promised time, with the start and the end for the diagonal."""
        points = [self.started_at, self.end] + [s.eta for s in self.steps]
        return min(points), max(points)

    def step_label(self, step: EtaStep) -> str:
        """'Larger scope +22 h' beside a step; the first says only its reason."""
        if step.slip_minutes is None:
            return step.reason_word
        return f"{step.reason_word} {span(step.slip_minutes, self.lang)}"

    def words(self) -> dict[str, str]:
        return texts(self.lang)


def eta_chart(outage_id: int, title: str, started_at: datetime, promises: Iterable[Promise],
              restored_at: datetime | None = None, lang: str = "sv", now: datetime | None = None) -> EtaChart:
    """The chart of one outage from its ledger (any order); `now` defaults to the one clock."""
    lang = check_lang(lang)
    now = as_utc(now) if now is not None else utcnow()
    started = as_utc(started_at)
    restored = as_utc(restored_at) if restored_at is not None else None
    ledger = sorted((Promise(as_utc(p.recorded_at), as_utc(p.eta), p.reason, p.note or "") for p in promises),
                    key=lambda p: p.recorded_at)
    end = restored if restored is not None else now
    if ledger:
        # A promise recorded after the end (bookkeeping after restoration, or a clock behind the
        # writer's) still gets a visible step of its own.
        end = max(end, ledger[-1].recorded_at)
    steps = []
    for i, p in enumerate(ledger):
        until = ledger[i + 1].recorded_at if i + 1 < len(ledger) else end
        previous = ledger[i - 1].eta if i else None
        slip = None if previous is None else (p.eta - previous).total_seconds() / 60
        steps.append(EtaStep(p.recorded_at, until, p.eta, p.reason, eta_reason_word(p.reason, lang), slip, p.note))
    return EtaChart(outage_id, title, lang, started, now, restored, tuple(steps), end)


def moved_between(chart: EtaChart, since: datetime, until: datetime) -> bool:
    """Whether a promise recorded in [since, until] replaced an earlier one (the handover's test)."""
    since, until = as_utc(since), as_utc(until)
    return any(s.slip_minutes is not None and since <= s.promised_at <= until for s in chart.steps)


def padded(lo: datetime, hi: datetime, fraction: float = 0.06) -> tuple[datetime, datetime]:
    """A range with room at both ends (an hour at least), so markers do not sit on the frame."""
    pad = max((hi - lo) * fraction, timedelta(hours=1))
    return lo - pad, hi + pad


def chart_for(outage, revisions: Iterable, lang: str = "sv", now: datetime | None = None) -> EtaChart:
    """From an outage read model (id, title, started_at, restored_at) and its ledger rows
    (recorded_at, eta, reason, note): the services' views, taken as they come."""
    return eta_chart(outage.id, outage.title, outage.started_at,
                     [Promise(r.recorded_at, r.eta, r.reason, r.note) for r in revisions],
                     restored_at=outage.restored_at, lang=lang, now=now)
