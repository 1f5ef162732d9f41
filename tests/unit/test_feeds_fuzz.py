"""Property tests: whatever arrives, the parsers answer with a fix or a FeedError, nothing else;
and what a well-behaved client sends comes back out unchanged."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from functools import reduce
from urllib.parse import urlencode

import gpxpy.gpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from console.feeds.fix import FeedError, PositionFix
from console.feeds.osmand import parse_json_body, parse_params, parse_request
from console.feeds.tracks import read_csv, read_gpx, read_nmea

NOW = datetime(2024, 9, 12, 15, 0, tzinfo=timezone.utc)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PARAM_NAMES = ["id", "deviceid", "lat", "lon", "location", "timestamp", "speed", "bearing",
               "heading", "altitude", "accuracy", "hdop", "batt", "valid", "token"]
numberish = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "nan", "-inf", "1e400", "57,698", "0x10", "1_000", "٣", "--1", "-1"]),
)
param_values = st.one_of(st.text(max_size=40), numberish)
param_dicts = st.dictionaries(st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=10)), param_values, max_size=12)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)
coords_like = st.fixed_dictionaries(
    {}, optional={k: st.one_of(json_scalars, numberish) for k in
                  ("latitude", "longitude", "accuracy", "speed", "heading", "altitude")})
traccar_like = st.fixed_dictionaries(
    {},
    optional={
        "device_id": json_values,
        "location": st.fixed_dictionaries({}, optional={
            "timestamp": st.one_of(json_scalars, numberish),
            "coords": st.one_of(coords_like, json_values),
            "battery": st.one_of(st.fixed_dictionaries({}, optional={"level": json_scalars}), json_values),
        }),
    },
)


def only_feed_errors(call, *args, **kwargs):
    """Run a parser; a FeedError is a fine answer, anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except FeedError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return None


# --- nothing but FeedError --------------------------------------------------------

@FUZZ
@given(param_dicts)
def test_parse_params_only_raises_feed_error(params):
    fix = only_feed_errors(parse_params, params, NOW)
    if fix is not None:
        assert isinstance(fix, PositionFix)
        assert -90 <= fix.lat <= 90 and -180 <= fix.lon <= 180


@FUZZ
@given(st.binary(max_size=300))
def test_parse_json_body_bytes_only_raise_feed_error(body):
    only_feed_errors(parse_json_body, body, NOW)


@FUZZ
@given(traccar_like)
def test_parse_json_body_shapes_only_raise_feed_error(document):
    body = json.dumps(document, allow_nan=True).encode()
    fix = only_feed_errors(parse_json_body, body, NOW)
    if fix is not None:
        assert fix.fixed_at <= NOW + timedelta(days=1)


@FUZZ
@given(
    st.sampled_from(["GET", "POST", "PUT", "get", ""]),
    st.one_of(st.text(max_size=80), param_dicts.map(urlencode)),
    st.one_of(st.none(), st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                          "text/plain", "application/json; charset=utf-8", ""])),
    st.one_of(st.binary(max_size=200), param_dicts.map(lambda d: urlencode(d).encode()),
              traccar_like.map(lambda d: json.dumps(d).encode())),
)
def test_parse_request_only_raises_feed_error(method, query, content_type, body):
    only_feed_errors(parse_request, method, query, content_type, body, NOW)


@FUZZ
@given(st.text(max_size=400))
def test_read_gpx_text_only_raises_feed_error(text):
    result = only_feed_errors(read_gpx, text, "van-17", now=NOW)
    if result is not None:
        assert all(isinstance(reason, str) for _, reason in result.rejected)


@FUZZ
@given(st.binary(max_size=300))
def test_read_gpx_bytes_only_raise_feed_error(data):
    only_feed_errors(read_gpx, data, None, now=NOW)


@FUZZ
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12),
                          st.one_of(numberish, st.text(max_size=8)), st.one_of(numberish, st.text(max_size=8))),
                max_size=5))
