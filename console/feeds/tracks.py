"""Track files a technician's phone or GPS logger leaves behind: GPX 1.1, NMEA 0183, CSV.

Each reader takes what it can and says why it left the rest: a bad point or line is
rejected with a reason, and only a file that cannot be read at all raises FeedError.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import gpxpy
import gpxpy.gpx
import pynmea2

from console.domain.enums import FixSource
from console.domain.timeutil import LOCAL_TZ, utcnow

from .fix import FeedError, PositionFix, check_device_id, parse_number, parse_timestamp

KNOTS_TO_KMH = 1.852
MPS_TO_KMH = 3.6
# A day of one-second fixes in NMEA is ~15 MB; anything far beyond is not a track file.
MAX_FILE_BYTES = 64 * 1024 * 1024
CSV_COLUMNS = ("technician", "time", "lat", "lon")
NMEA_EXTENSIONS = frozenset({".nmea", ".nma", ".nme", ".log"})


class ImportedFix(NamedTuple):
    """One accepted point. `technician` is the reference the file itself names (CSV column,
    GPX track name), to be resolved as a technician id or device id; None when the caller
    supplied the device id."""

    technician: str | None
    fix: PositionFix


@dataclass
class ImportResult:
    accepted: list[ImportedFix] = field(default_factory=list)
    # (line number for NMEA/CSV, 1-based point number for GPX; reason)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    # Lines that carry no position by design (other NMEA sentences, blank lines).
    ignored: int = 0

    @property
    def fixes(self) -> list[PositionFix]:
        return [item.fix for item in self.accepted]

    def summary(self) -> str:
        return f"{len(self.accepted)} accepted, {len(self.rejected)} rejected"


def read_gpx(
    data: bytes | str,
    device_id: str | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Track points of every track and segment. Without `device_id`, each track's name is
    taken as the technician reference; a file with neither is rejected as a whole."""
    now = now or utcnow()
    if device_id is not None:
        device_id = check_device_id(device_id)
    text = _decode(data, "GPX") if isinstance(data, bytes) else data
    try:
        gpx = gpxpy.parse(text)
    # gpxpy reports broken XML and broken GPX with several unrelated exception types.
    except Exception as exc:  # noqa: BLE001
        raise FeedError(f"unreadable GPX file: {_one_line(exc)}") from None

    result = ImportResult()
    number = 0
    for track in gpx.tracks:
        ref = None if device_id is not None else _track_ref(track, gpx)
        for segment in track.segments:
            for point in segment.points:
                number += 1
                if device_id is None and ref is None:
                    raise FeedError("GPX track has no name to tell whose it is; give a device id")
                try:
                    fix = _gpx_fix(point, device_id or ref, now)
                except FeedError as exc:
                    result.rejected.append((number, str(exc)))
                    continue
                result.accepted.append(ImportedFix(ref, fix))
    if number == 0:
        raise FeedError("GPX file has no track points")
    return result


