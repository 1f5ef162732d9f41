"""Material codes, their units and what a job of each cause usually needs.

Apart from restock.py so that listing outages, which shows the bill of materials, does not
import numpy with the restock planner.
"""
from __future__ import annotations

from collections.abc import Mapping

from .enums import Cause, parse_enum
from .vocabulary import N_

# Material codes and their units; quantities are whole numbers of the unit.
MATERIAL_UNITS = {
    "SPLICE_CLOSURE": "pcs",
    "FIBER_CABLE_M": "m",
    "SPLICE_SLEEVE": "pcs",
    "PATCH_CORD": "pcs",
    "DROP_CABLE_M": "m",
    "ONT": "pcs",
    "LIGHTING_KIT": "pcs",
    "ROUTER_4G": "pcs",
}
LIGHTING_KIT = "LIGHTING_KIT"

# What a job of each cause usually consumes; editable per outage by the dispatcher.
# An excavator cut is two closures (one each side of a replaced stretch) and a 48-fibre
# splice at each; a cable fault is usually one closure; storms bring down aerial drops.
_DEFAULT_BOM: dict[Cause, dict[str, int]] = {
    Cause.EXCAVATION_DAMAGE: {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 200, "SPLICE_SLEEVE": 96},
    Cause.CABLE_FAULT: {"SPLICE_CLOSURE": 1, "FIBER_CABLE_M": 50, "SPLICE_SLEEVE": 24},
    Cause.EQUIPMENT_FAILURE: {"ONT": 1, "PATCH_CORD": 4},
    Cause.POWER: {"PATCH_CORD": 2},
    Cause.WEATHER: {"DROP_CABLE_M": 150, "SPLICE_SLEEVE": 12, "SPLICE_CLOSURE": 1},
    Cause.UNKNOWN: {"SPLICE_CLOSURE": 1, "FIBER_CABLE_M": 50, "SPLICE_SLEEVE": 24, "PATCH_CORD": 2},
}


def default_bill_of_materials(cause: Cause | str) -> dict[str, int]:
    return dict(_DEFAULT_BOM[parse_enum(Cause, cause, N_("cause"))])


def with_lighting(required: Mapping[str, int], dark: bool) -> dict[str, int]:
    """Work that runs into darkness needs a lighting kit on the van."""
    needed = dict(required)
    if dark:
        needed[LIGHTING_KIT] = max(needed.get(LIGHTING_KIT, 0), 1)
    return needed
