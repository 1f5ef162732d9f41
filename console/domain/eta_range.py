"""A likely and a conservative ETA: the same travel, restock and darkness, two repair times.

Customers forgive an early restoration far more readily than a late one, so the conservative
(P80) time is the one to promise by default; the likely (P50) one is what to expect.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .eta_rules import DEFAULT_ETA_SETTINGS, EtaSettings, EtaSuggestion, suggest_eta
from .repair_model import RepairEstimate
from .timeutil import iso_local


@dataclass(frozen=True)
class EtaRange:
    likely: EtaSuggestion
    conservative: EtaSuggestion
    repair: RepairEstimate

    def as_dict(self) -> dict:
        return {
            "likely_eta": iso_local(self.likely.eta),
            "conservative_eta": iso_local(self.conservative.eta),
            "conservative_parts": {name: round(minutes, 1) for name, minutes in self.conservative.parts},
            "repair": self.repair.as_dict(),
            "basis": self.repair.basis,
            "cases": self.repair.cases,
        }


def suggest_range(now: datetime, travel_minutes: float, restock_extra_minutes: float, lat: float, lon: float,
                  repair: RepairEstimate, settings: EtaSettings = DEFAULT_ETA_SETTINGS) -> EtaRange:
    likely = suggest_eta(now, travel_minutes, repair.cause, restock_extra_minutes, lat, lon, settings,
                         repair_minutes=repair.likely_minutes)
    conservative = suggest_eta(now, travel_minutes, repair.cause, restock_extra_minutes, lat, lon, settings,
                               repair_minutes=repair.conservative_minutes)
    return EtaRange(likely, conservative, repair)