def read_nmea(
    text: str,
    device_id: str,
    date_hint: date | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """RMC and GGA sentences. GGA carries only a time of day: it takes the date of the last
    RMC, else `date_hint`. A GGA and an RMC of the same second become one fix."""
    now = now or utcnow()
    device_id = check_device_id(device_id)
    result = ImportResult()
    by_time: dict[datetime, int] = {}
    last_date: date | None = None
    last_time: time | None = None

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            result.ignored += 1
            continue
        try:
            msg = pynmea2.parse(line)
        # pynmea2 signals bad input with assorted exception types (ParseError, ValueError, ...).
        except Exception as exc:  # noqa: BLE001
            result.rejected.append((lineno, f"not an NMEA sentence: {_one_line(exc)}"))
            continue
        kind = getattr(msg, "sentence_type", None)
        if kind not in ("RMC", "GGA"):
            result.ignored += 1
            continue
        try:
            if kind == "RMC":
                fix, last_date, last_time = _rmc_fix(msg, device_id, now)
            else:
                fix = _gga_fix(msg, device_id, last_date, last_time, date_hint, now)
        except FeedError as exc:
            result.rejected.append((lineno, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001  (pynmea2 field accessors raise on garbage)
            result.rejected.append((lineno, f"malformed {kind} sentence: {_one_line(exc)}"))
            continue
        index = by_time.get(fix.fixed_at)
        if index is None:
            by_time[fix.fixed_at] = len(result.accepted)
            result.accepted.append(ImportedFix(None, fix))
        else:
            result.accepted[index] = ImportedFix(None, _merge(result.accepted[index].fix, fix))
    return result


def read_csv(text: str, now: datetime | None = None) -> ImportResult:
    """Rows of technician, time, lat, lon (a header naming them is required; other columns
    are ignored). Comma or semicolon separated; with semicolons a decimal comma is accepted.
    Times without offset are Stockholm local time, as a dispatcher would write them."""
    now = now or utcnow()
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise FeedError("CSV file is empty")
    header_line = lines[header_index].lstrip("\ufeff")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [name.strip().lower() for name in _csv_row(header_line, delimiter)]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise FeedError(
            f"CSV header must name {', '.join(CSV_COLUMNS)}; missing {', '.join(missing)}"
        )
    column = {name: header.index(name) for name in CSV_COLUMNS}

    result = ImportResult()
    for lineno, line in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not line.strip():
            result.ignored += 1
            continue
        try:
            row = _csv_row(line, delimiter)
            if len(row) < len(header):
                raise FeedError(f"expected {len(header)} columns, found {len(row)}")
            technician = check_device_id(row[column["technician"]])
            lat = parse_number(_decimal(row[column["lat"]], delimiter), "latitude")
            lon = parse_number(_decimal(row[column["lon"]], delimiter), "longitude")
            fixed_at = parse_timestamp(row[column["time"]], "time", naive_tz=LOCAL_TZ)
            fix = PositionFix.create(
                device_id=technician, fixed_at=fixed_at, lat=lat, lon=lon,
                source=FixSource.CSV, now=now,
            )
        except FeedError as exc:
            result.rejected.append((lineno, str(exc)))
            continue
        result.accepted.append(ImportedFix(technician, fix))
    return result


def read_track_file(
    path: str | Path,
    device_id: str | None = None,
    date_hint: date | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Read a GPX, NMEA or CSV file, chosen by extension and, failing that, by content."""
    path = Path(path)
    try:
        if path.is_dir():
            raise FeedError(f"{path.name} is a folder, not a track file")
        # Read at most one byte past the limit: /dev/zero or a pipe reports size 0 and never ends.
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise FeedError(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                            "track files that big are refused")
    except OSError as exc:
        raise FeedError(f"cannot read {path.name}: {exc.strerror or exc}") from None

    suffix = path.suffix.lower()
    if suffix == ".gpx":
        return read_gpx(data, device_id, now=now)
    text = _decode(data, suffix.lstrip(".").upper() or "track")
    if suffix == ".csv":
        return read_csv(text, now=now)
    head = text.lstrip("\ufeff \t\r\n")
    if suffix in NMEA_EXTENSIONS or head.startswith(("$", "!")):
        if device_id is None:
            raise FeedError("NMEA files do not say whose track they are; give a device id")
        return read_nmea(text, device_id, date_hint, now=now)
    if head.startswith("<"):
        return read_gpx(text, device_id, now=now)
    return read_csv(text, now=now)


def _gpx_fix(point: gpxpy.gpx.GPXTrackPoint, device_id: str, now: datetime) -> PositionFix:
    if point.time is None:
        raise FeedError("track point has no time")
    # GPX times are UTC by the schema; a missing 'Z' does not make them local.
    fixed_at = point.time if point.time.tzinfo else point.time.replace(tzinfo=timezone.utc)
    speed = _finite_or_none(point.speed, "speed")
    course = _finite_or_none(getattr(point, "course", None), "course")
    return PositionFix.create(
        device_id=device_id,
        fixed_at=fixed_at,
        lat=parse_number(point.latitude, "latitude"),
        lon=parse_number(point.longitude, "longitude"),
        speed_kmh=None if speed is None or speed < 0 else speed * MPS_TO_KMH,
        heading=None if course is None or course < 0 else course % 360.0,
        altitude=_finite_or_none(point.elevation, "elevation"),
        source=FixSource.GPX,
        now=now,
    )


def _track_ref(track: gpxpy.gpx.GPXTrack, gpx: gpxpy.gpx.GPX) -> str | None:
    for candidate in (track.name, gpx.name, gpx.author_name):
        if candidate and candidate.strip():
            return check_device_id(candidate)
    return None


def _rmc_fix(msg, device_id: str, now: datetime) -> tuple[PositionFix, date, time]:
    if msg.status != "A":
        raise FeedError(f"RMC status {msg.status!r}: the receiver had no valid fix")
    if msg.datestamp is None or msg.timestamp is None:
        raise FeedError("RMC sentence has no date or time")
    fixed_at = datetime.combine(msg.datestamp, msg.timestamp.replace(tzinfo=None), timezone.utc)
    speed = _nmea_float(msg.spd_over_grnd, "speed")
    course = _nmea_float(msg.true_course, "course")
    fix = PositionFix.create(
        device_id=device_id,
        fixed_at=fixed_at,
        lat=_nmea_coordinate(msg, "lat"),
        lon=_nmea_coordinate(msg, "lon"),
        speed_kmh=None if speed is None or speed < 0 else speed * KNOTS_TO_KMH,
        heading=None if course is None or course < 0 else course % 360.0,
        source=FixSource.NMEA,
        now=now,
    )
    return fix, msg.datestamp, msg.timestamp.replace(tzinfo=None)


def _gga_fix(msg, device_id, last_date, last_time, date_hint, now) -> PositionFix:
    quality = str(msg.gps_qual or "0").strip()
    if quality in ("", "0"):
        raise FeedError("GGA fix quality 0: the receiver had no valid fix")
    if msg.timestamp is None:
        raise FeedError("GGA sentence has no time")
    clock = msg.timestamp.replace(tzinfo=None)
    if last_date is not None:
        day = last_date
        # A GGA just after midnight following an RMC just before it belongs to the next day.
        if last_time is not None and _seconds(clock) < _seconds(last_time) - 12 * 3600:
            day = last_date + timedelta(days=1)
    elif date_hint is not None:
        day = date_hint
    else:
        raise FeedError("GGA sentence has no date: no RMC before it and no date given")
    return PositionFix.create(
        device_id=device_id,
        fixed_at=datetime.combine(day, clock, timezone.utc),
        lat=_nmea_coordinate(msg, "lat"),
        lon=_nmea_coordinate(msg, "lon"),
        altitude=_nmea_float(msg.altitude, "altitude"),
        source=FixSource.NMEA,
        now=now,
    )


def _nmea_coordinate(msg, which: str) -> float:
    if not getattr(msg, which) or not getattr(msg, f"{which}_dir"):
        raise FeedError(f"{msg.sentence_type} sentence has no position")
    value = msg.latitude if which == "lat" else msg.longitude
    return parse_number(value, "latitude" if which == "lat" else "longitude")


def _nmea_float(raw: object, what: str) -> float | None:
    if raw is None or raw == "":
        return None
    return parse_number(raw if isinstance(raw, (int, float)) else str(raw), what)


def _merge(first: PositionFix, second: PositionFix) -> PositionFix:
    """One fix from an RMC and a GGA of the same second: each fills what the other lacks."""
    filled = {
        name: getattr(second, name)
        for name in ("speed_kmh", "heading", "altitude", "accuracy_m", "battery")
        if getattr(first, name) is None and getattr(second, name) is not None
    }
    return replace(first, **filled) if filled else first


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _finite_or_none(value: object, what: str) -> float | None:
    return None if value is None else parse_number(value, what)


def _csv_row(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error as exc:
        raise FeedError(f"malformed CSV line: {exc}") from None


def _decimal(value: str, delimiter: str) -> str:
    # Swedish spreadsheets export "57,698" in semicolon-separated files.
    return value.replace(",", ".") if delimiter == ";" else value


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Files saved by Swedish Windows programs are Windows-1252 (å, ä, ö in names).
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FeedError(f"{what} file is neither UTF-8 nor Windows-1252 text") from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
