"""Customer notice texts and the information-gap rule.

Customers' first complaint in a long outage is that nobody tells them anything, so the
console drafts a text the dispatcher can edit and send, and measures how long customers
have gone without news.  Texts are Swedish by default, English on request, in the words of
the one catalogue (console.domain.vocabulary); times are shown in the operator's zone with
the catalogue's weekday and month names, so the output never depends on the machine's locale.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import vocabulary
from .enums import Cause, NoticeChannel, OutageStatus, parse_enum
from .errors import ValidationError
from .timeutil import as_utc, checked_utc, to_local
from .vocabulary import LANGUAGES, N_  # noqa: F401 - LANGUAGES is read from here too

DEFAULT_OPERATOR = "Fibernätet"
DEFAULT_GAP_THRESHOLD_MINUTES = 60
# Five SMS segments of Unicode text (Swedish letters force UCS-2): longer texts get split
# oddly or dropped by some handsets.
SMS_MAX_CHARS = 320
# A promised "next update by" is rounded up to a whole five minutes: "by 15:05" reads as a
# promise, "by 15:03" as a machine.
_NEXT_UPDATE_STEP_MINUTES = 5

_WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
           N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))

# What happened, in words that fit "because …" (Swedish: a noun phrase after "beror på").
_CAUSE_PHRASES = {
    Cause.EXCAVATION_DAMAGE: N_("an excavator damaged the fibre cable"),
    Cause.CABLE_FAULT: N_("the fibre cable has a fault"),
    Cause.EQUIPMENT_FAILURE: N_("a piece of our network equipment failed"),
    Cause.POWER: N_("a power cut knocked out our network equipment"),
    Cause.WEATHER: N_("bad weather damaged the network"),
    Cause.UNKNOWN: N_("a fault whose cause we are still investigating"),
}

_STATUS_SENTENCES = {
    OutageStatus.REPORTED: N_("The fault has been reported and we are planning the repair."),
    OutageStatus.ASSIGNED: N_("A technician has been assigned and is preparing the repair."),
    OutageStatus.EN_ROUTE: N_("A technician is on the way to the site."),
    OutageStatus.ON_SITE: N_("A technician is working on the repair on site."),
    OutageStatus.WAITING_FOR_MATERIAL: N_("The technician is fetching material needed to finish the repair."),
}


def check_lang(lang: str) -> str:
    return vocabulary.check_lang(lang)


def _translator(lang: str):
    return vocabulary.translations(lang).gettext


def cause_words(cause: Cause | str, lang: str = "sv") -> str:
    """What happened, as a notice says it after "because" ("beror på" in Swedish)."""
    return vocabulary.word(check_lang(lang), _CAUSE_PHRASES[parse_enum(Cause, cause, N_("cause"))])


def _because(cause: Cause, lang: str) -> str:
    """'beror på …' / 'because …' (or 'due to …' where the English is a noun phrase)."""
    _ = _translator(lang)
    words = cause_words(cause, lang)
    if cause is Cause.UNKNOWN:
        return _("due to {cause}").format(cause=words)
    return _("because {cause}").format(cause=words)


def format_clock(value: datetime) -> str:
    """HH:MM in the operator's zone."""
    return to_local(value).strftime("%H:%M")


def format_when(value: datetime, lang: str = "sv", now: datetime | None = None) -> str:
    """'tisdag 10 september kl. 21:00' / 'Tuesday 10 September at 21:00', local time.

    The year is added only when it differs from the year of `now`, as people write it.
    """
    lang = check_lang(lang)
    _ = _translator(lang)
    local = to_local(value)
    date = f"{_(_WEEKDAYS[local.weekday()])} {local.day} {_(_MONTHS[local.month - 1])}"
    if now is not None and to_local(now).year != local.year:
        date += f" {local.year}"
    return _("{date} at {time}").format(date=date, time=f"{local:%H:%M}")


def next_update_at(now: datetime, minutes: int = 60) -> datetime:
    """The time we promise the next update by: `minutes` ahead, rounded up to 5 minutes."""
    if minutes <= 0:
        raise ValidationError.of(N_("next update must be a positive number of minutes, got {minutes}"), minutes=minutes)
    target = as_utc(now) + timedelta(minutes=minutes)
    step = _NEXT_UPDATE_STEP_MINUTES * 60
    seconds = target.minute * 60 + target.second + target.microsecond / 1e6
    rounded_up = math.ceil(seconds / step) * step
    return target.replace(minute=0, second=0, microsecond=0) + timedelta(seconds=rounded_up)


