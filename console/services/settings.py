"""Operator-wide settings: thresholds every workstation shares, kept in the `settings` table.

Each setting is a field of OperatorSettings; its metadata says how to read and check it,
so adding a setting (travel factors, repair times...) is adding one field.  Values are
stored as JSON, one row per key; a key never written reads as its default, so a new
setting needs no migration.
"""
from __future__ import annotations

import json
import math
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.enums import Cause
from console.domain.errors import StoredWord, ValidationError
from console.domain.vocabulary import N_
from console.domain.eta_rules import EtaSettings
from console.domain.loans import LoanSettings
from console.domain.travel import TravelSettings
from console.store.schema import Setting

from .uow import Db


# An OSRM server's address; longer than any a dispatcher types.
MAX_URL_CHARS = 200
# `minimum` of a text setting that is plain one-line text rather than an http(s) URL.
TEXT = -1


def _setting(default: Any, kind: type, help: str, maximum: float, allow_zero: bool = False,
             minimum: float | None = None):
    """`maximum` keeps a shared value within what every rule can compute with (a due date of
    1e30 days overflows every workstation's loans); the one place each range is declared."""
    return field(default=default, metadata={"kind": kind, "help": help, "allow_zero": allow_zero,
                                            "minimum": minimum, "maximum": maximum})


@dataclass(frozen=True)
class OperatorSettings:
    info_gap_minutes: int = _setting(
        60, int, "minutes without news before an outage is flagged as customers not told", maximum=7 * 24 * 60)
    loaner_suggest_after_hours: float = _setting(
        24.0, float, "suggest loaner routers when the ETA is this many hours after the start", maximum=30 * 24)
    loan_due_days: int = _setting(
        3, int, "loaner routers are due back this many days after restoration", maximum=365, allow_zero=True)
    stale_position_minutes: int = _setting(
        10, int, "a technician's position older than this is shown as stale", maximum=24 * 60)
    # Travel estimates and repair times; defaults and their sources are in
    # console/domain/travel.py and console/domain/eta_rules.py.
    travel_circuity: float = _setting(
        1.35, float, "road distance as a multiple of the straight line (at least 1)", maximum=5, minimum=1.0)
    travel_speed_kmh: float = _setting(
        65.0, float, "average driving speed on the roads technicians use, km/h", maximum=200)
    travel_stop_minutes: float = _setting(
        5.0, float, "minutes added for each stop (parking, loading the van)", maximum=240, allow_zero=True)
    darkness_factor: float = _setting(
        1.3, float, "work in the dark takes this many times as long (at least 1)", maximum=5, minimum=1.0)
    repair_minutes_excavation_damage: int = _setting(
        480, int, "typical repair time on site, excavation damage, minutes", maximum=14 * 24 * 60)
    repair_minutes_cable_fault: int = _setting(
        300, int, "typical repair time on site, cable fault, minutes", maximum=14 * 24 * 60)
    repair_minutes_equipment_failure: int = _setting(
        120, int, "typical repair time on site, equipment failure, minutes", maximum=14 * 24 * 60)
    repair_minutes_power: int = _setting(
        90, int, "typical repair time on site, power, minutes", maximum=14 * 24 * 60)
    repair_minutes_weather: int = _setting(
        360, int, "typical repair time on site, weather, minutes", maximum=14 * 24 * 60)
    repair_minutes_unknown: int = _setting(
        240, int, "typical repair time on site, unknown cause, minutes", maximum=14 * 24 * 60)
    osrm_url: str = _setting(
        "", str, "OSRM server for road travel times, e.g. http://localhost:5000 (empty: straight-line estimates)",
        maximum=MAX_URL_CHARS)  # for a text setting the maximum is its length
    # Notice delivery (console/services/outbox.py); the passwords live in services/secrets.py.
    smtp_host: str = _setting("", str, "SMTP server for e-mailed notices (empty: no e-mail)",
                              maximum=MAX_URL_CHARS, minimum=TEXT)
    smtp_port: int = _setting(587, int, "SMTP server port", maximum=65535, minimum=1)
    smtp_from: str = _setting("", str, "sender address of e-mailed notices", maximum=254, minimum=TEXT)
    smtp_user: str = _setting("", str, "SMTP login name (empty: no login)", maximum=254, minimum=TEXT)
    smtp_starttls: int = _setting(1, int, "1: switch the SMTP connection to TLS (STARTTLS); 0: plain",
                                  maximum=1, allow_zero=True)
    sms_api_url: str = _setting(
        "", str, "46elks-compatible SMS API, e.g. https://api.46elks.com/a1 (empty: no SMS)", maximum=MAX_URL_CHARS)
    sms_user: str = _setting("", str, "SMS API user name", maximum=120, minimum=TEXT)
    sms_from: str = _setting("", str, "SMS sender name or number", maximum=16, minimum=TEXT)

    @property
    def loan_settings(self) -> LoanSettings:
        return LoanSettings(suggest_after_hours=self.loaner_suggest_after_hours,
                            due_days_after_restoration=self.loan_due_days)

    @property
    def travel_settings(self) -> TravelSettings:
        """Raises ValidationError naming the rule when a stored factor is out of range."""
        return TravelSettings(circuity=self.travel_circuity, speed_kmh=self.travel_speed_kmh,
                              stop_minutes=self.travel_stop_minutes)

    @property
    def eta_settings(self) -> EtaSettings:
        return EtaSettings(
            repair_minutes={cause: getattr(self, f"repair_minutes_{cause.value}") for cause in Cause},
            darkness_factor=self.darkness_factor,
        )

    def as_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULTS = OperatorSettings()
