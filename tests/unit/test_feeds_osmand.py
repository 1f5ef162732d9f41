"""The OsmAnd / Traccar Client request shapes, as the phones send them."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from console.domain.errors import ValidationError
from console.feeds.fix import FeedError, PositionFix
from console.feeds.osmand import parse_json_body, parse_params, parse_request

NOW = datetime(2024, 9, 12, 15, 0, tzinfo=timezone.utc)  # Thursday afternoon of the cable cut
ANKARSRUM = (57.698, 16.329)


def traccar_body(**overrides) -> bytes:
    """The JSON Traccar Client 9 posts, with Ankarsrum coordinates."""
    body = {
        "location": {
            "timestamp": "2024-09-12T14:45:12.862Z",
            "coords": {
                "latitude": 57.698, "longitude": 16.329, "accuracy": 5,
                "speed": 12.5, "heading": 271, "altitude": 68,
            },
            "is_moving": True,
            "odometer": 0,
            "event": "motionchange",
            "battery": {"level": 0.79, "is_charging": False},
            "activity": {"type": "in_vehicle"},
            "extras": {},
        },
        "device_id": "van-17",
    }
    for key, value in overrides.items():
        if key in ("latitude", "longitude", "accuracy", "speed", "heading", "altitude"):
            body["location"]["coords"][key] = value
        elif key in ("timestamp", "battery"):
            body["location"][key] = value
        else:
            body[key] = value
    return json.dumps(body).encode()


class TestQueryParameters:
    def test_full_osmand_request(self):
        fix = parse_params(
            {"id": "van-17", "lat": "57.698", "lon": "16.329", "timestamp": "1726152300",
             "speed": "10", "bearing": "90.5", "altitude": "62.4", "accuracy": "8", "batt": "87"},
            NOW,
        )
        assert fix.speed_kmh == pytest.approx(18.52)  # 10 knots
        assert replace(fix, speed_kmh=None) == PositionFix(
            device_id="van-17", fixed_at=datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc),
            lat=57.698, lon=16.329, speed_kmh=None, heading=90.5, altitude=62.4,
            accuracy_m=8.0, battery=87.0, source="osmand",
        )

    def test_deviceid_and_location_pair(self):
        fix = parse_params({"deviceid": "van-17", "location": "57.698,16.329"}, NOW)
        assert (fix.device_id, fix.lat, fix.lon) == ("van-17", 57.698, 16.329)

    @pytest.mark.parametrize(
        "stamp, expected",
        [
            ("1726152300", datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)),
            ("1726152300123", datetime(2024, 9, 12, 14, 45, 0, 123000, tzinfo=timezone.utc)),
            ("2024-09-12T14:45:00Z", datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)),
            ("2024-09-12T16:45:00+02:00", datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)),
            # Traccar also takes "yyyy-MM-dd HH:mm:ss"; phones send UTC.
            ("2024-09-12 14:45:00", datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)),
        ],
    )
    def test_timestamp_forms(self, stamp, expected):
        fix = parse_params({"id": "van-17", "lat": "57.698", "lon": "16.329", "timestamp": stamp}, NOW)
        assert fix.fixed_at == expected

    def test_missing_timestamp_means_now(self):
        fix = parse_params({"id": "van-17", "lat": "57.698", "lon": "16.329"}, NOW)
        assert fix.fixed_at == NOW

    def test_heading_alias_and_hdop_as_accuracy(self):
        fix = parse_params(
            {"id": "a", "lat": "57.698", "lon": "16.329", "heading": "370", "hdop": "6.0"}, NOW
        )
        assert fix.heading == pytest.approx(10.0)
        assert fix.accuracy_m == 6.0

    def test_unknown_values_and_blank_placeholders_are_absent(self):
        fix = parse_params(
            {"id": "a", "lat": "57.698", "lon": "16.329", "speed": "-1", "bearing": "",
             "batt": "-1", "valid": "true", "cell": "240,01,16,2224"},
            NOW,
        )
        assert (fix.speed_kmh, fix.heading, fix.battery) == (None, None, None)

    @pytest.mark.parametrize(
        "params, reason",
        [
            ({"lat": "57.698", "lon": "16.329"}, "device id is missing"),
            ({"id": "  ", "lat": "57.698", "lon": "16.329"}, "device id is missing"),
            ({"id": "a", "lat": "57.698"}, "position is missing"),
            ({"id": "a", "location": "57.698"}, "is not 'lat,lon'"),
            ({"id": "a", "lat": "91", "lon": "16.329"}, "latitude 91.0 is out of range"),
            ({"id": "a", "lat": "57.698", "lon": "-181"}, "longitude -181.0 is out of range"),
            ({"id": "a", "lat": "nan", "lon": "16.329"}, "not a finite number"),
            ({"id": "a", "lat": "57.698", "lon": "inf"}, "not a finite number"),
            ({"id": "a", "lat": "north", "lon": "16.329"}, "latitude 'north' is not a number"),
            ({"id": "a", "lat": "0", "lon": "0"}, "no fix"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "timestamp": "yesterday"}, "malformed timestamp"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "timestamp": "2024-13-40T25:00Z"}, "malformed timestamp"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "timestamp": "86400"}, "before 2000"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "timestamp": "2024-09-14T15:00:00Z"}, "future"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "speed": "fast"}, "speed 'fast' is not a number"),
            ({"id": "a", "lat": "57.698", "lon": "16.329", "batt": "250"}, "battery level 250.0"),
            ({"id": "a\x00b", "lat": "57.698", "lon": "16.329"}, "control characters"),
        ],
    )
    def test_rejections_name_the_reason(self, params, reason):
        with pytest.raises(FeedError, match=re.escape(reason)):
            parse_params(params, NOW)

    def test_feed_error_is_a_validation_error(self):
        assert issubclass(FeedError, ValidationError)

    def test_a_little_clock_skew_is_fine(self):
        ahead = (NOW + timedelta(hours=23)).isoformat()
        fix = parse_params({"id": "a", "lat": "57.698", "lon": "16.329", "timestamp": ahead}, NOW)
        assert fix.fixed_at == NOW + timedelta(hours=23)


class TestTraccarJson:
    def test_traccar_client_9_body(self):
        fix = parse_json_body(traccar_body(), NOW)
        assert fix.device_id == "van-17"
        assert fix.fixed_at == datetime(2024, 9, 12, 14, 45, 12, 862000, tzinfo=timezone.utc)
        assert (fix.lat, fix.lon) == ANKARSRUM
        assert fix.speed_kmh == pytest.approx(45.0)  # 12.5 m/s
        assert (fix.heading, fix.altitude, fix.accuracy_m) == (271.0, 68.0, 5.0)
        assert fix.battery == pytest.approx(79.0)
        assert fix.source == "traccar"

    def test_minus_one_means_unknown(self):
        fix = parse_json_body(
            traccar_body(speed=-1, heading=-1, battery={"level": -1, "is_charging": False}), NOW
        )
        assert (fix.speed_kmh, fix.heading, fix.battery) == (None, None, None)

    def test_numeric_device_id(self):
        assert parse_json_body(traccar_body(device_id=48241179), NOW).device_id == "48241179"

    @pytest.mark.parametrize(
        "body, reason",
        [
            (b"", "not valid JSON"),
            (b"{not json", "not valid JSON"),
            (b"[1, 2]", "must be an object"),
            (b"[" * 100_000, "not valid JSON"),
            (json.dumps({"device_id": "a"}).encode(), "no location"),
            (json.dumps({"device_id": "a", "location": [{}]}).encode(), "batched"),
            (json.dumps({"device_id": "a", "location": {"timestamp": "2024-09-12T14:45:00Z"}}).encode(), "no coords"),
            (traccar_body(device_id=None), "device_id is missing"),
            (traccar_body(device_id=True), "device_id must be text"),
            (traccar_body(latitude=123.0), "latitude 123.0 is out of range"),
            (traccar_body(latitude="57.698x"), "not a number"),
            (traccar_body(longitude=True), "must be a number"),
            (traccar_body(timestamp="12 Sept"), "malformed timestamp"),
            (traccar_body(battery={"level": 3}), "battery level 300.0"),
            (b'{"device_id":"a","location":{"coords":{"latitude":NaN,"longitude":16.3}}}', "finite"),
            (b'{"device_id":"a","location":{"coords":{"latitude":1e400,"longitude":16.3}}}', "finite"),
        ],
    )
    def test_rejections(self, body, reason):
        with pytest.raises(FeedError, match=reason):
            parse_json_body(body, NOW)


class TestParseRequest:
    def test_get_query(self):
        fix = parse_request("GET", "id=van-17&lat=57.698&lon=16.329&timestamp=1726152300", None, b"", NOW)
        assert (fix.device_id, fix.lat, fix.lon, fix.source) == ("van-17", 57.698, 16.329, "osmand")

    def test_post_form_merges_with_query(self):
        fix = parse_request(
            "POST", "id=van-17", "application/x-www-form-urlencoded; charset=UTF-8",
            b"lat=57.698&lon=16.329&timestamp=2024-09-12T14%3A45%3A00Z", NOW,
        )
        assert (fix.device_id, fix.fixed_at) == ("van-17", datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc))

    def test_post_query_with_empty_body(self):
        # OsmAnd and Traccar Client 8 POST with everything in the URL.
        fix = parse_request("POST", "?id=van-17&lat=57.698&lon=16.329", None, b"", NOW)
        assert fix.device_id == "van-17"

    def test_post_json_by_content_type_or_shape(self):
        assert parse_request("POST", "", "application/json", traccar_body(), NOW).source == "traccar"
        assert parse_request("POST", "", "", traccar_body(), NOW).source == "traccar"

    def test_other_methods_and_bad_bodies(self):
        with pytest.raises(FeedError, match="method 'PUT'"):
            parse_request("PUT", "id=a&lat=57.698&lon=16.329", None, b"", NOW)
        with pytest.raises(FeedError, match="not UTF-8"):
            parse_request("POST", "", "application/x-www-form-urlencoded", b"id=\xff\xfe", NOW)
        with pytest.raises(FeedError, match="too many fields"):
            parse_request("GET", "&".join(f"k{i}=1" for i in range(500)), None, b"", NOW)