def _format_deadline(value: datetime, now: datetime, lang: str) -> str:
    """'kl. 15:00' today, the full date when the deadline falls on another local day."""
    if to_local(value).date() == to_local(now).date():
        return vocabulary.translations(lang).pgettext("a time later today", "{time}").format(
            time=format_clock(value))
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
            raise ValidationError.of(N_("a notice needs the affected area"))
        fix(self, "cause", parse_enum(Cause, self.cause, N_("cause")))
        fix(self, "status", parse_enum(OutageStatus, self.status, N_("status")))
        if isinstance(self.customers_affected, bool) or not isinstance(self.customers_affected, int):
            raise ValidationError.of(N_("customers affected must be a whole number, got {value}"),
                                     value=repr(self.customers_affected))
        if self.customers_affected < 0:
            raise ValidationError.of(N_("customers affected cannot be negative, got {customers_affected}"),
                                     customers_affected=self.customers_affected)
        if isinstance(self.next_update_minutes, bool) or not isinstance(self.next_update_minutes, int) \
                or self.next_update_minutes <= 0:
            raise ValidationError.of(N_("next update must be a positive number of minutes, got {minutes}"),
                                     minutes=repr(self.next_update_minutes))
        fix(self, "started_at", checked_utc(self.started_at, N_("start time")))
        fix(self, "current_eta", checked_utc(self.current_eta, N_("ETA"), required=False))
        fix(self, "now", checked_utc(self.now, N_("current time")))
        fix(self, "restored_at", checked_utc(self.restored_at, N_("restoration time"), required=False))



# --- the sentences -----------------------------------------------------------------------

def _customers_sentence(ctx: NoticeContext, lang: str) -> str:
    n = ctx.customers_affected
    if n == 0:
        return ""
    _ = _translator(lang)
    if n == 1:
        return _("One customer is affected.")
    return _("About {n} customers are affected.").format(n=n)


def _cause_sentence(ctx: NoticeContext, lang: str) -> str:
    _ = _translator(lang)
    because = _because(ctx.cause, lang)
    if ctx.cause is Cause.UNKNOWN:
        return _("The outage is {because}.").format(because=because)
    return _("The outage happened {because}.").format(because=because)


def _eta_sentence(ctx: NoticeContext, lang: str) -> str:
    _ = _translator(lang)
    deadline = _format_deadline(next_update_at(ctx.now, ctx.next_update_minutes), ctx.now, lang)
    eta = ctx.current_eta
    if eta is not None and eta > ctx.now:
        return _("We expect the connection to be back {when}.").format(when=format_when(eta, lang, ctx.now))
    if eta is not None:
        # An ETA in the past must not be repeated as if it still held.
        return _("The time we gave earlier ({when}) will not hold. We are working on a new "
                 "estimate and will update you by {deadline}.").format(
                     when=format_when(eta, lang, ctx.now), deadline=deadline)
    return _("We cannot yet say when the connection will be back. "
             "We will update you by {deadline}.").format(deadline=deadline)


def _darkness_sentence(ctx: NoticeContext, lang: str) -> str:
    if not ctx.works_in_darkness:
        return ""
    _ = _translator(lang)
    return _("Work goes on after dark, with lighting on site.")


def _loaner_sentence(ctx: NoticeContext, lang: str) -> str:
    if not ctx.loaners_available:
        return ""
    _ = _translator(lang)
    return _("Because the outage is long, you can borrow a 4G router from us in the meantime. "
             "Contact our customer service and we will arrange it.")


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _open_paragraphs(ctx: NoticeContext, lang: str) -> list[str]:
    _ = _translator(lang)
    opening = _("Since {start} we have had an outage affecting {area}.").format(
        start=format_when(ctx.started_at, lang, ctx.now), area=ctx.area)
    return [
        _join(opening, _customers_sentence(ctx, lang), _cause_sentence(ctx, lang)),
        _join(_(_STATUS_SENTENCES[ctx.status]), _eta_sentence(ctx, lang)),
        _join(_darkness_sentence(ctx, lang), _loaner_sentence(ctx, lang)),
    ]


