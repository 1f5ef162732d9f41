"""Customer notice texts and the information-gap rule.

Customers' first complaint in a long outage is that nobody tells them anything, so the
console drafts a text the dispatcher can edit and send, and measures how long customers
have gone without news.  Texts are Swedish by default, English on request; times are
shown in the operator's zone with our own weekday and month names, so the output never
depends on the machine's locale.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .enums import Cause, NoticeChannel, OutageStatus, parse_enum
from .errors import ValidationError
from .timeutil import as_utc, checked_utc, to_local

LANGUAGES = ("sv", "en")
DEFAULT_OPERATOR = "Fibernätet"
DEFAULT_GAP_THRESHOLD_MINUTES = 60
# Five SMS segments of Unicode text (Swedish letters force UCS-2): longer texts get split
# oddly or dropped by some handsets.
SMS_MAX_CHARS = 320
# A promised "next update by" is rounded up to a whole five minutes: "by 15:05" reads as a
# promise, "by 15:03" as a machine.
_NEXT_UPDATE_STEP_MINUTES = 5

_WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

# Swedish reads as a noun phrase after "beror på"; English as a clause after "because".
_CAUSE_WORDS = {
    Cause.EXCAVATION_DAMAGE: ("en grävskada på fiberkabeln",
                              "an excavator damaged the fibre cable"),
    Cause.CABLE_FAULT: ("ett fel på fiberkabeln", "the fibre cable has a fault"),
    Cause.EQUIPMENT_FAILURE: ("ett fel i vår nätutrustning",
                              "a piece of our network equipment failed"),
    Cause.POWER: ("ett strömavbrott som slagit ut vår nätutrustning",
                  "a power cut knocked out our network equipment"),
    Cause.WEATHER: ("skador efter oväder", "bad weather damaged the network"),
    Cause.UNKNOWN: ("ett fel vars orsak vi ännu utreder",
                    "a fault whose cause we are still investigating"),
}

_STATUS_WORDS = {
    OutageStatus.REPORTED: ("Felanmält", "Reported"),
    OutageStatus.ASSIGNED: ("Tekniker utsedd", "Technician assigned"),
    OutageStatus.EN_ROUTE: ("Tekniker på väg", "Technician on the way"),
    OutageStatus.ON_SITE: ("Reparation pågår", "Repair in progress"),
    OutageStatus.WAITING_FOR_MATERIAL: ("Väntar på material", "Waiting for material"),
    OutageStatus.RESTORED: ("Åtgärdat", "Restored"),
    OutageStatus.CANCELLED: ("Avskrivet", "Cancelled"),
}

_STATUS_SENTENCES = {
    OutageStatus.REPORTED: ("Felet är anmält och vi planerar reparationen.",
                            "The fault has been reported and we are planning the repair."),
    OutageStatus.ASSIGNED: ("En tekniker är utsedd och förbereder reparationen.",
                            "A technician has been assigned and is preparing the repair."),
    OutageStatus.EN_ROUTE: ("En tekniker är på väg till platsen.",
                            "A technician is on the way to the site."),
    OutageStatus.ON_SITE: ("En tekniker arbetar med reparationen på plats.",
                           "A technician is working on the repair on site."),
    OutageStatus.WAITING_FOR_MATERIAL: (
        "Teknikern hämtar material som behövs för att slutföra reparationen.",
        "The technician is fetching material needed to finish the repair."),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "sv" else pair[1]


def check_lang(lang: str) -> str:
    key = str(lang or "").strip().lower()
    if key not in LANGUAGES:
        raise ValidationError(f"unknown language {lang!r}; expected one of: sv, en")
    return key


def cause_words(cause: Cause | str, lang: str = "sv") -> str:
    """The cause in plain words: a noun phrase in Swedish, a clause in English."""
    return _pick(_CAUSE_WORDS[parse_enum(Cause, cause, "cause")], check_lang(lang))


def status_words(status: OutageStatus | str, lang: str = "sv") -> str:
    """A short public label for a status, e.g. 'Reparation pågår'."""
    return _pick(_STATUS_WORDS[parse_enum(OutageStatus, status, "status")], check_lang(lang))


def _because(cause: Cause, lang: str) -> str:
    """'beror på …' / 'because …' (or 'due to …' where the English is a noun phrase)."""
    words = cause_words(cause, lang)
    if lang == "sv":
        return f"beror på {words}"
    return f"due to {words}" if cause is Cause.UNKNOWN else f"because {words}"


def format_clock(value: datetime) -> str:
    """HH:MM in the operator's zone."""
    return to_local(value).strftime("%H:%M")


