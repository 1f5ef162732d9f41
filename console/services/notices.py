"""Customer notices: draft a text from the outage's state, record what was sent.

Recording a notice is what closes the information gap: the outage's customers count as
told from that moment until the next ETA or status change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from console.domain.enums import NoticeChannel, parse_enum
from console.domain.errors import NotFound
from console.domain.limits import NAME_CHARS, NOTICE_CHARS, check_name, check_text
from console.domain.vocabulary import N_
from console.domain.loans import should_suggest_loaners
from console.domain.notices import NoticeContext, check_lang, draft_notice
from console.domain.timeutil import iso_local
from console.store.schema import CustomerNotice, Loan, LoanerRouter

from .outages import load_outage
from .queries import outage_views
from .readmodels import OutageView
from .settings import read_settings
from .uow import Db

MAX_TEXT = NOTICE_CHARS
MAX_SENT_BY = NAME_CHARS


@dataclass(frozen=True)
class NoticeView:
    id: int
    outage_id: int
    channel: str
    lang: str
    text: str
    sent_at: datetime
    sent_by: str

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "outage_id": self.outage_id,
            "channel": self.channel,
            "lang": self.lang,
            "text": self.text,
            "sent_at": iso_local(self.sent_at),
            "sent_by": self.sent_by,
        }


def _view(n: CustomerNotice) -> NoticeView:
    return NoticeView(n.id, n.outage_id, n.channel, n.lang, n.text, n.sent_at, n.sent_by)


def works_in_darkness(view: OutageView) -> bool:
    """Whether the work still ahead runs into darkness: the read model's fact, judged at its time."""
    return view.dark_at(view.as_of)


def _loaners_available(session, view: OutageView) -> bool:
    if not view.is_open:
        # The closing text asks borrowers to return their routers: only if someone borrowed one.
        return bool(session.scalar(select(exists().where(Loan.outage_id == view.id))))
    settings = read_settings(session)
    if not should_suggest_loaners(view.started_at, view.current_eta, settings.loan_settings, now=view.as_of):
        return False
    lent = select(Loan.router_serial).where(Loan.returned_at.is_(None))
    # Promising routers the pool cannot deliver would be worse than saying nothing.
    return bool(session.scalar(select(exists().where(LoanerRouter.serial.not_in(lent)))))


def notice_context(db: Db, outage_id: int, now: datetime | None = None) -> NoticeContext:
    """What a notice about this outage would say, as of `now` (default: the current time)."""
    with db.read() as session:
        views = outage_views(session, ids=[outage_id], now=now)
        if not views:
            raise NotFound.of(N_("no outage with id {outage_id}"), outage_id=outage_id)
        view = views[0]
        loaners = _loaners_available(session, view)
    return NoticeContext(
        title=view.title,
        area=view.area or view.title,
        cause=view.cause,
        status=view.status,
        customers_affected=view.customers_affected,
        started_at=view.started_at,
        current_eta=view.current_eta,
        now=view.as_of,
        works_in_darkness=works_in_darkness(view),
        loaners_available=loaners,
        restored_at=view.restored_at,
    )


def draft_for_outage(db: Db, outage_id: int, lang: str = "sv", channel: str = "sms",
                     now: datetime | None = None) -> str:
    """A draft for the dispatcher to edit; nothing is recorded until record_notice."""
    lang = check_lang(lang or "sv")
    channel_value = parse_enum(NoticeChannel, channel, N_("notice channel"))
    return draft_notice(notice_context(db, outage_id, now), lang, channel_value)


def _check_text(text: str | None) -> str:
    return check_text(text, N_("the notice text"), NOTICE_CHARS, required=True, one_line=False)


def record_notice(db: Db, outage_id: int, text: str, channel: str, lang: str = "sv",
                  by: str | None = None) -> NoticeView:
    """Record a notice as sent: customers count as told from now."""
    cleaned = _check_text(text)
    channel_value = parse_enum(NoticeChannel, channel, N_("notice channel"))
    lang_value = check_lang(lang or "sv")
    sender = check_name(by, N_("sender name"))
    with db.unit() as uow:
        outage = load_outage(uow.session, outage_id)
        before = {"customers_told_at": outage.customers_told_at, "untold_change_at": outage.untold_change_at}
        notice = CustomerNotice(outage_id=outage_id, channel=channel_value.value, lang=lang_value,
                                text=cleaned, sent_at=uow.now, sent_by=sender or uow.actor)
        uow.session.add(notice)
        outage.customers_told_at = uow.now
        outage.untold_change_at = None
        uow.session.flush()
        uow.audit("notice", "outage", outage_id, before,
                  {"customers_told_at": uow.now, "untold_change_at": None, "notice": notice.id,
                   "channel": channel_value.value, "lang": lang_value})
        uow.changed("notice", notice.id)
        return _view(notice)


def list_notices(db: Db, outage_id: int) -> list[NoticeView]:
    """Every notice recorded for the outage, oldest first."""
    with db.read() as session:
        load_outage(session, outage_id)
        rows = session.scalars(
            select(CustomerNotice).where(CustomerNotice.outage_id == outage_id)
            .order_by(CustomerNotice.sent_at, CustomerNotice.id)
        )
        return [_view(n) for n in rows]


__all__ = ["NoticeView", "MAX_TEXT", "notice_context", "draft_for_outage", "record_notice", "list_notices",
           "works_in_darkness"]