def _closed_paragraphs(ctx: NoticeContext, lang: str) -> list[str]:
    _ = _translator(lang)
    if ctx.status is OutageStatus.RESTORED:
        if ctx.restored_at is not None:
            done = _("The outage affecting {area} has been repaired; the connection has "
                     "been back since {when}.").format(
                         area=ctx.area, when=format_when(ctx.restored_at, lang, ctx.now))
        else:
            done = _("The outage affecting {area} has now been repaired and the "
                     "connection is back.").format(area=ctx.area)
        advice = _("If your connection still does not work, restart your router and contact "
                   "customer service if that does not help.")
        loan = ""
        if ctx.loaners_available:
            loan = _("If you borrowed a 4G router from us, please return it; we will tell you how.")
        return [done, _join(advice, loan), _("Thank you for your patience.")]
    return [_("The reported outage affecting {area} has been closed; there is no ongoing "
              "outage in the area.").format(area=ctx.area),
            _("If you still have problems, restart your router and contact customer service if "
              "that does not help.")]


def _headline(ctx: NoticeContext, lang: str) -> str:
    _ = _translator(lang)
    label = ctx.title or ctx.area
    if ctx.status is OutageStatus.RESTORED:
        return _("Restored: {title}").format(title=label)
    if ctx.status is OutageStatus.CANCELLED:
        return _("Closed: {title}").format(title=label)
    return _("Outage: {title}").format(title=label)


# --- SMS ---------------------------------------------------------------------------------

def _sms_text(ctx: NoticeContext, lang: str, area: str) -> str:
    _ = _translator(lang)
    op = ctx.operator
    if ctx.status is OutageStatus.RESTORED:
        return _join(_("{operator}: The outage in {area} has been repaired.").format(operator=op, area=area),
                     _("If it still does not work, restart your router."),
                     _("Please return any borrowed 4G router; we will tell you how.")
                     if ctx.loaners_available else "")
    if ctx.status is OutageStatus.CANCELLED:
        return _("{operator}: The reported outage in {area} has been closed. No ongoing outage.").format(
            operator=op, area=area)

    deadline = _format_deadline(next_update_at(ctx.now, ctx.next_update_minutes), ctx.now, lang)
    eta = ctx.current_eta
    head = _("{operator}: Outage in {area} {because}.").format(
        operator=op, area=area, because=_because(ctx.cause, lang))
    if eta is not None and eta > ctx.now:
        when = _("Expected back {when}.").format(when=format_when(eta, lang, ctx.now))
    else:
        when = _("Next update by {deadline}.").format(deadline=deadline)
    dark = _("Work goes on after dark.") if ctx.works_in_darkness else ""
    loan = _("Borrow a 4G router: contact customer service.") if ctx.loaners_available else ""
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
    channel = parse_enum(NoticeChannel, channel, N_("notice channel"))
    if channel is NoticeChannel.SMS:
        return _sms(ctx, lang)
    closed = not ctx.status.is_open
    paragraphs = [p for p in (_closed_paragraphs(ctx, lang) if closed else _open_paragraphs(ctx, lang)) if p]
    if channel is NoticeChannel.PHONE:
        return " ".join(paragraphs)
    _ = _translator(lang)
    headline = _headline(ctx, lang)
    if channel is NoticeChannel.WEB:
        updated = _("Updated {when}").format(when=format_when(ctx.now, lang, ctx.now))
        return "\n\n".join([headline, updated, *paragraphs])
    subject = _("Subject: {headline}").format(headline=headline)
    if not closed:
        paragraphs.append(_("We apologise for the trouble."))
    sign_off = _("Kind regards")
    return "\n\n".join([subject, _("Hello,"), *paragraphs, f"{sign_off}\n{ctx.operator}"])


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
    start = checked_utc(started_at, N_("start time"))
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
    seconds = (checked_utc(now, N_("current time")) - since).total_seconds()
    return max(int(seconds // 60), 0)


def is_gap_exceeded(minutes: int | None, threshold: int = DEFAULT_GAP_THRESHOLD_MINUTES) -> bool:
    """True when the gap is over (strictly more than) the threshold; None means no gap."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold <= 0:
        raise ValidationError.of(N_("information gap threshold must be a positive number of minutes, got {threshold}"),
                                 threshold=repr(threshold))
    return minutes is not None and minutes > threshold
