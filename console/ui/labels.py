"""Translatable names for stored vocabulary values, and the shared colours of the window."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from console.domain import vocabulary
from console.domain.timeutil import to_local
from console.map.palette import STATUS_COLORS  # noqa: F401 - re-exported for the ui


def format_local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Stockholm time as console.domain.timeutil.format_local, but with the weekday and month
    names (%a %A %b %B) of the interface language ('sön 29 nov 04:50' in Swedish): strftime
    would give the C locale's English ones."""
    if value is None:
        return ""
    local = to_local(value)
    locale = QLocale()
    short = QLocale.FormatType.ShortFormat
    names = {
        "%a": locale.dayName(local.isoweekday(), short).rstrip("."),
        "%A": locale.dayName(local.isoweekday()),
        "%b": locale.monthName(local.month, short).rstrip("."),
        "%B": locale.monthName(local.month),
    }
    for code, name in names.items():
        fmt = fmt.replace(code, name.replace("%", "%%"))
    return local.strftime(fmt)


def ui_language() -> str:
    """The language of the installed Qt translation: dispatch_sv.qm translates this entry to its
    own code, so the words taken from the gettext catalogue always follow the window's."""
    lang = QCoreApplication.translate("Language", "en")
    return lang if lang in vocabulary.LANGUAGES else "en"


# Statuses, causes and reasons are words of the one catalogue (console.domain.vocabulary), the
# same entries the map, the handover and the status page print; the .ts does not repeat them.
def outage_status_label(value: str) -> str:
    return vocabulary.outage_status_word(value, ui_language())


def technician_status_label(value: str) -> str:
    return vocabulary.technician_status_word(value, ui_language())


def cause_label(value: str) -> str:
    return vocabulary.cause_word(value, ui_language())


def eta_reason_label(value: str) -> str:
    return vocabulary.eta_reason_word(value, ui_language())


def travel_source_label(source: str, estimated: bool) -> str:
    """How a travel time was found: 'by road (offline region)', 'by road (OSRM)', 'straight-line estimate'."""
    return vocabulary.travel_source_word(source, estimated, ui_language())


def outage_statuses() -> list[str]:
    return [status.value for status in vocabulary.OUTAGE_STATUS]


def causes() -> list[str]:
    return [cause.value for cause in vocabulary.CAUSE]


def eta_reasons() -> list[str]:
    return [reason.value for reason in vocabulary.ETA_REASON]


TECH_STATUS_COLORS = {
    "available": "#16a34a",
    "assigned": "#ea580c",
    "en_route": "#f59e0b",
    "on_site": "#2563eb",
    "restocking": "#7c3aed",
    "off_duty": "#9ca3af",
}

OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor("#9f1239")
UNTOLD_BG = QColor("#fdf0d5")
UNTOLD_FG = QColor("#92400e")
STALE_FG = QColor("#9a6b00")
MUTED_FG = QColor("#6b7280")


def local_time(value: datetime | None, now: datetime | None = None) -> str:
    """Within a few days of now the weekday says enough ('Tue 21:00'); further off, the date."""
    if value is None:
        return ""
    if now is not None and abs((value - now).total_seconds()) < 5 * 86400:
        return format_local(value, "%a %H:%M")
    return format_local(value, "%a %d %b %H:%M")


def duration_text(minutes: int | None) -> str:
    """Short, readable durations: '45 min', '3 h 05', '2 d 4 h'."""
    if minutes is None:
        return ""
    minutes = max(0, int(minutes))
    if minutes < 60:
        return QCoreApplication.translate("Duration", "%n min", "", minutes)
    hours, mins = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("Duration", "{h} h {m:02d}").format(h=hours, m=mins)
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("Duration", "{d} d {h} h").format(d=days, h=hours)
