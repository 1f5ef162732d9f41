"""The words printed on charts, from the one gettext catalogue (console.domain.vocabulary)."""
from __future__ import annotations

from datetime import datetime

from console.domain import vocabulary
from console.domain.timeutil import to_local
from console.domain.vocabulary import N_

_TEXTS: dict[str, str] = {
    "eta_title": N_("ETA of #{id} {title}"),
    "promised_at": N_("When the promise was made"),
    "promised_eta": N_("Promised ETA"),
    "now": N_("now"),
    "restored": N_("restored"),
    "started": N_("outage began"),
    "diagonal": N_("promise = moment (below the line: the ETA had passed)"),
    "no_eta": N_("No ETA has been promised yet."),
    "acc_title": N_("How far restorations fell from the promised ETA, by cause"),
    "acc_period": N_("Restored {since} – {until}"),
    "acc_first": N_("first promise"),
    "acc_last": N_("last promise"),
    "acc_late_h": N_("hours: + restored late, − early"),
    "acc_late_min": N_("minutes: + restored late, − early"),
    "acc_count": N_("n = {n}"),
    "acc_none": N_("No outage restored in the period had a promised ETA."),
    "weekdays": N_("Mon Tue Wed Thu Fri Sat Sun"),
}


def texts(lang: str) -> dict[str, str]:
    return vocabulary.words(vocabulary.check_lang(lang), _TEXTS)


def when(value: datetime, lang: str) -> str:
    """'Thu 12/9 22:00' in the operator's zone, with the weekday in `lang` (strftime would give
    the C locale's English)."""
    local = to_local(value)
    day = texts(lang)["weekdays"].split()[local.weekday()]
    return f"{day} {local.day}/{local.month} {local:%H:%M}"


def span(minutes: float, lang: str) -> str:
    """A signed move of a promise: '+1 d 3 h', '+45 min', '−2 h 10 min'."""
    return ("+" if minutes >= 0 else "") + vocabulary.duration_words(minutes, vocabulary.check_lang(lang))


def tick(value: datetime, lang: str) -> str:
    """An axis tick: the day alone at local midnight ('fre 13/9'), else with the time."""
    text = when(value, lang)
    return text[:-6] if to_local(value).strftime("%H:%M") == "00:00" else text