def format_when(value: datetime, lang: str = "sv", now: datetime | None = None) -> str:
    """'tisdag 10 september kl. 21:00' / 'Tuesday 10 September at 21:00', local time.

    The year is added only when it differs from the year of `now`, as people write it.
    """
    lang = check_lang(lang)
    local = to_local(value)
    weekday = _WEEKDAYS[lang][local.weekday()]
    month = _MONTHS[lang][local.month - 1]
    date = f"{weekday} {local.day} {month}"
    if now is not None and to_local(now).year != local.year:
        date += f" {local.year}"
    joiner = "kl." if lang == "sv" else "at"
    return f"{date} {joiner} {local:%H:%M}"


def next_update_at(now: datetime, minutes: int = 60) -> datetime:
    """The time we promise the next update by: `minutes` ahead, rounded up to 5 minutes."""
    if minutes <= 0:
        raise ValidationError(f"next update must be a positive number of minutes, got {minutes}")
    target = as_utc(now) + timedelta(minutes=minutes)
    step = _NEXT_UPDATE_STEP_MINUTES * 60
    seconds = target.minute * 60 + target.second + target.microsecond / 1e6
    rounded_up = math.ceil(seconds / step) * step
    return target.replace(minute=0, second=0, microsecond=0) + timedelta(seconds=rounded_up)


def _format_deadline(value: datetime, now: datetime, lang: str) -> str:
    """'kl. 15:00' today, the full date when the deadline falls on another local day."""
    if to_local(value).date() == to_local(now).date():
        return f"kl. {format_clock(value)}" if lang == "sv" else format_clock(value)
    return format_when(value, lang, now)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class NoticeContext:
    """What a notice says about one outage, as of `now`.

    Datetimes are UTC; naive values are read as UTC (the store's convention).
    `restored_at` is optional and only used in the closing text of a restored outage.
    """

    title: str
    area: str
    cause: Cause
    status: OutageStatus
    customers_affected: int
    started_at: datetime
    current_eta: datetime | None
    now: datetime
    works_in_darkness: bool = False
    loaners_available: bool = False
    next_update_minutes: int = 60
    operator: str = DEFAULT_OPERATOR
    restored_at: datetime | None = None

    def __post_init__(self) -> None:
        fix = object.__setattr__
        fix(self, "title", _one_line(self.title))
        fix(self, "area", _one_line(self.area))
        fix(self, "operator", _one_line(self.operator) or DEFAULT_OPERATOR)
        if not self.area:
            raise ValidationError("a notice needs the affected area")
        fix(self, "cause", parse_enum(Cause, self.cause, "cause"))
        fix(self, "status", parse_enum(OutageStatus, self.status, "status"))
        if isinstance(self.customers_affected, bool) or not isinstance(self.customers_affected, int):
            raise ValidationError(
                f"customers affected must be a whole number, got {self.customers_affected!r}")
        if self.customers_affected < 0:
            raise ValidationError(
                f"customers affected cannot be negative, got {self.customers_affected}")
        if isinstance(self.next_update_minutes, bool) or not isinstance(self.next_update_minutes, int) \
                or self.next_update_minutes <= 0:
            raise ValidationError(
                f"next update must be a positive number of minutes, got {self.next_update_minutes!r}")
        fix(self, "started_at", checked_utc(self.started_at, "start time"))
        fix(self, "current_eta", checked_utc(self.current_eta, "ETA", required=False))
        fix(self, "now", checked_utc(self.now, "current time"))
        fix(self, "restored_at", checked_utc(self.restored_at, "restoration time", required=False))


