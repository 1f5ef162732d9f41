"""Track-file importers: GPX 1.1, NMEA 0183 (RMC, GGA) and CSV, around Ankarsrum."""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import reduce

import pytest

from console.feeds.fix import FeedError
from console.feeds.tracks import read_csv, read_gpx, read_nmea, read_track_file

NOW = datetime(2024, 9, 13, 8, 0, tzinfo=timezone.utc)

GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="OsmAnd" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>Thursday</name></metadata>
  <trk>
    <name>van-17</name>
    <trkseg>
      <trkpt lat="57.6980" lon="16.3290"><ele>68.0</ele><time>2024-09-12T14:40:00Z</time></trkpt>
      <trkpt lat="57.6995" lon="16.3321"><ele>70.5</ele><time>2024-09-12T14:41:00Z</time></trkpt>
      <trkpt lat="57.7010" lon="16.3350"><ele>71.0</ele></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="97.7030" lon="16.3390"><time>2024-09-12T14:43:00Z</time></trkpt>
      <trkpt lat="57.7041" lon="16.3402"><time>2024-09-12T16:44:00+02:00</time></trkpt>
    </trkseg>
  </trk>
</gpx>
"""


def nmea(body: str) -> str:
    """A sentence with its checksum (XOR of the characters between '$' and '*')."""
    checksum = reduce(lambda acc, ch: acc ^ ord(ch), body, 0)
    return f"${body}*{checksum:02X}"


# 57.698 N = 57 deg 41.880 min; 16.329 E = 16 deg 19.740 min.
RMC_1 = nmea("GPRMC,144000,A,5741.880,N,01619.740,E,12.0,045.0,120924,,,A")
GGA_1 = nmea("GPGGA,144000,5741.880,N,01619.740,E,1,09,0.9,68.0,M,25.0,M,,")
GGA_2 = nmea("GPGGA,144001,5741.890,N,01619.760,E,1,09,0.9,68.4,M,25.0,M,,")
RMC_VOID = nmea("GPRMC,144002,V,,,,,,,120924,,,N")
GSV = nmea("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00")


class TestGpx:
    def test_track_points_become_fixes_named_by_the_track(self):
        result = read_gpx(GPX, None, now=NOW)
        assert [item.technician for item in result.accepted] == ["van-17"] * 3
        first, second, last = result.fixes
        assert (first.device_id, first.lat, first.lon, first.altitude) == ("van-17", 57.698, 16.329, 68.0)
        assert first.fixed_at == datetime(2024, 9, 12, 14, 40, tzinfo=timezone.utc)
        assert first.source == "gpx"
        assert last.fixed_at == datetime(2024, 9, 12, 14, 44, tzinfo=timezone.utc)
        assert [number for number, _ in result.rejected] == [3, 4]
        assert "no time" in result.rejected[0][1]
        assert "latitude 97.703 is out of range" in result.rejected[1][1]

    def test_given_device_id_wins_over_track_name(self):
        result = read_gpx(GPX.encode(), "phone-42", now=NOW)
        assert {fix.device_id for fix in result.fixes} == {"phone-42"}
        assert {item.technician for item in result.accepted} == {None}

    def test_unreadable_or_anonymous_files_fail_as_a_whole(self):
        with pytest.raises(FeedError, match="unreadable GPX"):
            read_gpx("<gpx><trk>", "a", now=NOW)
        with pytest.raises(FeedError, match="no track points"):
            read_gpx('<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"></gpx>', "a", now=NOW)
        anonymous = GPX.replace("<name>van-17</name>", "").replace("<metadata><name>Thursday</name></metadata>", "")
        with pytest.raises(FeedError, match="no name"):
            read_gpx(anonymous, None, now=NOW)


class TestNmea:
    def test_rmc_and_gga_of_one_second_merge(self):
        result = read_nmea("\n".join([RMC_1, GGA_1, "", GGA_2, GSV]), "van-17", now=NOW)
        assert result.rejected == []
        assert result.ignored == 2  # GSV and the blank line
        first, second = result.fixes
        assert first.fixed_at == datetime(2024, 9, 12, 14, 40, tzinfo=timezone.utc)
        assert (round(first.lat, 6), round(first.lon, 6)) == (57.698, 16.329)
        assert first.speed_kmh == pytest.approx(22.224)  # 12 knots
        assert (first.heading, first.altitude) == (45.0, 68.0)
        assert second.fixed_at == datetime(2024, 9, 12, 14, 40, 1, tzinfo=timezone.utc)
        assert second.altitude == 68.4 and second.speed_kmh is None
        assert {fix.source for fix in result.fixes} == {"nmea"}

    def test_gga_needs_a_date(self):
        result = read_nmea(GGA_1, "van-17", now=NOW)
        assert result.accepted == []
        assert result.rejected == [(1, "GGA sentence has no date: no RMC before it and no date given")]
        hinted = read_nmea(GGA_1, "van-17", date_hint=date(2024, 9, 12), now=NOW)
        assert hinted.fixes[0].fixed_at == datetime(2024, 9, 12, 14, 40, tzinfo=timezone.utc)

    def test_gga_after_midnight_takes_the_next_day(self):
        before = nmea("GPRMC,235959,A,5741.880,N,01619.740,E,0.0,,120924,,,A")
        after = nmea("GPGGA,000001,5741.880,N,01619.740,E,1,09,0.9,68.0,M,25.0,M,,")
        result = read_nmea(f"{before}\n{after}", "van-17", now=NOW)
        assert [fix.fixed_at for fix in result.fixes] == [
            datetime(2024, 9, 12, 23, 59, 59, tzinfo=timezone.utc),
            datetime(2024, 9, 13, 0, 0, 1, tzinfo=timezone.utc),
        ]

    def test_bad_lines_are_rejected_with_line_numbers(self):
        bad_checksum = RMC_1[:-2] + "00"
        no_fix_gga = nmea("GPGGA,144003,,,,,0,00,99.9,,M,,M,,")
        text = "\n".join([RMC_1, RMC_VOID, bad_checksum, "hello", no_fix_gga])
        result = read_nmea(text, "van-17", now=NOW)
        assert len(result.accepted) == 1
        reasons = dict(result.rejected)
        assert set(reasons) == {2, 3, 4, 5}
        assert "no valid fix" in reasons[2]
        assert "checksum" in reasons[3]
        assert "not an NMEA sentence" in reasons[4]
        assert "no valid fix" in reasons[5]

    def test_device_id_is_required(self):
        with pytest.raises(FeedError, match="device id is missing"):
            read_nmea(RMC_1, " ", now=NOW)


class TestCsv:
    def test_rows_keep_their_technician(self):
        text = (
            "technician,time,lat,lon,note\n"
            "3,2024-09-12T16:40:00+02:00,57.698,16.329,at the cut\n"
            "van-17,2024-09-12 16:45,57.6995,16.3321,\n"
        )
        result = read_csv(text, now=NOW)
        assert result.rejected == []
        assert [item.technician for item in result.accepted] == ["3", "van-17"]
        first, second = result.fixes
        assert first.fixed_at == datetime(2024, 9, 12, 14, 40, tzinfo=timezone.utc)
        # No offset: the dispatcher's local time (CEST in September).
        assert second.fixed_at == datetime(2024, 9, 12, 14, 45, tzinfo=timezone.utc)
        assert first.source == "csv"

    def test_swedish_spreadsheet_export(self):
        text = "\ufeffTekniker;x\nTechnician;Time;Lat;Lon\n"
        with pytest.raises(FeedError, match="missing technician, time, lat, lon"):
            read_csv(text, now=NOW)
        result = read_csv("Technician;Time;Lat;Lon\nÅsa Berg;2024-09-12 16:40;57,698;16,329\n", now=NOW)
        assert result.accepted[0].technician == "Åsa Berg"
        assert (result.fixes[0].lat, result.fixes[0].lon) == (57.698, 16.329)

    def test_bad_rows_are_rejected_with_line_numbers(self):
        text = (
            "technician,time,lat,lon\n"
            "van-17,2024-09-12T14:40:00Z,57.698,16.329\n"
            "van-17,not a time,57.698,16.329\n"
            "van-17,2024-09-12T14:41:00Z,57.698\n"
            ",2024-09-12T14:42:00Z,57.698,16.329\n"
            "\n"
            "van-17,2024-09-12T14:43:00Z,57.698,196.329\n"
        )
        result = read_csv(text, now=NOW)
        assert len(result.accepted) == 1
        reasons = dict(result.rejected)
        assert set(reasons) == {3, 4, 5, 7}
        assert "malformed time" in reasons[3]
        assert "expected 4 columns, found 3" in reasons[4]
        assert "device id is missing" in reasons[5]
        assert "longitude 196.329 is out of range" in reasons[7]
        assert result.ignored == 1
        assert result.summary() == "1 accepted, 4 rejected"

    def test_header_is_required(self):
        with pytest.raises(FeedError, match="CSV header must name"):
            read_csv("van-17,2024-09-12T14:40:00Z,57.698,16.329\n", now=NOW)
        with pytest.raises(FeedError, match="empty"):
            read_csv("\n\n", now=NOW)


class TestReadTrackFile:
    def test_dispatch_by_extension_and_content(self, tmp_path):
        (tmp_path / "thursday.gpx").write_text(GPX, encoding="utf-8")
        (tmp_path / "logger.nmea").write_text(f"{RMC_1}\r\n{GGA_2}\r\n", encoding="ascii")
        (tmp_path / "positions.csv").write_bytes(
            "technician;time;lat;lon\nÅsa;2024-09-12 16:40;57,698;16,329\n".encode("cp1252")
        )
        (tmp_path / "unnamed.txt").write_text(f"{RMC_1}\n", encoding="ascii")

        assert read_track_file(tmp_path / "thursday.gpx", now=NOW).fixes[0].source == "gpx"
        assert len(read_track_file(tmp_path / "logger.nmea", "van-17", now=NOW).accepted) == 2
        csv_result = read_track_file(tmp_path / "positions.csv", now=NOW)
        assert csv_result.accepted[0].technician == "Åsa"
        assert read_track_file(tmp_path / "unnamed.txt", "van-17", now=NOW).fixes[0].source == "nmea"

    def test_whole_file_failures(self, tmp_path):
        with pytest.raises(FeedError, match="cannot read missing.gpx"):
            read_track_file(tmp_path / "missing.gpx", now=NOW)
        (tmp_path / "logger.nmea").write_text(RMC_1, encoding="ascii")
        with pytest.raises(FeedError, match="give a device id"):
            read_track_file(tmp_path / "logger.nmea", now=NOW)
        (tmp_path / "binary.csv").write_bytes(b"\x81\x8d\x8f\x90\x9d")
        with pytest.raises(FeedError, match="neither UTF-8 nor Windows-1252"):
            read_track_file(tmp_path / "binary.csv", now=NOW)
