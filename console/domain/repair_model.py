"""Repair times learned from restored outages, shrunk toward the settings' default.

docs/ETA_MODEL.md explains the model and its assumptions. In short: per cause, repair
durations are taken as log-normal; the log-mean and log-spread of the cases are blended with
the setting (as if it were PRIOR_CASES cases with PRIOR_LOG_SPREAD) so that three cases move
the estimate a little and thirty move it almost all the way. Where a size band of one cause
has at least MIN_BAND_CASES cases, the band is blended the same way toward its cause.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from .enums import Cause, parse_enum
from .eta_rules import EtaSettings
from .vocabulary import N_

# How many cases the setting counts as: with 5, the data outweighs the setting from the 6th case.
PRIOR_CASES = 5.0
# Log-spread assumed when there are no cases: P80 = 1.34 x the median (field repairs of one
# kind commonly vary by a third either way).
PRIOR_LOG_SPREAD = 0.35
MIN_BAND_CASES = 8
Z80 = 0.8416  # the standard normal's 80th percentile

# Customers affected: a drop cable or a street, a village, a trunk cable.
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("small", 0, 49),
    ("medium", 50, 499),
    ("large", 500, None),
)


def size_band(customers: int) -> str:
    for name, low, high in SIZE_BANDS:
        if customers >= low and (high is None or customers <= high):
            return name
    return SIZE_BANDS[0][0]


@dataclass(frozen=True)
class RepairCase:
    cause: Cause
    customers: int
    minutes: float


@dataclass(frozen=True)
class RepairEstimate:
    """What the suggestion uses for repair: likely (P50) and conservative (P80) minutes."""

    cause: Cause
    band: str | None  # the size band the figures are for, None: the whole cause
    likely_minutes: float
    conservative_minutes: float
    cases: int  # restored outages behind the figures (0: the setting alone)
    observed_median_minutes: float | None  # the median of those cases as they were
    setting_minutes: float

    @property
    def learned(self) -> bool:
        return self.cases > 0

    @property
    def basis(self) -> str:
        """One line in English for the command line and JSON; the window composes its own."""
        what = self.cause.value.replace("_", " ")
        if not self.cases:
            return f"no restored {what} outages yet: the setting, {hours_minutes(self.setting_minutes)}"
        band = f" {self.band}" if self.band else ""
        text = (f"from {self.cases} restored{band} {what} outage{'s' if self.cases != 1 else ''}, "
                f"median {hours_minutes(self.observed_median_minutes or 0)}")
        if self.cases < 3 * PRIOR_CASES:
            text += f", weighed with the setting {hours_minutes(self.setting_minutes)}"
        return text

    def as_dict(self) -> dict:
        return {
            "cause": self.cause.value,
            "size_band": self.band,
            "likely_minutes": round(self.likely_minutes, 1),
            "conservative_minutes": round(self.conservative_minutes, 1),
            "cases": self.cases,
            "observed_median_minutes": None if self.observed_median_minutes is None
            else round(self.observed_median_minutes, 1),
            "setting_minutes": self.setting_minutes,
            "basis": self.basis,
        }


def hours_minutes(minutes: float) -> str:
    """6 h 10, as a dispatcher says it; under an hour: 45 min."""
    total = int(round(minutes))
    if total < 60:
        return f"{total} min"
    return f"{total // 60} h {total % 60:02d}"


@dataclass(frozen=True)
class _Fit:
    n: int
    log_mean: float
    log_spread: float
    observed_median: float | None


def _blend(logs: list[float], prior_mean: float, prior_spread: float) -> tuple[float, float]:
    n = len(logs)
    if n == 0:
        return prior_mean, prior_spread
    mean = sum(logs) / n
    squares = sum((x - mean) ** 2 for x in logs)
    log_mean = (n * mean + PRIOR_CASES * prior_mean) / (n + PRIOR_CASES)
    # Pooled variance: the cases' own scatter plus the prior's, weighed by their counts.
    variance = (squares + PRIOR_CASES * prior_spread ** 2) / (max(n - 1, 0) + PRIOR_CASES)
    return log_mean, math.sqrt(variance)


def _fit(minutes: list[float], prior_mean: float, prior_spread: float) -> _Fit:
    # A repair recorded as restored within the minute carries no duration; one minute keeps log finite.
    logs = [math.log(max(m, 1.0)) for m in minutes]
    log_mean, spread = _blend(logs, prior_mean, prior_spread)
    return _Fit(len(logs), log_mean, spread, median(minutes) if minutes else None)


class RepairModel:
    """Fitted once from every case; estimate() answers per outage."""

    def __init__(self, cases: Iterable[RepairCase], settings: EtaSettings):
        self.settings = settings
        by_cause: dict[Cause, list[RepairCase]] = {}
        for case in cases:
            if case.minutes >= 0:
                by_cause.setdefault(case.cause, []).append(case)
        self._cause: dict[Cause, _Fit] = {}
        self._band: dict[tuple[Cause, str], _Fit] = {}
        for cause in Cause:
            group = by_cause.get(cause, [])
            fit = _fit([c.minutes for c in group], math.log(max(settings.repair_for(cause), 1.0)), PRIOR_LOG_SPREAD)
            self._cause[cause] = fit
            bands: dict[str, list[float]] = {}
            for c in group:
                bands.setdefault(size_band(c.customers), []).append(c.minutes)
            for band, minutes in bands.items():
                # A band that holds every case of its cause says nothing the cause does not.
                if MIN_BAND_CASES <= len(minutes) < len(group):
                    self._band[(cause, band)] = _fit(minutes, fit.log_mean, fit.log_spread)

    def cases(self, cause: Cause | str) -> int:
        return self._cause[parse_enum(Cause, cause, N_("cause"))].n

    def estimate(self, cause: Cause | str, customers: int = 0) -> RepairEstimate:
        cause = parse_enum(Cause, cause, N_("cause"))
        band = size_band(customers)
        fit = self._band.get((cause, band))
        if fit is None:
            fit, band = self._cause[cause], None
        setting = self.settings.repair_for(cause)
        if fit.n == 0:
            # No history: the setting as the likely time, exactly as the fixed suggestion had it.
            likely = setting
        else:
            likely = math.exp(fit.log_mean)
        conservative = likely * math.exp(Z80 * fit.log_spread)
        return RepairEstimate(cause=cause, band=band, likely_minutes=likely, conservative_minutes=conservative,
                              cases=fit.n, observed_median_minutes=fit.observed_median, setting_minutes=setting)


__all__ = ["PRIOR_CASES", "PRIOR_LOG_SPREAD", "MIN_BAND_CASES", "SIZE_BANDS", "size_band", "RepairCase",
           "RepairEstimate", "RepairModel", "hours_minutes"]
