"""The OsmAnd protocol as Traccar Client and OsmAnd send it over HTTP.

Two shapes arrive on the same port:

* query or form parameters (OsmAnd, Traccar Client up to 8, most hobby trackers):
  ``id``/``deviceid``, ``lat``+``lon`` or ``location=lat,lon``, ``timestamp`` (Unix seconds,
  Unix milliseconds or ISO 8601), ``speed`` in knots, ``bearing``/``heading``, ``altitude``,
  ``accuracy``/``hdop``, ``batt`` in percent;
* the JSON body Traccar Client 9 posts: ``{"location": {"timestamp", "coords": {...},
  "battery": {"level": 0..1}}, "device_id": ...}`` with speed in m/s.

Unknown parameters (``valid``, ``cell``, ``wifi``, ``token``, ...) are ignored.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qsl

from console.domain.enums import FixSource
from console.domain.timeutil import utcnow

from .fix import FeedError, PositionFix, parse_number, parse_timestamp

KNOTS_TO_KMH = 1.852
MPS_TO_KMH = 3.6
# More than any real client sends; parse_qsl raises beyond it instead of building a huge list.
_MAX_FIELDS = 200


def parse_params(params: Mapping[str, str], now: datetime | None = None) -> PositionFix:
    """A fix from OsmAnd query or form parameters (one value per name)."""
    now = now or utcnow()
    device_id = _first(params, "id", "deviceid")
    if device_id is None:
        raise FeedError("device id is missing (send id or deviceid)")

    lat_raw, lon_raw = _first(params, "lat"), _first(params, "lon")
    if lat_raw is None or lon_raw is None:
        location = _first(params, "location")
        if location is None:
            raise FeedError("position is missing (send lat and lon, or location=lat,lon)")
        parts = location.split(",")
        if len(parts) != 2:
            raise FeedError(f"location {location[:64]!r} is not 'lat,lon'")
        lat_raw, lon_raw = parts
    lat, lon = parse_number(lat_raw, "latitude"), parse_number(lon_raw, "longitude")

    stamp = _first(params, "timestamp")
    # Some trackers omit the time; like Traccar, take the moment of arrival.
    fixed_at = now if stamp is None else parse_timestamp(stamp, "timestamp")

    speed = _optional(params, "speed")
    accuracy = _optional(params, "accuracy")
    if accuracy is None:
        # OsmAnd and Traccar Client fill the "hdop" slot with the phone's accuracy in metres.
        accuracy = _optional(params, "hdop")
    return _build(
        device_id=device_id,
        fixed_at=fixed_at,
        lat=lat,
        lon=lon,
        speed_kmh=None if speed is None or speed < 0 else speed * KNOTS_TO_KMH,
        heading=_heading(_optional(params, "bearing", "heading")),
        altitude=_optional(params, "altitude"),
        accuracy_m=_unknown_if_negative(accuracy),
        battery=_unknown_if_negative(_optional(params, "batt")),
        source=FixSource.OSMAND,
        now=now,
    )


def parse_json_body(body: bytes, now: datetime | None = None) -> PositionFix:
    """A fix from the JSON Traccar Client 9 posts (a single location, not a batch)."""
    now = now or utcnow()
    try:
        root = json.loads(body)
    except (ValueError, TypeError, RecursionError):
        raise FeedError("body is not valid JSON") from None
    if not isinstance(root, dict):
        raise FeedError("JSON body must be an object with location and device_id")
    location = root.get("location")
    if isinstance(location, list):
        raise FeedError("batched locations are not supported; send one location per request")
    if not isinstance(location, dict):
        raise FeedError("JSON body has no location object")
    coords = location.get("coords")
    if not isinstance(coords, dict):
        raise FeedError("JSON location has no coords object")

    device_id = root.get("device_id")
    if isinstance(device_id, int) and not isinstance(device_id, bool):
        device_id = str(device_id)
    if device_id is None:
        raise FeedError("device_id is missing")
    if not isinstance(device_id, str):
        raise FeedError(f"device_id must be text, got {device_id!r}")

    if "latitude" not in coords or "longitude" not in coords:
        raise FeedError("coords need latitude and longitude")
    lat = parse_number(coords["latitude"], "latitude")
    lon = parse_number(coords["longitude"], "longitude")
    stamp = location.get("timestamp")
    fixed_at = now if stamp is None else parse_timestamp(stamp, "timestamp")

    speed = _json_number(coords, "speed")
    battery = location.get("battery")
    level = _json_number(battery, "level") if isinstance(battery, dict) else None
    # The client reports -1 for every value the phone does not know.
    return _build(
        device_id=device_id,
        fixed_at=fixed_at,
        lat=lat,
        lon=lon,
        speed_kmh=None if speed is None or speed < 0 else speed * MPS_TO_KMH,
        heading=_heading(_json_number(coords, "heading")),
        altitude=_json_number(coords, "altitude"),
        accuracy_m=_unknown_if_negative(_json_number(coords, "accuracy")),
        battery=None if level is None or level < 0 else level * 100.0,
        source=FixSource.TRACCAR,
        now=now,
    )


def parse_request(
    method: str,
    query_string: str,
    content_type: str | None,
    body: bytes,
    now: datetime | None = None,
) -> PositionFix:
    """A fix from one HTTP request: JSON body, form body, or query parameters.

    Query and form parameters are merged (the body wins), as clients put the device id
    in either place.
    """
    now = now or utcnow()
    verb = (method or "").upper()
    if verb not in ("GET", "POST"):
        raise FeedError(f"method {method!r} is not supported; use GET or POST")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    body = body or b""
    if verb == "POST" and (media.endswith("json") or (not media and body.lstrip()[:1] == b"{")):
        return parse_json_body(body, now)

    params = _query_pairs(query_string or "", "query string")
    if verb == "POST" and body.strip():
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise FeedError("form body is not UTF-8") from None
        params.update(_query_pairs(text, "form body"))
    return parse_params(params, now)


def _query_pairs(text: str, what: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True, max_num_fields=_MAX_FIELDS)
    except ValueError:
        raise FeedError(f"{what} has too many fields") from None
    # Later values win, as in Traccar's own decoder.
    return dict(pairs)


def _first(params: Mapping[str, str], *names: str) -> str | None:
    """The first present, non-blank value among `names`; blank placeholders count as absent."""
    for name in names:
        value = params.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise FeedError(f"{name} must be text, got {type(value).__name__}")
        if value.strip():
            return value
    return None


def _optional(params: Mapping[str, str], *names: str) -> float | None:
    raw = _first(params, *names)
    return None if raw is None else parse_number(raw, names[0])


def _json_number(obj: Mapping[str, object], name: str) -> float | None:
    raw = obj.get(name)
    return None if raw is None else parse_number(raw, name)


def _unknown_if_negative(value: float | None) -> float | None:
    return None if value is None or value < 0 else value


def _heading(value: float | None) -> float | None:
    if value is None or value < 0:
        return None
    return value % 360.0


def _build(*, lat: float, lon: float, **fields) -> PositionFix:
    # Phones without a fix report 0,0 (in the Gulf of Guinea); never a technician's position here.
    if lat == 0.0 and lon == 0.0:
        raise FeedError("position 0,0 means the phone has no fix yet")
    return PositionFix.create(lat=lat, lon=lon, **fields)