def test_read_gpx_points_only_raise_feed_error(points):
    body = "".join(
        f'<trkpt lat="{_xml(lat)}" lon="{_xml(lon)}"><ele>{_xml(ele)}</ele><time>{_xml(when)}</time></trkpt>'
        for when, ele, lat, lon in points
    )
    text = f'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>v</name><trkseg>{body}</trkseg></trk></gpx>'
    only_feed_errors(read_gpx, text, None, now=NOW)


def nmea_line(body: str) -> str:
    checksum = reduce(lambda acc, ch: acc ^ ord(ch), body, 0)
    return f"${body}*{checksum:02X}"


nmea_field = st.one_of(st.text(alphabet="0123456789.-NSEWAVM", max_size=12), st.text(max_size=6))
nmea_sentence = st.builds(
    lambda talker, kind, fields: nmea_line(f"{talker}{kind}," + ",".join(fields)),
    st.sampled_from(["GP", "GN", "GL"]),
    st.sampled_from(["RMC", "GGA", "GSV", "VTG"]),
    st.lists(nmea_field.filter(lambda f: "*" not in f and "\n" not in f and "\r" not in f), max_size=14),
)


@FUZZ
@given(st.lists(st.one_of(nmea_sentence, st.text(max_size=60)), max_size=8))
def test_read_nmea_only_raises_feed_error(lines):
    result = only_feed_errors(read_nmea, "\n".join(lines), "van-17", now=NOW)
    assert result is not None  # a device id was given, so no line can sink the whole file
    for number, reason in result.rejected:
        assert 1 <= number and reason


@FUZZ
@given(st.text(max_size=400))
def test_read_csv_text_only_raises_feed_error(text):
    only_feed_errors(read_csv, text, now=NOW)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.text(max_size=15), numberish), min_size=0, max_size=6), max_size=6),
       st.sampled_from([",", ";"]))
def test_read_csv_rows_only_raise_feed_error(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["technician", "time", "lat", "lon"])
    writer.writerows(rows)
    result = only_feed_errors(read_csv, buffer.getvalue(), now=NOW)
    assert result is not None  # the header is valid


# --- well-formed input round-trips ------------------------------------------------

lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
device_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=20)
times = st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2024, 9, 12, 14, 59),
                     timezones=st.just(timezone.utc)).map(lambda t: t.replace(microsecond=0))
optional_metric = st.one_of(st.none(), st.floats(min_value=0, max_value=5000, allow_nan=False))


@FUZZ
@given(device_ids, lats, lons, times, st.sampled_from(["seconds", "millis", "iso"]),
       optional_metric, st.one_of(st.none(), st.floats(min_value=0, max_value=359.99)),
       st.one_of(st.none(), st.floats(min_value=-400, max_value=9000)), optional_metric,
       st.one_of(st.none(), st.floats(min_value=0, max_value=100)), st.sampled_from(["GET", "POST"]))
def test_osmand_params_round_trip(device_id, lat, lon, when, stamp_form, knots, bearing, altitude,
                                  accuracy, batt, method):
    assume((lat, lon) != (0.0, 0.0))
    stamp = {"seconds": str(int(when.timestamp())), "millis": str(int(when.timestamp()) * 1000),
             "iso": when.isoformat()}[stamp_form]
    params = {"id": device_id, "lat": repr(lat), "lon": repr(lon), "timestamp": stamp}
    for name, value in (("speed", knots), ("bearing", bearing), ("altitude", altitude),
                        ("accuracy", accuracy), ("batt", batt)):
        if value is not None:
            params[name] = repr(value)
    encoded = urlencode(params)
    if method == "GET":
        fix = parse_request("GET", encoded, None, b"", NOW)
    else:
        fix = parse_request("POST", "", "application/x-www-form-urlencoded", encoded.encode(), NOW)
    assert (fix.device_id, fix.lat, fix.lon, fix.fixed_at) == (device_id, lat, lon, when)
    assert fix.speed_kmh == (None if knots is None else pytest.approx(knots * 1.852))
    assert (fix.heading, fix.altitude, fix.accuracy_m, fix.battery) == (bearing, altitude, accuracy, batt)


