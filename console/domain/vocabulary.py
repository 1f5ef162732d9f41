"""The words people read, one catalogue per language, and the one word for each stored value.

Everything outside Qt's reach (the handover PDF, the public status page, customer notices, the
map page) reads its words from a gettext catalogue, resources/i18n/<lang>/LC_MESSAGES/console.mo;
the window's labels for statuses, causes and ETA reasons come from here too, so "cancelled" is
one word wherever it is printed (docs/ARCHITECTURE.md, "Words").  English is the source
language: its words are the msgids themselves, so "en" needs no catalogue of its own.

Mark a word with N_() where it is defined and translate it with word(lang, text) where it is
shown; tools/update-translations extracts N_(), _() and ngettext() from the Qt-free layers.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from .enums import Cause, EtaReason, OutageStatus, TechnicianStatus
from .errors import ValidationError

LANGUAGES = ("sv", "en")
DOMAIN = "console"


def N_(text: str) -> str:
    """Marks a word for extraction where it is defined; it is translated where it is shown."""
    return text


def catalogue_dir() -> Path:
    """resources/i18n, wherever the package runs from (wheel, editable install, source tree,
    PyInstaller bundle)."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "console" / "resources" / "i18n"
    try:
        from importlib.resources import files

        located = Path(str(files("console.resources"))) / "i18n"
        if located.is_dir():
            return located
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "resources" / "i18n"


def check_lang(lang: str | None) -> str:
    key = str(lang or "").strip().lower()
    if key not in LANGUAGES:
        raise ValidationError.of(N_("unknown language {lang}; expected one of: sv, en"), lang=repr(lang))
    return key


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`; English (the source language) reads the msgids as they are.

    A missing Swedish catalogue is an installation fault, not something to print English over."""
    lang = check_lang(lang)
    if lang == "en":
        return gettext.NullTranslations()
    path = catalogue_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with open(path, "rb") as handle:
        return gettext.GNUTranslations(handle)


def word(lang: str, text: str) -> str:
    return translations(lang).gettext(text)


def words(lang: str, texts: dict[str, str]) -> dict[str, str]:
    """A table of {key: English} in `lang`."""
    tr = translations(lang)
    return {key: tr.gettext(text) for key, text in texts.items()}


_UNITS = {"min": N_("min"), "h": N_("h"), "d": N_("d")}


def duration_words(minutes: float, lang: str) -> str:
    """'45 min', '3 h 20 min', '2 d 5 h', with '−' before a negative span; printout and charts alike."""
    unit = words(lang, _UNITS)
    sign = "\u2212" if minutes < 0 else ""
    m = int(round(abs(minutes)))
    if m < 60:
        return f"{sign}{m} {unit['min']}"
    if m < 24 * 60:
        h, rest = divmod(m, 60)
        return f"{sign}{h} {unit['h']}" + (f" {rest} {unit['min']}" if rest else "")
    d, rest = divmod(m, 24 * 60)
    h = rest // 60
    return f"{sign}{d} {unit['d']}" + (f" {h} {unit['h']}" if h else "")


def plural(lang: str, singular: str, many: str, n: int) -> str:
    return translations(lang).ngettext(singular, many, n)


# The one word of each stored value, shown by the board, the map, the PDF and the status page.
OUTAGE_STATUS = {
    OutageStatus.REPORTED: N_("Reported"),
    OutageStatus.ASSIGNED: N_("Assigned"),
    OutageStatus.EN_ROUTE: N_("En route"),
    OutageStatus.ON_SITE: N_("On site"),
    OutageStatus.WAITING_FOR_MATERIAL: N_("Waiting for material"),
    OutageStatus.RESTORED: N_("Restored"),
    OutageStatus.CANCELLED: N_("Cancelled"),
}
TECHNICIAN_STATUS = {
    TechnicianStatus.AVAILABLE: N_("Available"),
    TechnicianStatus.ASSIGNED: N_("Assigned"),
    TechnicianStatus.EN_ROUTE: N_("En route"),
    TechnicianStatus.ON_SITE: N_("On site"),
    TechnicianStatus.RESTOCKING: N_("Restocking"),
    TechnicianStatus.OFF_DUTY: N_("Off duty"),
}
CAUSE = {
    Cause.EXCAVATION_DAMAGE: N_("Excavation damage"),
    Cause.CABLE_FAULT: N_("Cable fault"),
    Cause.EQUIPMENT_FAILURE: N_("Equipment failure"),
    Cause.POWER: N_("Power failure"),
    Cause.WEATHER: N_("Weather"),
    Cause.UNKNOWN: N_("Unknown"),
}
ETA_REASON = {
    EtaReason.INITIAL: N_("Initial estimate"),
    EtaReason.ASSESSMENT: N_("Assessment on site"),
    EtaReason.TRAVEL: N_("Travel"),
    EtaReason.RESTOCK: N_("Restocking material"),
    EtaReason.DARKNESS: N_("Darkness"),
    EtaReason.ACCESS: N_("Access to site"),
    EtaReason.WEATHER: N_("Weather"),
    EtaReason.SCOPE: N_("Larger scope"),
    EtaReason.OTHER: N_("Other"),
}


def _value_word(table: dict, value, lang: str) -> str:
    """The word of a stored value; a value the code does not know yet is shown as stored."""
    text = table.get(value)
    if text is None:
        return "" if value is None else str(value)
    return word(lang, text)


def outage_status_word(status, lang: str) -> str:
    return _value_word(OUTAGE_STATUS, status, lang)


def technician_status_word(status, lang: str) -> str:
    return _value_word(TECHNICIAN_STATUS, status, lang)


def cause_word(cause, lang: str) -> str:
    return _value_word(CAUSE, cause, lang)


def eta_reason_word(reason, lang: str) -> str:
    return _value_word(ETA_REASON, reason, lang)


def outage_status_words(lang: str) -> dict[str, str]:
    """{stored value: word} of every outage status, for legends."""
    return {member.value: word(lang, text) for member, text in OUTAGE_STATUS.items()}


# How a travel time was found (TravelMatrix.source and .estimated): the mark printed wherever a
# travel time is, so a dispatcher knows a road time from a straight-line guess.
TRAVEL_SOURCE = {
    ("road", False): N_("by road (offline region)"),
    ("road", True): N_("by road (offline region); straight line where it has no road"),
    ("osrm", False): N_("by road (OSRM)"),
    ("osrm", True): N_("by road (OSRM); straight line where it knows no road"),
    ("geodesic", False): N_("straight-line estimate"),
    ("geodesic", True): N_("straight-line estimate"),
}


def travel_source_word(source: str, estimated: bool, lang: str = "en") -> str:
    """'by road (offline region)', 'by road (OSRM)' or 'straight-line estimate', in lang."""
    text = TRAVEL_SOURCE.get((str(source), bool(estimated)), TRAVEL_SOURCE[("geodesic", True)])
    return word(lang, text)