SETTING_KEYS: tuple[str, ...] = tuple(f.name for f in fields(OperatorSettings))
MAX_VALUE_CHARS = 40


def describe() -> list[tuple[str, str, Any]]:
    """(key, help, default) for every setting, in declaration order."""
    return [(f.name, f.metadata["help"], f.default if f.default is not MISSING else None)
            for f in fields(OperatorSettings)]


def _field(key: str):
    for f in fields(OperatorSettings):
        if f.name == key:
            return f
    raise ValidationError.of(N_("unknown setting {key}; expected one of: {allowed}"),
                             key=repr(key), allowed=', '.join(SETTING_KEYS))


def _http_url(key: str, value: Any) -> str:
    """An http(s) server address, or "" for none."""
    if not isinstance(value, str):
        raise ValidationError.of(N_("setting {key} must be an http(s) URL such as http://localhost:5000, or empty "
                                    "for none, got {value}"),
                                 key=key, value=repr(value))
    text = value.strip()
    if not text:
        return ""
    if len(text) > MAX_URL_CHARS:
        raise ValidationError.of(N_("setting {key} must be an http(s) URL such as http://localhost:5000, or empty for none, "
                                    "got a {n}-character text"), key=key, n=len(text))
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValidationError.of(N_("setting {key} must be an http(s) URL such as http://localhost:5000, or empty "
                                    "for none, got {value}"),
                                 key=key, value=repr(value)) from None
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or any(c.isspace() for c in text)):
        raise ValidationError.of(N_("setting {key} must be an http(s) URL such as http://localhost:5000, or empty "
                                    "for none, got {value}"),
                                 key=key, value=repr(value))
    return text.rstrip("/")


def _plain_text(key: str, value: Any, longest: int) -> str:
    if not isinstance(value, str):
        raise ValidationError.of(N_("setting {key} must be text, got {value}"), key=key, value=repr(value))
    text = value.strip()
    if len(text) > longest or any(c in text for c in "\r\n\t"):
        raise ValidationError.of(N_("setting {key} must be one line of at most {longest} characters"),
                                 key=key, longest=longest)
    return text