# --- the sentences -----------------------------------------------------------------------

def _customers_sentence(ctx: NoticeContext, lang: str) -> str:
    n = ctx.customers_affected
    if n == 0:
        return ""
    if lang == "sv":
        return "En kund berörs." if n == 1 else f"Omkring {n} kunder berörs."
    return "One customer is affected." if n == 1 else f"About {n} customers are affected."


def _cause_sentence(ctx: NoticeContext, lang: str) -> str:
    if lang == "sv":
        return f"Avbrottet {_because(ctx.cause, lang)}."
    verb = "is" if ctx.cause is Cause.UNKNOWN else "happened"
    return f"The outage {verb} {_because(ctx.cause, lang)}."


def _eta_sentence(ctx: NoticeContext, lang: str) -> str:
    deadline = _format_deadline(next_update_at(ctx.now, ctx.next_update_minutes), ctx.now, lang)
    eta = ctx.current_eta
    if eta is not None and eta > ctx.now:
        when = format_when(eta, lang, ctx.now)
        if lang == "sv":
            return f"Vi beräknar att anslutningen fungerar igen {when}."
        return f"We expect the connection to be back {when}."
    if eta is not None:
        # An ETA in the past must not be repeated as if it still held.
        when = format_when(eta, lang, ctx.now)
        if lang == "sv":
            return (f"Tiden vi angav tidigare ({when}) håller inte. Vi tar fram en ny "
                    f"bedömning och ger nästa besked senast {deadline}.")
        return (f"The time we gave earlier ({when}) will not hold. We are working on a new "
                f"estimate and will update you by {deadline}.")
    if lang == "sv":
        return (f"Vi kan ännu inte säga när anslutningen fungerar igen. "
                f"Nästa besked kommer senast {deadline}.")
    return (f"We cannot yet say when the connection will be back. "
            f"We will update you by {deadline}.")


def _darkness_sentence(ctx: NoticeContext, lang: str) -> str:
    if not ctx.works_in_darkness:
        return ""
    if lang == "sv":
        return "Arbetet fortsätter även efter mörkrets inbrott, med belysning på plats."
    return "Work goes on after dark, with lighting on site."


def _loaner_sentence(ctx: NoticeContext, lang: str) -> str:
    if not ctx.loaners_available:
        return ""
    if lang == "sv":
        return ("Eftersom avbrottet blir långt kan du låna en 4G-router av oss under tiden. "
                "Kontakta vår kundtjänst så ordnar vi det.")
    return ("Because the outage is long, you can borrow a 4G router from us in the meantime. "
            "Contact our customer service and we will arrange it.")


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _open_paragraphs(ctx: NoticeContext, lang: str) -> list[str]:
    start = format_when(ctx.started_at, lang, ctx.now)
    if lang == "sv":
        opening = f"Sedan {start} har vi en driftstörning som påverkar {ctx.area}."
    else:
        opening = f"Since {start} we have had an outage affecting {ctx.area}."
    return [
        _join(opening, _customers_sentence(ctx, lang), _cause_sentence(ctx, lang)),
        _join(_STATUS_SENTENCES[ctx.status][0 if lang == "sv" else 1], _eta_sentence(ctx, lang)),
        _join(_darkness_sentence(ctx, lang), _loaner_sentence(ctx, lang)),
    ]


