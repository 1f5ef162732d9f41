"""The customer register's CSV format and its rules, and which premises an area takes in.

Columns (a header naming them, in any order; other columns are ignored):
ref, name, address, lat, lon, phone, email, lang, node. A premises needs a way to be told:
phone (E.164) or e-mail, or both; an empty lang means Swedish. Every bad line is reported once
with its line number and its first reason; the caller decides whether a bad line refuses the file.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from .csv_rows import csv_records
from .errors import StoredWord, ValidationError
from .geo import check_coordinates
from .limits import ADDRESS_CHARS, PROPER_NAME_CHARS, REFERENCE_CHARS
from .vocabulary import N_

COLUMNS = ("ref", "name", "address", "lat", "lon", "phone", "email", "lang", "node")
LANGS = ("sv", "en")
MAX_REF = REFERENCE_CHARS
MAX_NAME = PROPER_NAME_CHARS
MAX_ADDRESS = ADDRESS_CHARS
MAX_NODE = REFERENCE_CHARS
MAX_EMAIL = 254
MAX_AREA_POINTS = 500
_PHONE = re.compile(r"\+[1-9][0-9]{7,14}")
# Deliberately loose: one @, a dot in the domain, no spaces. The SMTP server is the final judge.
_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")


@dataclass(frozen=True)
class CustomerRow:
    line: int
    ref: str
    name: str
    address: str
    lat: float
    lon: float
    phone: str
    email: str
    lang: str
    node: str

    def as_values(self) -> dict:
        return {"ref": self.ref, "name": self.name, "address": self.address, "lat": self.lat, "lon": self.lon,
                "phone": self.phone, "email": self.email, "lang": self.lang, "node": self.node}


@dataclass
class CustomerFile:
    rows: list[CustomerRow] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)


def _text(value: str, what: str, limit: int, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError.of(N_("{what} is empty"), what=StoredWord("term", what))
    if len(value) > limit:
        raise ValidationError.of(N_("{what} is {n} characters; at most {limit}"),
                                 what=StoredWord("term", what), n=len(value), limit=limit)
    if any(ord(c) < 32 for c in value):
        raise ValidationError.of(N_("{what} contains control characters"), what=StoredWord("term", what))
    return value


def _coordinate(value: str, what: str) -> float:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise ValidationError.of(N_("{what} is not a number: {value}"),
                                 what=StoredWord("term", what), value=repr(value.strip()[:40])) from None
    if not math.isfinite(number):
        raise ValidationError.of(N_("{what} is not a finite number"), what=StoredWord("term", what))
    return number


def check_phone(value: str) -> str:
    value = value.strip()
    if value and not _PHONE.fullmatch(value):
        raise ValidationError.of(N_("phone {value} is not E.164 (+ and 8 to 15 digits, e.g. +46701234567)"),
                                 value=repr(value[:40]))
    return value


def check_email(value: str) -> str:
    value = value.strip()
    if value and (len(value) > MAX_EMAIL or not _EMAIL.fullmatch(value)):
        raise ValidationError.of(N_("email {value} is not an e-mail address"), value=repr(value[:60]))
    return value


def check_node(value: str) -> str:
    return _text(value, N_("node"), MAX_NODE)


def parse_row(values: dict[str, str], line: int) -> CustomerRow:
    ref = _text(values["ref"], N_("ref"), MAX_REF, required=True)
    name = _text(values["name"], N_("name"), MAX_NAME)
    address = _text(values["address"], N_("address"), MAX_ADDRESS)
    try:
        lat, lon = check_coordinates(_coordinate(values["lat"], N_("lat")), _coordinate(values["lon"], N_("lon")))
    except ValidationError as err:
        raise ValidationError.of(N_("bad coordinates: {problem}"), problem=err) from None
    phone = check_phone(values["phone"])
    email = check_email(values["email"])
    if not phone and not email:
        raise ValidationError.of(N_("neither phone nor email: the customer could not be told"))
    lang = values["lang"].strip().lower() or "sv"
    if lang not in LANGS:
        raise ValidationError.of(N_("lang {value} is not one of {langs}"), value=repr(lang[:10]), langs=", ".join(LANGS))
    return CustomerRow(line, ref, name, address, lat, lon, phone, email, lang, check_node(values["node"]))


def read_customer_csv(text: str) -> CustomerFile:
    """Parse the whole file; a header lacking a column raises, bad rows are collected."""
    result = CustomerFile()
    seen: dict[str, int] = {}
    for line, values, _delimiter, problem in csv_records(text, N_("customer"), COLUMNS):
        try:
            if values is None:
                raise ValidationError(problem)
            row = parse_row(values, line)
            if row.ref in seen:
                raise ValidationError.of(N_("duplicate ref {ref} (first on line {first})"),
                                         ref=repr(row.ref), first=seen[row.ref])
        except ValidationError as err:
            result.bad_lines.append((line, str(err)))
            continue
        seen[row.ref] = line
        result.rows.append(row)
    return result


def parse_nodes(text: str) -> tuple[str, ...]:
    """'N1, N2' -> ('N1', 'N2'), without repeats, each within the node length."""
    nodes: list[str] = []
    for part in (text or "").split(","):
        node = check_node(part)
        if node and node not in nodes:
            nodes.append(node)
    if not nodes:
        raise ValidationError.of(N_("no node given (e.g. --nodes NOD-12,NOD-13)"))
    return tuple(nodes)


def parse_area(text: str) -> tuple[tuple[float, float], ...]:
    """'lat lon; lat lon; ...' (at least three corners) -> a polygon of (lat, lon)."""
    points = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        bits = part.replace(",", " ").split()
        if len(bits) != 2:
            raise ValidationError.of(N_("area corner {value} is not 'lat lon'"), value=repr(part.strip()[:40]))
        points.append(check_coordinates(_coordinate(bits[0], N_("lat")), _coordinate(bits[1], N_("lon"))))
    if len(points) < 3:
        raise ValidationError.of(N_("an area needs at least three corners: 'lat lon; lat lon; lat lon'"))
    if len(points) > MAX_AREA_POINTS:
        raise ValidationError.of(N_("an area has at most {limit} corners"), limit=MAX_AREA_POINTS)
    return tuple(points)


def area_to_json(points) -> str:
    return json.dumps([[lat, lon] for lat, lon in points])


def area_from_json(text: str | None) -> tuple[tuple[float, float], ...]:
    if not text:
        return ()
    return tuple((float(lat), float(lon)) for lat, lon in json.loads(text))


def in_polygon(lat: float, lon: float, polygon) -> bool:
    """Ray casting (even-odd rule); fine for the few-kilometre areas drawn around an outage."""
    inside = False
    n = len(polygon)
    for i in range(n):
        lat1, lon1 = polygon[i]
        lat2, lon2 = polygon[(i + 1) % n]
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                inside = not inside
    return inside


def bounding_box(points) -> tuple[float, float, float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return min(lats), max(lats), min(lons), max(lons)


__all__ = ["COLUMNS", "LANGS", "CustomerRow", "CustomerFile", "read_customer_csv", "parse_row", "parse_nodes",
           "parse_area", "area_to_json", "area_from_json", "in_polygon", "bounding_box", "check_phone",
           "check_email", "check_node"]