def coerce(key: str, value: Any) -> int | float | str:
    """A value for `key` as stored, from a number or the text a dispatcher typed."""
    f = _field(key)
    kind, allow_zero = f.metadata["kind"], f.metadata["allow_zero"]
    if kind is str:
        if f.metadata["minimum"] == TEXT:
            return _plain_text(key, value, int(f.metadata["maximum"]))
        return _http_url(key, value)
    wanted = StoredWord("term", N_("a whole number") if kind is int else N_("a number"))
    if isinstance(value, bool):
        raise ValidationError.of(N_("setting {key} must be {wanted}, got {value}"),
                                 key=key, wanted=wanted, value=repr(value))
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ValidationError.of(N_("setting {key} must be {wanted}, got a {n}-character text"),
                                     key=key, wanted=wanted, n=len(text))
        try:
            number = int(text) if kind is int else float(text.replace(",", "."))
        except ValueError:
            raise ValidationError.of(N_("setting {key} must be {wanted}, got {value}"),
                                     key=key, wanted=wanted, value=repr(value)) from None
    elif isinstance(value, (int, float)):
        number = value
    else:
        raise ValidationError.of(N_("setting {key} must be {wanted}, got {value}"),
                                 key=key, wanted=wanted, value=repr(value))
    if kind is int:
        if isinstance(number, float):
            if not number.is_integer():
                raise ValidationError.of(N_("setting {key} must be {wanted}, got {value}"),
                                         key=key, wanted=wanted, value=repr(value))
            number = int(number)
    else:
        number = float(number)
        if not math.isfinite(number):
            raise ValidationError.of(N_("setting {key} must be a finite number, got {value}"),
                                     key=key, value=repr(value))
    low, high = setting_range(key)
    too_low = number < low or (number == 0 and not allow_zero)
    if too_low or number > high:
        if low == 0 and not allow_zero:
            raise ValidationError.of(N_("setting {key} must be more than 0 and at most {high}, got {value}"),
                                     key=key, high=format(high, "g"), value=repr(value))
        raise ValidationError.of(N_("setting {key} must be from {low} to {high}, got {value}"),
                                 key=key, low=format(low, "g"), high=format(high, "g"), value=repr(value))
    return number


def setting_range(key: str) -> tuple[float, float]:
    """(lowest, highest) value of a setting; 0 itself is excluded unless the setting allows it."""
    f = _field(key)
    minimum = f.metadata["minimum"]
    return (minimum if minimum is not None else 0), f.metadata["maximum"]


def describe_range(key: str) -> str:
    if _field(key).metadata["kind"] is str and _field(key).metadata["minimum"] == TEXT:
        return f"one line of at most {_field(key).metadata['maximum']:g} characters"
    if _field(key).metadata["kind"] is str:
        return f"an http(s) URL of at most {MAX_URL_CHARS} characters, or empty"
    low, high = setting_range(key)
    if low == 0 and not _field(key).metadata["allow_zero"]:
        return f"more than 0 and at most {high:g}"
    return f"from {low:g} to {high:g}"


def stored_problems(db: Db) -> list[str]:
    """One line per stored value that is out of range or unreadable (its default is used meanwhile)."""
    with db.read() as session:
        stored = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(SETTING_KEYS))).all()
    problems = []
    for key, raw in stored:
        try:
            coerce(key, json.loads(raw))
        except (ValueError, ValidationError) as err:
            shown = raw if len(raw) <= 40 else raw[:37] + "…"
            problems.append(f"setting {key} holds {shown}, outside its range ({describe_range(key)}): "
                            f"the default {getattr(DEFAULTS, key)} is used until it is set again"
                            if isinstance(err, ValidationError) else
                            f"setting {key} holds unreadable {shown!r}: the default is used")
    return problems


def read_settings(session: Session) -> OperatorSettings:
    """Settings as seen inside an open session, for services that need them mid-transaction."""
    stored = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(SETTING_KEYS))).all())
    values = {}
    for key, raw in stored.items():
        try:
            values[key] = coerce(key, json.loads(raw))
        except (ValueError, ValidationError):
            # A value damaged outside the console must not stop every workstation: the
            # default holds until someone sets it again.
            continue
    return replace(DEFAULTS, **values)


def get_settings(db: Db) -> OperatorSettings:
    with db.read() as session:
        return read_settings(session)


def update_settings(db: Db, /, **changes: Any) -> OperatorSettings:
    """Change one or more settings in one transaction; every value is checked before any is written."""
    if not changes:
        raise ValidationError.of(N_("no setting to change"))
    checked = {key: coerce(key, value) for key, value in changes.items()}
    with db.unit() as uow:
        current = read_settings(uow.session)
        for key, value in checked.items():
            old = getattr(current, key)
            if old == value:
                continue
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
            uow.audit("set", "setting", key, {"value": old}, {"value": value})
        uow.session.flush()
        return read_settings(uow.session)


__all__ = ["OperatorSettings", "DEFAULTS", "SETTING_KEYS", "describe", "coerce", "read_settings",
           "get_settings", "update_settings", "setting_range", "describe_range", "stored_problems"]
