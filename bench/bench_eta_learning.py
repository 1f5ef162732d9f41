"""Held-out evaluation of the learned ETA against the fixed-settings one, on a synthetic history.

A history is drawn from known distributions: per cause a log-normal repair time whose median is
not the setting's (as a real operator's would not be), longer for large outages, and a drive
from a technician 5-60 km away. Each outage's true restoration is what the console's own rules
make of that drive and repair (darkness at the site included), so the fixed suggestion is wrong
only in its repair time. The history is split at random; the model is fitted on one part and
every suggestion is judged on the held-out part, which it never saw:

* fixed: travel + the setting's repair time (the suggestion before learning);
* learned likely (P50) and learned conservative (P80).

It reports the mean absolute error in minutes and the share of restorations later than the
promise, over all held-out outages and with only a few training cases per cause.

    PYTHONPATH=. python bench/bench_eta_learning.py [--cases N] [--seed S] [--csv FILE]

--csv writes the whole history in the `history import` format, to try in the console.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.domain.enums import Cause  # noqa: E402
from console.domain.eta_range import suggest_range  # noqa: E402
from console.domain.eta_rules import DEFAULT_ETA_SETTINGS, suggest_eta  # noqa: E402
from console.domain.repair_model import RepairCase, RepairModel  # noqa: E402
from console.domain.timeutil import LOCAL_TZ, iso_local  # noqa: E402

# The operator's truth, unknown to the settings: (median minutes, log-spread, share of outages).
TRUTH: dict[Cause, tuple[float, float, float]] = {
    Cause.EXCAVATION_DAMAGE: (600, 0.35, 0.25),
    Cause.CABLE_FAULT: (370, 0.40, 0.25),
    Cause.EQUIPMENT_FAILURE: (150, 0.45, 0.20),
    Cause.POWER: (70, 0.50, 0.10),
    Cause.WEATHER: (420, 0.45, 0.10),
    Cause.UNKNOWN: (260, 0.55, 0.10),
}
LARGE_FACTOR = 1.3  # outages of 500+ customers take this much longer (a trunk cable, more splices)
SPEED_KMH, CIRCUITY, STOP = 65.0, 1.35, 5.0


@dataclass(frozen=True)
class Synthetic:
    ref: str
    cause: Cause
    customers: int
    started: datetime
    restored: datetime
    lat: float
    lon: float
    travel_minutes: float


def draw(n: int, rng: random.Random) -> list[Synthetic]:
    causes = list(TRUTH)
    weights = [TRUTH[c][2] for c in causes]
    first = datetime(2023, 1, 2, 7, 0, tzinfo=LOCAL_TZ)
    out = []
    for i in range(n):
        cause = rng.choices(causes, weights)[0]
        median, spread, _ = TRUTH[cause]
        customers = int(math.exp(rng.uniform(math.log(2), math.log(2000))))
        repair = median * math.exp(rng.gauss(0, spread)) * (LARGE_FACTOR if customers >= 500 else 1.0)
        km = rng.uniform(5, 60)
        travel = km * CIRCUITY / SPEED_KMH * 60 + STOP
        started = first + timedelta(hours=rng.uniform(0, 2 * 365 * 24))
        lat, lon = 57.3 + rng.uniform(0, 1.0), 15.8 + rng.uniform(0, 1.2)
        # The restoration the console's rules make of this drive and repair, darkness included.
        restored = suggest_eta(started, travel, cause, 0.0, lat, lon, DEFAULT_ETA_SETTINGS, repair_minutes=repair).eta
        out.append(Synthetic(f"SYN-{i:05d}", cause, customers, started, restored, lat, lon, travel))
    return out


def _minutes(a: datetime, b: datetime) -> float:
    return (a - b).total_seconds() / 60


def evaluate(train: list[Synthetic], test: list[Synthetic]) -> dict[str, tuple[float, float]]:
    model = RepairModel([RepairCase(s.cause, s.customers, _minutes(s.restored, s.started)) for s in train],
                        DEFAULT_ETA_SETTINGS)
    errors: dict[str, list[float]] = {"fixed": [], "learned likely (P50)": [], "learned conservative (P80)": []}
    for s in test:
        fixed = suggest_eta(s.started, s.travel_minutes, s.cause, 0.0, s.lat, s.lon, DEFAULT_ETA_SETTINGS).eta
        span = suggest_range(s.started, s.travel_minutes, 0.0, s.lat, s.lon, model.estimate(s.cause, s.customers),
                             DEFAULT_ETA_SETTINGS)
        for name, promised in zip(errors, (fixed, span.likely.eta, span.conservative.eta)):
            errors[name].append(_minutes(s.restored, promised))  # positive: restored late
    return {name: (sum(abs(e) for e in errs) / len(errs), sum(e > 0 for e in errs) / len(errs))
            for name, errs in errors.items()}


def few_per_cause(items: list[Synthetic], k: int) -> list[Synthetic]:
    taken: dict[Cause, int] = {}
    out = []
    for s in items:
        if taken.get(s.cause, 0) < k:
            taken[s.cause] = taken.get(s.cause, 0) + 1
            out.append(s)
    return out


def write_csv(path: Path, items: list[Synthetic]) -> None:
    lines = ["ref,cause,started_at,restored_at,customers_affected,lat,lon"]
    lines += [f"{s.ref},{s.cause.value},{iso_local(s.started)},{iso_local(s.restored)},{s.customers},"
              f"{s.lat:.5f},{s.lon:.5f}" for s in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--holdout", type=float, default=0.3)
    parser.add_argument("--csv", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    history = draw(args.cases, rng)
    if args.csv:
        write_csv(args.csv, history)
        print(f"wrote {len(history)} past outages to {args.csv}")
    rng.shuffle(history)
    cut = int(len(history) * (1 - args.holdout))
    train, test = history[:cut], history[cut:]
    for label, fitted in ((f"all {len(train)} training cases", train),
                          ("3 training cases per cause", few_per_cause(train, 3)),
                          ("10 training cases per cause", few_per_cause(train, 10))):
        print(f"\n{label}; {len(test)} held-out outages (seed {args.seed})")
        print(f"  {'suggestion':30} {'MAE min':>8} {'late':>6}")
        for name, (mae, late) in evaluate(fitted, test).items():
            print(f"  {name:30} {mae:8.0f} {late:6.0%}")


if __name__ == "__main__":
    main()
