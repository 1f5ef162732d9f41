"""ETA rules: a suggested ETA, the ledger's one hard rule, and how good promises turned out.

The suggestion is advice shown beside the dispatcher's own ETA; only recorded ETAs count.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import fmean

from .daylight import darkness_intervals
from .enums import Cause, parse_enum
from .errors import StoredWord, ValidationError
from .vocabulary import N_
from .timeutil import as_utc, iso_local

# Typical hands-on repair time per cause, in minutes, once on site with the material.
# An excavator cut means digging, a new stretch of cable and two full splices; a cable
# fault is one splice; storms mean many small aerial repairs.
DEFAULT_REPAIR_MINUTES: dict[Cause, int] = {
    Cause.EXCAVATION_DAMAGE: 480,
    Cause.CABLE_FAULT: 300,
    Cause.EQUIPMENT_FAILURE: 120,
    Cause.POWER: 90,
    Cause.WEATHER: 360,
    Cause.UNKNOWN: 240,
}


@dataclass(frozen=True)
class EtaSettings:
    repair_minutes: Mapping[Cause, int] = field(default_factory=lambda: dict(DEFAULT_REPAIR_MINUTES))
    # Splicing under work lights, in the cold, is slower: 1.3 means an hour of daylight work
    # takes 78 minutes in the dark.
    darkness_factor: float = 1.3

    def __post_init__(self) -> None:
        if not self.darkness_factor >= 1.0:
            raise ValidationError.of(N_("darkness factor must be at least 1, got {darkness_factor}"),
                                     darkness_factor=self.darkness_factor)
        for cause, minutes in self.repair_minutes.items():
            if not minutes >= 0:
                raise ValidationError.of(N_("repair time for {cause} must not be negative"),
                                         cause=StoredWord("cause", cause))

    def repair_for(self, cause: Cause | str) -> float:
        cause = parse_enum(Cause, cause, N_("cause"))
        return float(self.repair_minutes.get(cause, self.repair_minutes.get(Cause.UNKNOWN, 240)))


DEFAULT_ETA_SETTINGS = EtaSettings()


@dataclass(frozen=True)
class EtaSuggestion:
    eta: datetime  # UTC
    work_starts_at: datetime  # UTC: on site with the material
    travel_minutes: float
    restock_minutes: float
    repair_minutes: float  # as if all in daylight
    darkness_extra_minutes: float  # what working in the dark adds
    dark_work_hours: float  # wall-clock hours of the work spent in darkness
    cause: Cause

    @property
    def runs_into_darkness(self) -> bool:
        return self.dark_work_hours > 0

    @property
    def parts(self) -> tuple[tuple[str, float], ...]:
        return (
            ("travel", self.travel_minutes),
            ("restock", self.restock_minutes),
            ("repair", self.repair_minutes),
            ("darkness", self.darkness_extra_minutes),
        )

    def as_dict(self) -> dict:
        return {
            "eta": iso_local(self.eta),
            "work_starts_at": iso_local(self.work_starts_at),
            "cause": self.cause.value,
            "dark_work_hours": round(self.dark_work_hours, 2),
            "parts": {name: round(minutes, 1) for name, minutes in self.parts},
        }


def _finish(start: datetime, work_minutes: float, dark, factor: float) -> datetime:
    """Wall-clock end of work_minutes of daylight-equivalent work; dark stretches run 1/factor as fast."""
    t, left = start, work_minutes
    for d0, d1 in dark:
        if d1 <= t:
            continue
        light = max(0.0, (d0 - t).total_seconds() / 60)
        if left <= light:
            return t + timedelta(minutes=left)
        left -= light
        t = max(t, d0)
        dark_wall = (d1 - t).total_seconds() / 60
        if left * factor <= dark_wall:
            return t + timedelta(minutes=left * factor)
        left -= dark_wall / factor
        t = d1
    return t + timedelta(minutes=left)


def suggest_eta(
    now: datetime,
    travel_minutes: float,
    cause: Cause | str,
    restock_extra_minutes: float,
    lat: float,
    lon: float,
    settings: EtaSettings = DEFAULT_ETA_SETTINGS,
    repair_minutes: float | None = None,
) -> EtaSuggestion:
    """repair_minutes: daylight repair time to use instead of the setting for the cause (learned)."""
    if travel_minutes < 0 or restock_extra_minutes < 0:
        raise ValidationError.of(N_("travel and restock minutes must not be negative"))
    cause = parse_enum(Cause, cause, N_("cause"))
    start = as_utc(now) + timedelta(minutes=travel_minutes + restock_extra_minutes)
    repair = settings.repair_for(cause) if repair_minutes is None else float(repair_minutes)
    if not repair >= 0:
        raise ValidationError.of(N_("repair minutes must not be negative"))
    # The work can take at most repair x factor wall-clock minutes; no darkness beyond that matters.
    horizon = start + timedelta(minutes=repair * settings.darkness_factor)
    dark = darkness_intervals(lat, lon, start, horizon)
    eta = _finish(start, repair, dark, settings.darkness_factor)
    dark_hours = sum(
        (min(d1, eta) - d0).total_seconds() for d0, d1 in dark if d0 < eta
    ) / 3600
    return EtaSuggestion(
        eta=eta,
        work_starts_at=start,
        travel_minutes=float(travel_minutes),
        restock_minutes=float(restock_extra_minutes),
        repair_minutes=repair,
        darkness_extra_minutes=(eta - start).total_seconds() / 60 - repair,
        dark_work_hours=dark_hours,
        cause=cause,
    )


def check_new_eta(eta: datetime, outage_started_at: datetime) -> datetime:
    """The ledger's rule for a new promise; returns the ETA in UTC."""
    eta_utc, started = as_utc(eta), as_utc(outage_started_at)
    if eta_utc < started:
        raise ValidationError.of(N_("ETA {eta_utc} is before the outage started ({started})"),
                                 eta_utc=iso_local(eta_utc), started=iso_local(started))
    return eta_utc


