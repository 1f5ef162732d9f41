"""The vocabularies of dispatch, stored by value (lower-case strings)."""
from enum import StrEnum


class OutageStatus(StrEnum):
    REPORTED = "reported"
    ASSIGNED = "assigned"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    WAITING_FOR_MATERIAL = "waiting_for_material"
    RESTORED = "restored"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (OutageStatus.RESTORED, OutageStatus.CANCELLED)


OPEN_STATUSES = tuple(s for s in OutageStatus if s.is_open)


class Cause(StrEnum):
    EXCAVATION_DAMAGE = "excavation_damage"
    CABLE_FAULT = "cable_fault"
    EQUIPMENT_FAILURE = "equipment_failure"
    POWER = "power"
    WEATHER = "weather"
    UNKNOWN = "unknown"


class EtaReason(StrEnum):
    INITIAL = "initial"
    ASSESSMENT = "assessment"
    TRAVEL = "travel"
    RESTOCK = "restock"
    DARKNESS = "darkness"
    ACCESS = "access"
    WEATHER = "weather"
    SCOPE = "scope"
    OTHER = "other"


class TechnicianStatus(StrEnum):
    AVAILABLE = "available"
    ASSIGNED = "assigned"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    RESTOCKING = "restocking"
    OFF_DUTY = "off_duty"


class NoticeChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    WEB = "web"
    PHONE = "phone"


class RestockRunStatus(StrEnum):
    UNDER_WAY = "under_way"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class FixSource(StrEnum):
    OSMAND = "osmand"
    TRACCAR = "traccar"
    GPX = "gpx"
    NMEA = "nmea"
    CSV = "csv"
    DEMO = "demo"
    MANUAL = "manual"


def parse_enum(enum_cls, value: str, what: str):
    """Accept a value or a name in any case, with '-' or ' ' for '_'; one clear error otherwise."""
    from .errors import StoredWord, ValidationError
    from .vocabulary import N_

    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return enum_cls(key)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValidationError.of(N_("unknown {what} {value}; expected one of: {allowed}"),
                                 what=StoredWord("term", what), value=repr(value), allowed=allowed) from None
