"""Plain feature dicts for the map page, and the safe JSON that carries them into it.

The page draws whatever these functions return, so this is where input is checked:
coordinates in range, known statuses, times turned into ISO 8601 with the operator's
offset. Inputs may be the frozen types below, any mapping, or any object with the
same attribute names (service read models), so callers need no adapter layer.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.domain.enums import OutageStatus, TechnicianStatus, parse_enum
from console.domain.errors import ValidationError
from console.domain.geo import check_coordinates
from console.domain.timeutil import iso_local, parse_time

KINDS = ("outages", "technicians", "depots")


@dataclass(frozen=True)
class OutagePoint:
    id: int
    title: str
    lat: float
    lon: float
    status: str
    customers: int
    eta: datetime | str | None = None
    overdue: bool = False
    dark: bool = False


@dataclass(frozen=True)
class TechnicianPoint:
    id: int
    name: str
    lat: float | None
    lon: float | None
    fix_at: datetime | str | None
    status: str
    outage_id: int | None = None
    outage_lat: float | None = None
    outage_lon: float | None = None


@dataclass(frozen=True)
class DepotPoint:
    id: int
    name: str
    lat: float
    lon: float


_MISSING = object()


def _get(item: Any, *names: str, default: Any = _MISSING) -> Any:
    # Read models name some fields the JSON-contract way (customers_affected, current_eta);
    # the first name is the feature's own.
    is_mapping = type(item) is dict or isinstance(item, Mapping)
    for name in names:
        if is_mapping:
            if name in item:
                return item[name]
        elif hasattr(item, name):
            return getattr(item, name)
    if default is _MISSING:
        raise ValidationError(f"map feature is missing {names[0]!r}")
    return default


def _feature_id(value: Any, what: str) -> int | str:
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"{what} id must be an integer or a non-empty string, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValidationError(f"{what} id must be an integer or a non-empty string, got {value!r}")


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, got {type(value).__name__}")
    return value


def _iso(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return iso_local(value)
    if isinstance(value, str):
        return iso_local(parse_time(value, what))
    raise ValidationError(f"{what} must be a datetime or ISO 8601 text, got {type(value).__name__}")


_KNOWN = {enum_cls: frozenset(m.value for m in enum_cls) for enum_cls in (OutageStatus, TechnicianStatus)}


def _status(enum_cls, value: Any, what: str) -> str:
    if type(value) is str and value in _KNOWN[enum_cls]:
        return value  # already canonical: the common case, and storm-sized
    return parse_enum(enum_cls, value.value if hasattr(value, "value") else value, what).value


def _optional_point(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    # A technician without a fix yet, or a job without a site, is simply not drawn.
    if lat is None or lon is None:
        return None, None
    return check_coordinates(lat, lon)


def outage_feature(item: Any) -> dict:
    """{id, title, lat, lon, status, customers, eta, overdue, dark} for one outage."""
    lat, lon = check_coordinates(_get(item, "lat"), _get(item, "lon"))
    customers = _get(item, "customers", "customers_affected", default=0)
    if isinstance(customers, bool) or not isinstance(customers, int) or customers < 0:
        raise ValidationError(f"customers affected must be a whole number >= 0, got {customers!r}")
    return {
        "id": _feature_id(_get(item, "id"), "outage"),
        "title": _text(_get(item, "title", default=""), "outage title"),
        "lat": lat,
        "lon": lon,
        "status": _status(OutageStatus, _get(item, "status"), "outage status"),
        "customers": customers,
        "eta": _iso(_get(item, "eta", "current_eta", default=None), "ETA"),
        "overdue": bool(_get(item, "overdue", default=False)),
        "dark": bool(_get(item, "dark", default=False)),
        # The page keeps the flag while the clock is before this (setNow); absent: as given.
        "dark_until": _iso(_get(item, "dark_until", default=None), "end of darkness"),
    }


def technician_feature(item: Any) -> dict:
    """{id, name, lat, lon, fix_at, status, outage_id, outage_lat, outage_lon} for one technician."""
    lat, lon = _optional_point(_get(item, "lat", default=None), _get(item, "lon", default=None))
    outage_id = _get(item, "outage_id", default=None)
    outage_lat, outage_lon = _optional_point(
        _get(item, "outage_lat", default=None), _get(item, "outage_lon", default=None)
    )
    return {
        "id": _feature_id(_get(item, "id"), "technician"),
        "name": _text(_get(item, "name", default=""), "technician name"),
        "lat": lat,
        "lon": lon,
        "fix_at": _iso(_get(item, "fix_at", default=None), "fix time"),
        "status": _status(TechnicianStatus, _get(item, "status"), "technician status"),
        "outage_id": None if outage_id is None else _feature_id(outage_id, "outage"),
        "outage_lat": outage_lat,
        "outage_lon": outage_lon,
        "stale_after_minutes": _get(item, "stale_after_minutes", default=None),
    }


def depot_feature(item: Any) -> dict:
    """{id, name, lat, lon} for one depot."""
    lat, lon = check_coordinates(_get(item, "lat"), _get(item, "lon"))
    return {
        "id": _feature_id(_get(item, "id"), "depot"),
        "name": _text(_get(item, "name", default=""), "depot name"),
        "lat": lat,
        "lon": lon,
    }


def position_update(item: Any) -> dict:
    """{id, lat, lon, fix_at}: the fast path for technicians that only moved."""
    lat, lon = check_coordinates(_get(item, "lat"), _get(item, "lon"))
    return {
        "id": _feature_id(_get(item, "id", "technician_id"), "technician"),
        "lat": lat,
        "lon": lon,
        "fix_at": _iso(_get(item, "fix_at", default=None), "fix time"),
    }


def open_outage_points(views: Iterable[Any], now: datetime) -> list[dict]:
    """Outage read models (anything with OutageView's fields) as map points: the map shows only
    what still needs work, and marks ETAs already passed."""
    return [
        {
            "id": v.id, "title": v.title, "lat": v.lat, "lon": v.lon, "status": v.status,
            "customers": v.customers_affected, "eta": v.current_eta,
            "overdue": v.eta_overdue_at(now), "dark": v.dark_at(now),
            "dark_until": v.dark_until,
        }
        for v in views if v.is_open
    ]


def _unique(features: list[dict], what: str) -> list[dict]:
    seen: set = set()
    for feature in features:
        key = str(feature["id"])
        if key in seen:
            raise ValidationError(f"{what} id {feature['id']!r} appears twice")
        seen.add(key)
    return features


class MapData(dict):
    """{outages, technicians, depots} whose every feature has been checked by map_data.

    Plain dict for JSON and for callers; the type only spares a second check.
    """


def map_data(
    outages: Iterable[Any] = (),
    technicians: Iterable[Any] = (),
    depots: Iterable[Any] = (),
) -> MapData:
    """The payload for build_page / dispatchMap.setData: {outages, technicians, depots}."""
    return MapData(
        outages=_unique([outage_feature(o) for o in outages], "outage"),
        technicians=_unique([technician_feature(t) for t in technicians], "technician"),
        depots=_unique([depot_feature(d) for d in depots], "depot"),
    )


def normalize_data(data: Mapping[str, Any] | None) -> dict:
    """Accept {outages, technicians, depots} in any of the accepted shapes; check every feature."""
    if data is None:
        return map_data()
    if isinstance(data, MapData):
        return data
    if not isinstance(data, Mapping):
        raise ValidationError("map data must be a mapping with outages, technicians and depots")
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise ValidationError(f"unknown map data key(s): {', '.join(map(str, unknown))}")
    return map_data(*(data.get(kind) or () for kind in KINDS))


# JSON that is safe inside <script> and inside a JS string: nothing in the text can close
# the script element, start an HTML comment or end a JS line. (Chained str.replace: several
# times faster than str.translate on a storm-sized payload.)
_SCRIPT_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(value: Any) -> str:
    """json.dumps for embedding in HTML <script> blocks and runJavaScript source."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise ValidationError("map data holds a number that is not finite") from None
    for raw, escaped in _SCRIPT_SAFE:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def js_call(function: str, *args: Any) -> str:
    """Source for QWebEnginePage.runJavaScript: `window.dispatchMap.<function>(<args>)`.

    The call's return value comes back through runJavaScript's callback.
    """
    if not function.isidentifier():
        raise ValidationError(f"not a map API function name: {function!r}")
    return f"window.dispatchMap.{function}({','.join(script_json(a) for a in args)})"


def js_query(function: str, *args: Any) -> str:
    """Like js_call, but the result comes back as JSON text: decode it with json.loads.

    PySide6's runJavaScript hands objects, arrays and null to Python as an empty string,
    so anything but a plain number, string or boolean has to travel as JSON.
    """
    call = js_call(function, *args)
    return f"(function(){{var r={call};return JSON.stringify(r===undefined?null:r);}})()"