def _closed_paragraphs(ctx: NoticeContext, lang: str) -> list[str]:
    if ctx.status is OutageStatus.RESTORED:
        if ctx.restored_at is not None:
            when = format_when(ctx.restored_at, lang, ctx.now)
            done = (f"Driftstörningen i {ctx.area} är åtgärdad och anslutningen fungerar igen "
                    f"sedan {when}." if lang == "sv" else
                    f"The outage affecting {ctx.area} has been repaired; the connection has "
                    f"been back since {when}.")
        else:
            done = (f"Driftstörningen i {ctx.area} är nu åtgärdad och anslutningen fungerar igen."
                    if lang == "sv" else
                    f"The outage affecting {ctx.area} has now been repaired and the "
                    f"connection is back.")
        advice = ("Fungerar din anslutning ändå inte, starta om din router och kontakta "
                  "kundtjänst om det inte hjälper." if lang == "sv" else
                  "If your connection still does not work, restart your router and contact "
                  "customer service if that does not help.")
        loan = ""
        if ctx.loaners_available:
            loan = ("Har du lånat en 4G-router av oss ber vi dig lämna tillbaka den; vi hör av "
                    "oss om hur." if lang == "sv" else
                    "If you borrowed a 4G router from us, please return it; we will tell you how.")
        thanks = ("Tack för ditt tålamod." if lang == "sv" else "Thank you for your patience.")
        return [done, _join(advice, loan), thanks]
    if lang == "sv":
        return [f"Den anmälda driftstörningen i {ctx.area} är avskriven; vi har inget pågående "
                f"avbrott i området.",
                "Har du fortfarande problem, starta om din router och kontakta kundtjänst om "
                "det inte hjälper."]
    return [f"The reported outage affecting {ctx.area} has been closed; there is no ongoing "
            f"outage in the area.",
            "If you still have problems, restart your router and contact customer service if "
            "that does not help."]


def _headline(ctx: NoticeContext, lang: str) -> str:
    label = ctx.title or ctx.area
    if ctx.status is OutageStatus.RESTORED:
        return f"Åtgärdat: {label}" if lang == "sv" else f"Restored: {label}"
    if ctx.status is OutageStatus.CANCELLED:
        return f"Avskrivet: {label}" if lang == "sv" else f"Closed: {label}"
    return f"Driftstörning: {label}" if lang == "sv" else f"Outage: {label}"


# --- SMS ---------------------------------------------------------------------------------

def _sms_text(ctx: NoticeContext, lang: str, area: str) -> str:
    op = ctx.operator
    if ctx.status is OutageStatus.RESTORED:
        if lang == "sv":
            return _join(f"{op}: Driftstörningen i {area} är åtgärdad.",
                         "Fungerar det inte, starta om routern.",
                         "Lämna tillbaka lånad 4G-router, vi hör av oss om hur."
                         if ctx.loaners_available else "")
        return _join(f"{op}: The outage in {area} has been repaired.",
                     "If it still does not work, restart your router.",
                     "Please return any borrowed 4G router; we will tell you how."
                     if ctx.loaners_available else "")
    if ctx.status is OutageStatus.CANCELLED:
        if lang == "sv":
            return f"{op}: Den anmälda driftstörningen i {area} är avskriven. Inget pågående avbrott."
        return f"{op}: The reported outage in {area} has been closed. No ongoing outage."

    deadline = _format_deadline(next_update_at(ctx.now, ctx.next_update_minutes), ctx.now, lang)
    eta = ctx.current_eta
    if lang == "sv":
        head = f"{op}: Driftstörning i {area}, {_because(ctx.cause, 'sv')}."
        if eta is not None and eta > ctx.now:
            when = f"Beräknat klart {format_when(eta, 'sv', ctx.now)}."
        else:
            when = f"Ny tid meddelas senast {deadline}."
        dark = "Arbetet fortsätter efter mörkrets inbrott." if ctx.works_in_darkness else ""
        loan = "Låna en 4G-router: kontakta kundtjänst." if ctx.loaners_available else ""
    else:
        head = f"{op}: Outage in {area} {_because(ctx.cause, 'en')}."
        if eta is not None and eta > ctx.now:
            when = f"Expected back {format_when(eta, 'en', ctx.now)}."
        else:
            when = f"Next update by {deadline}."
        dark = "Work goes on after dark." if ctx.works_in_darkness else ""
        loan = "Borrow a 4G router: contact customer service." if ctx.loaners_available else ""
    return _join(head, when, dark, loan)


def _sms(ctx: NoticeContext, lang: str) -> str:
    text = _sms_text(ctx, lang, ctx.area)
    if len(text) <= SMS_MAX_CHARS:
        return text
    # The area is the only free-length part we can shorten without losing the message.
    excess = len(text) - SMS_MAX_CHARS
    keep = max(len(ctx.area) - excess - 1, 8)
    text = _sms_text(ctx, lang, ctx.area[:keep].rstrip() + "…")
    if len(text) > SMS_MAX_CHARS:
        text = text[: SMS_MAX_CHARS - 1].rstrip() + "…"
    return text