@dataclass(frozen=True)
class Accuracy:
    """Errors in minutes, restored minus promised: positive means restored late."""

    first_error_min: float
    last_error_min: float
    revisions: int  # promises after the first
    bias_min: float  # mean error over every promise


def accuracy(promised: Iterable[tuple[datetime, datetime]], restored_at: datetime) -> Accuracy | None:
    """promised: (recorded_at, eta) pairs in any order. None when nothing was promised before restoration.

    A promise recorded after the restoration is bookkeeping, not a promise, and is left out.
    """
    restored = as_utc(restored_at)
    ledger = sorted(
        (as_utc(recorded), as_utc(eta)) for recorded, eta in promised if as_utc(recorded) <= restored
    )
    if not ledger:
        return None
    errors = [(restored - eta).total_seconds() / 60 for _, eta in ledger]
    return Accuracy(errors[0], errors[-1], len(ledger) - 1, fmean(errors))


@dataclass(frozen=True)
class CauseAccuracy:
    cause: Cause
    count: int
    mean_abs_first_min: float
    mean_abs_last_min: float
    mean_revisions: float
    mean_bias_min: float


def aggregate_by_cause(items: Iterable[tuple[Cause | str, Accuracy | None]]) -> dict[Cause, CauseAccuracy]:
    """Per-cause summary, causes in their declared order; outages without promises are skipped."""
    groups: dict[Cause, list[Accuracy]] = {}
    for cause, acc in items:
        if acc is not None:
            groups.setdefault(parse_enum(Cause, cause, N_("cause")), []).append(acc)
    return {
        cause: CauseAccuracy(
            cause=cause,
            count=len(accs),
            mean_abs_first_min=fmean(abs(a.first_error_min) for a in accs),
            mean_abs_last_min=fmean(abs(a.last_error_min) for a in accs),
            mean_revisions=fmean(a.revisions for a in accs),
            mean_bias_min=fmean(a.bias_min for a in accs),
        )
        for cause in Cause
        if (accs := groups.get(cause))
    }