@FUZZ
@given(device_ids, lats, lons, times, optional_metric, st.floats(min_value=0, max_value=1))
def test_traccar_json_round_trip(device_id, lat, lon, when, speed, level):
    assume((lat, lon) != (0.0, 0.0))
    body = json.dumps({
        "location": {
            "timestamp": when.isoformat().replace("+00:00", "Z"),
            "coords": {"latitude": lat, "longitude": lon, "speed": -1 if speed is None else speed,
                       "heading": -1, "accuracy": 5, "altitude": 0},
            "battery": {"level": level, "is_charging": False},
        },
        "device_id": device_id,
    }).encode()
    fix = parse_json_body(body, NOW)
    assert (fix.device_id, fix.lat, fix.lon, fix.fixed_at) == (device_id, lat, lon, when)
    assert fix.speed_kmh == (None if speed is None else pytest.approx(speed * 3.6))
    assert fix.battery == pytest.approx(level * 100)


@FUZZ
@given(st.lists(st.tuples(device_ids, times, lats, lons), min_size=1, max_size=10), st.sampled_from([",", ";"]))
def test_csv_round_trip(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["technician", "time", "lat", "lon"])
    for technician, when, lat, lon in rows:
        writer.writerow([technician, when.isoformat(), repr(lat), repr(lon)])
    result = read_csv(buffer.getvalue(), now=NOW)
    assert result.rejected == []
    assert [(item.technician, item.fix.fixed_at, item.fix.lat, item.fix.lon) for item in result.accepted] == rows


@FUZZ
@given(st.lists(st.tuples(times, lats, lons, st.one_of(st.none(), st.floats(-400, 9000))), min_size=1, max_size=10))
def test_gpx_round_trip(points):
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="van-17")
    segment = gpxpy.gpx.GPXTrackSegment()
    for when, lat, lon, ele in points:
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, lon, elevation=ele, time=when))
    track.segments.append(segment)
    gpx.tracks.append(track)
    result = read_gpx(gpx.to_xml(version="1.1"), None, now=NOW)
    assert result.rejected == []
    assert len(result.fixes) == len(points)
    for fix, (when, lat, lon, ele) in zip(result.fixes, points):
        assert fix.fixed_at == when
        assert fix.lat == pytest.approx(lat, abs=1e-6) and fix.lon == pytest.approx(lon, abs=1e-6)
        assert fix.altitude == (None if ele is None else pytest.approx(ele, abs=0.01))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 86399), st.floats(0, 89.99), st.floats(0, 179.99),
                          st.sampled_from("NS"), st.sampled_from("EW")), min_size=1, max_size=10, unique_by=lambda p: p[0]))
def test_nmea_rmc_round_trip(points):
    lines, expected = [], []
    for second, lat, lon, ns, ew in sorted(points):
        assume(round(lat * 60, 4) > 0 or round(lon * 60, 4) > 0)
        clock = f"{second // 3600:02d}{second // 60 % 60:02d}{second % 60:02d}"
        lat_field = f"{int(lat):02d}{(lat - int(lat)) * 60:07.4f}"
        lon_field = f"{int(lon):03d}{(lon - int(lon)) * 60:07.4f}"
        lines.append(nmea_line(f"GPRMC,{clock},A,{lat_field},{ns},{lon_field},{ew},0.0,,120924,,,A"))
        expected.append((datetime(2024, 9, 12, tzinfo=timezone.utc) + timedelta(seconds=second),
                         lat if ns == "N" else -lat, lon if ew == "E" else -lon))
    result = read_nmea("\r\n".join(lines), "van-17", now=NOW)
    assert result.rejected == []
    for fix, (when, lat, lon) in zip(result.fixes, expected):
        assert fix.fixed_at == when
        assert fix.lat == pytest.approx(lat, abs=1e-5) and fix.lon == pytest.approx(lon, abs=1e-5)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