# --- public entry points -----------------------------------------------------------------

def draft_notice(ctx: NoticeContext, lang: str = "sv", channel: NoticeChannel | str = "email") -> str:
    """A draft for the dispatcher to edit and send.

    sms: one short paragraph, at most SMS_MAX_CHARS characters.
    email: subject line, greeting, paragraphs, signature.
    web: headline, "updated" line, paragraphs (no greeting).
    phone: one paragraph for customer service to read aloud.
    """
    lang = check_lang(lang)
    channel = parse_enum(NoticeChannel, channel, "notice channel")
    if channel is NoticeChannel.SMS:
        return _sms(ctx, lang)
    closed = not ctx.status.is_open
    paragraphs = [p for p in (_closed_paragraphs(ctx, lang) if closed else _open_paragraphs(ctx, lang)) if p]
    if channel is NoticeChannel.PHONE:
        return " ".join(paragraphs)
    headline = _headline(ctx, lang)
    if channel is NoticeChannel.WEB:
        updated = (f"Uppdaterad {format_when(ctx.now, 'sv', ctx.now)}" if lang == "sv"
                   else f"Updated {format_when(ctx.now, 'en', ctx.now)}")
        return "\n\n".join([headline, updated, *paragraphs])
    subject = f"Ämne: {headline}" if lang == "sv" else f"Subject: {headline}"
    greeting = "Hej!" if lang == "sv" else "Hello,"
    if not closed:
        paragraphs.append("Vi ber om ursäkt för besväret." if lang == "sv"
                          else "We apologise for the trouble.")
    sign_off = "Med vänliga hälsningar" if lang == "sv" else "Kind regards"
    return "\n\n".join([subject, greeting, *paragraphs, f"{sign_off}\n{ctx.operator}"])


def _change_times(changes_at: datetime | Iterable[datetime] | None) -> list[datetime]:
    if changes_at is None:
        return []
    if isinstance(changes_at, datetime):
        return [as_utc(changes_at)]
    return [as_utc(c) for c in changes_at if c is not None]


def information_gap_since(
    started_at: datetime,
    last_notice_at: datetime | None,
    changes_at: datetime | Iterable[datetime] | None = None,
) -> datetime:
    """The moment customers stopped being up to date.

    - Never told: since the outage started (whatever changed in between).
    - Told, and an ETA or status change came strictly after the last notice: since the
      first such change, because from then on what customers were told is stale.
    - Told, nothing changed since: since the last notice.

    A change at the very instant of the notice counts as told (the notice was written from it).
    `changes_at` is one time or any number of times of ETA and status changes; changes
    before the last notice are ignored, so passing the whole history is fine.
    """
    start = checked_utc(started_at, "start time")
    if last_notice_at is None:
        return start
    told = as_utc(last_notice_at)
    stale = [c for c in _change_times(changes_at) if c > told]
    return min(stale) if stale else told


def minutes_since_told(
    started_at: datetime,
    last_notice_at: datetime | None,
    changes_at: datetime | Iterable[datetime] | None,
    now: datetime,
) -> int:
    """Whole minutes (rounded down) of information gap at `now`; see information_gap_since.

    Never negative: a notice stamped by a workstation whose clock runs ahead gives 0.
    """
    since = information_gap_since(started_at, last_notice_at, changes_at)
    seconds = (checked_utc(now, "current time") - since).total_seconds()
    return max(int(seconds // 60), 0)


def is_gap_exceeded(minutes: int | None, threshold: int = DEFAULT_GAP_THRESHOLD_MINUTES) -> bool:
    """True when the gap is over (strictly more than) the threshold; None means no gap."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold <= 0:
        raise ValidationError(
            f"information gap threshold must be a positive number of minutes, got {threshold!r}")
    return minutes is not None and minutes > threshold
