"""The notice outbox: address a notice to every affected customer, then deliver it in the background.

`queue_notice` writes the notice and one NoticeDelivery row per recipient in one transaction.
`deliver_due` claims due rows under a lease (a conditional UPDATE on the row's version, so two
workstations never hold the same row), sends each through a gateway and marks it in its own short
transaction. A process killed mid-batch leaves rows whose lease runs out; the next run takes them
over, so only the message in flight at the crash can reach its customer twice.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, Protocol

from sqlalchemy import and_, exists, func, or_, select, update

from console.domain.delivery import (
    CHANNELS, LEASE, DeliveryFailed, GatewayMisconfigured, Outcome, after_failure, mask_address,
)
from console.domain.errors import ValidationError
from console.domain.notices import check_lang, draft_notice
from console.domain.timeutil import utcnow
from console.domain.vocabulary import N_
from console.store.schema import Customer, CustomerNotice, NoticeDelivery, Outage, OutageCustomer

from .notices import MAX_TEXT, notice_context
from .outages import load_outage
from .uow import Db

BATCH = 50


class Sender(Protocol):
    def send(self, address: str, message: str) -> None:
        """Deliver one message or raise DeliveryFailed / GatewayMisconfigured."""

    def close(self) -> None: ...


# channel, operator settings, password -> a Sender (console.startup installs the gateways).
SenderFactory = Callable[[str, object, str], Sender]
_factory: SenderFactory | None = None


def install_senders(factory: SenderFactory | None) -> None:
    global _factory
    _factory = factory


def senders_for(db: Db, channels: Iterable[str] = CHANNELS) -> tuple[dict[str, Sender], dict[str, str]]:
    """A gateway per configured channel, and for each channel that cannot send, why not."""
    from .secrets import get_secret
    from .settings import get_settings

    if _factory is None:
        return {}, {c: "no delivery gateways are installed" for c in channels}
    current = get_settings(db)
    senders, problems = {}, {}
    for channel in channels:
        try:
            senders[channel] = _factory(channel, current, get_secret("smtp" if channel == "email" else "sms"))
        except GatewayMisconfigured as err:
            problems[channel] = str(err)
    return senders, problems


def queued_channels(db: Db) -> dict[str, int]:
    with db.read() as session:
        return dict(session.execute(select(NoticeDelivery.channel, func.count())
                                    .where(NoticeDelivery.status == "queued")
                                    .group_by(NoticeDelivery.channel)).all())


def next_due_at(db: Db) -> datetime | None:
    """When the earliest queued row becomes due (or its lease runs out)."""
    with db.read() as session:
        rows = session.execute(select(NoticeDelivery.next_attempt_at, NoticeDelivery.claimed_until)
                               .where(NoticeDelivery.status == "queued")).all()
    times = [max(t for t in pair if t is not None) for pair in rows if any(t is not None for t in pair)]
    return min(times) if times else None


@dataclass(frozen=True)
class Queued:
    notice_id: int | None
    queued: int
    already_had_it: int
    without_contact: int

    def as_json(self) -> dict:
        return {"notice_id": self.notice_id, "queued": self.queued, "already_had_it": self.already_had_it,
                "without_contact": self.without_contact}


def worker_id() -> str:
    """Who holds a lease: host and process, so a lease names the console that took it."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def _check_channel(channel: str) -> str:
    value = (channel or "").strip().lower()
    if value not in CHANNELS:
        raise ValidationError.of(N_("delivery channel must be one of {channels}, got {value}"),
                                 channels=", ".join(CHANNELS), value=repr(channel))
    return value


def _contact(customer: Customer, channel: str) -> str:
    return (customer.email if channel == "email" else customer.phone or "").strip()


def queue_notice(db: Db, outage_id: int, channel: str, lang: str | None = None, text: str | None = None,
                 now: datetime | None = None) -> Queued:
    """Record a notice and queue one delivery per affected customer with a contact for `channel`.

    Each customer gets the draft in their own language unless `lang` is given; `text` replaces the
    draft for everyone. A customer already holding (or about to receive) the same message for this
    outage and channel is not queued again.
    """
    channel = _check_channel(channel)
    forced = check_lang(lang) if lang else None
    fixed = None
    if text is not None:
        fixed = text.strip()
        if not fixed:
            raise ValidationError.of(N_("the notice text is empty"))
        if len(fixed) > MAX_TEXT:
            raise ValidationError.of(N_("the notice text is too long ({n} characters, at most {limit})"),
                                     n=len(fixed), limit=MAX_TEXT)
    context = None if fixed is not None else notice_context(db, outage_id, now)
    drafts: dict[str, str] = {}

    def message_for(customer_lang: str) -> str:
        if fixed is not None:
            return fixed
        use = forced or (customer_lang if customer_lang in ("sv", "en") else "sv")
        if use not in drafts:
            drafts[use] = draft_notice(context, use, channel)
        return drafts[use]

    with db.unit() as uow:
        load_outage(uow.session, outage_id)
        customers = uow.session.scalars(
            select(Customer).join(OutageCustomer, OutageCustomer.customer_id == Customer.id)
            .where(OutageCustomer.outage_id == outage_id).order_by(Customer.ref)
        ).all()
        held = set(uow.session.execute(
            select(NoticeDelivery.customer_ref, NoticeDelivery.message)
            .where(NoticeDelivery.outage_id == outage_id, NoticeDelivery.channel == channel,
                   NoticeDelivery.status != "failed")
        ).all())
        rows, skipped, no_contact = [], 0, 0
        for customer in customers:
            address = _contact(customer, channel)
            if not address:
                no_contact += 1
                continue
            use = forced or customer.lang
            message = message_for(use)
            if (customer.ref, message) in held:
                skipped += 1
                continue
            rows.append((customer.ref, address, use if use in ("sv", "en") else "sv", message))
        if not rows:
            return Queued(None, 0, skipped, no_contact)
        langs = sorted({r[2] for r in rows})
        notice = CustomerNotice(outage_id=outage_id, channel=channel,
                                lang=langs[0] if len(langs) == 1 else (forced or "sv"),
                                text=rows[0][3], sent_at=uow.now, sent_by=uow.actor)
        uow.session.add(notice)
        uow.session.flush()
        uow.session.add_all(
            NoticeDelivery(notice_id=notice.id, outage_id=outage_id, customer_ref=ref, channel=channel,
                           address=address, lang=row_lang, message=message, status="queued", attempts=0,
                           queued_at=uow.now, next_attempt_at=uow.now, error="")
            for ref, address, row_lang, message in rows
        )
        # Counts only: the audit log never holds a phone number or an e-mail address.
        uow.audit("notice_queued", "outage", outage_id, None,
                  {"notice": notice.id, "channel": channel, "recipients": len(rows),
                   "languages": {code: sum(1 for r in rows if r[2] == code) for code in langs},
                   "already_had_it": skipped, "without_contact": no_contact})
        uow.changed("notice", notice.id)
        return Queued(notice.id, len(rows), skipped, no_contact)


@dataclass(frozen=True)
class Claim:
    id: int
    notice_id: int
    outage_id: int
    channel: str
    address: str
    message: str
    attempts: int


def _due(now: datetime):
    return and_(NoticeDelivery.status == "queued",
                or_(NoticeDelivery.next_attempt_at.is_(None), NoticeDelivery.next_attempt_at <= now),
                or_(NoticeDelivery.claimed_until.is_(None), NoticeDelivery.claimed_until < now))


def claim_batch(db: Db, worker: str, limit: int = BATCH, channels: Iterable[str] = CHANNELS) -> list[Claim]:
    """Take up to `limit` due rows under a lease. A row another console took between our read and
    our UPDATE fails the version condition and is simply not ours (SQLite and PostgreSQL alike)."""
    with db.unit() as uow:
        now = uow.now
        candidates = uow.session.execute(
            select(NoticeDelivery.id, NoticeDelivery.version).where(_due(now), NoticeDelivery.channel.in_(channels))
            .order_by(NoticeDelivery.next_attempt_at, NoticeDelivery.id).limit(limit)
        ).all()
        taken = []
        for row_id, version in candidates:
            result = uow.session.execute(
                update(NoticeDelivery)
                .where(NoticeDelivery.id == row_id, NoticeDelivery.version == version, _due(now))
                .values(claimed_by=worker, claimed_until=now + LEASE, version=version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                taken.append(row_id)
        if not taken:
            return []
        rows = uow.session.execute(
            select(NoticeDelivery.id, NoticeDelivery.notice_id, NoticeDelivery.outage_id, NoticeDelivery.channel,
                   NoticeDelivery.address, NoticeDelivery.message, NoticeDelivery.attempts)
            .where(NoticeDelivery.id.in_(taken)).order_by(NoticeDelivery.id)
        ).all()
        return [Claim(*row) for row in rows]


def _mine(claim: Claim, worker: str):
    return and_(NoticeDelivery.id == claim.id, NoticeDelivery.claimed_by == worker,
                NoticeDelivery.status == "queued")


def mark_sent(db: Db, claim: Claim, worker: str) -> None:
    """Delivered: the first delivery of a notice is the moment its outage's customers count as told."""
    with db.unit() as uow:
        # exists(), not count(): the answer is known at the first sent row, so a batch stays linear.
        first = not uow.session.scalar(
            select(exists().where(NoticeDelivery.notice_id == claim.notice_id, NoticeDelivery.status == "sent")))
        uow.session.execute(
            update(NoticeDelivery).where(_mine(claim, worker))
            .values(status="sent", sent_at=uow.now, attempts=NoticeDelivery.attempts + 1, error="",
                    claimed_by=None, claimed_until=None, version=NoticeDelivery.version + 1)
            .execution_options(synchronize_session=False))
        if first:
            _told(uow, claim)


def _told(uow, claim: Claim) -> None:
    outage = uow.session.get(Outage, claim.outage_id)
    notice = uow.session.get(CustomerNotice, claim.notice_id)
    if outage is None or notice is None:
        return
    before = {"customers_told_at": outage.customers_told_at, "untold_change_at": outage.untold_change_at}
    if outage.customers_told_at is None or outage.customers_told_at < uow.now:
        outage.customers_told_at = uow.now
    # A change made after the notice was written is still news to the customers.
    if outage.untold_change_at is not None and outage.untold_change_at <= notice.sent_at:
        outage.untold_change_at = None
    uow.audit("notice_delivered", "outage", claim.outage_id, before,
              {"customers_told_at": outage.customers_told_at, "untold_change_at": outage.untold_change_at,
               "notice": claim.notice_id})


def mark_failed(db: Db, claim: Claim, worker: str, outcome: Outcome, reason: str) -> str:
    """A refused or failed try: failed for good, or queued again after the backoff. Returns the status."""
    reason = " ".join(str(reason).split())[:500] or "unknown error"
    with db.unit() as uow:
        step = after_failure(claim.attempts + 1, outcome, reason, uow.now)
        uow.session.execute(
            update(NoticeDelivery).where(_mine(claim, worker))
            .values(status=step.status, attempts=NoticeDelivery.attempts + 1, error=step.error,
                    next_attempt_at=step.next_attempt_at, claimed_by=None, claimed_until=None,
                    version=NoticeDelivery.version + 1)
            .execution_options(synchronize_session=False))
        uow.changed("notice", claim.notice_id)
        return step.status


def release(db: Db, claims: Iterable[Claim], worker: str) -> None:
    """Hand back rows not tried (the gateway is misconfigured): nobody is charged an attempt."""
    ids = [c.id for c in claims]
    if not ids:
        return
    with db.unit() as uow:
        uow.session.execute(
            update(NoticeDelivery)
            .where(NoticeDelivery.id.in_(ids), NoticeDelivery.claimed_by == worker, NoticeDelivery.status == "queued")
            .values(claimed_by=None, claimed_until=None, version=NoticeDelivery.version + 1)
            .execution_options(synchronize_session=False))


@dataclass
class Progress:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


def deliver_due(db: Db, senders: dict[str, Sender], worker: str | None = None, batch: int = BATCH,
                on_progress: Callable[[Progress], None] | None = None,
                should_stop: Callable[[], bool] = lambda: False) -> Progress:
    """Deliver everything due now through `senders` (channel -> gateway) and return what happened.

    Raises GatewayMisconfigured (after handing its rows back) when a gateway cannot send at all.
    """
    worker = worker or worker_id()
    progress = Progress()
    channels = [c for c in CHANNELS if c in senders]
    while not should_stop():
        claims = claim_batch(db, worker, batch, channels)
        if not claims:
            break
        for index, claim in enumerate(claims):
            if should_stop():
                release(db, claims[index:], worker)
                return progress
            try:
                senders[claim.channel].send(claim.address, claim.message)
            except GatewayMisconfigured:
                release(db, claims[index:], worker)
                raise
            except DeliveryFailed as failure:
                status = mark_failed(db, claim, worker, failure.outcome, failure.reason)
                if status == "failed":
                    progress.failed += 1
                else:
                    progress.retrying += 1
            else:
                mark_sent(db, claim, worker)
                progress.sent += 1
            if on_progress is not None:
                on_progress(progress)
    return progress


def delivery_counts(db: Db, outage_id: int) -> dict:
    """Counts by channel and status, and the failures' reasons with masked addresses."""
    with db.read() as session:
        load_outage(session, outage_id)
        counts = session.execute(
            select(NoticeDelivery.channel, NoticeDelivery.status, func.count())
            .where(NoticeDelivery.outage_id == outage_id)
            .group_by(NoticeDelivery.channel, NoticeDelivery.status)
        ).all()
        failed = session.execute(
            select(NoticeDelivery.customer_ref, NoticeDelivery.channel, NoticeDelivery.address, NoticeDelivery.error)
            .where(NoticeDelivery.outage_id == outage_id, NoticeDelivery.status == "failed")
            .order_by(NoticeDelivery.id)
        ).all()
    totals = {"queued": 0, "sent": 0, "failed": 0}
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, n in counts:
        totals[status] = totals.get(status, 0) + n
        by_channel.setdefault(channel, {"queued": 0, "sent": 0, "failed": 0})[status] = n
    return {"outage_id": outage_id, **totals, "by_channel": by_channel,
            "failures": [{"customer_ref": ref, "channel": ch, "address": mask_address(addr), "error": err}
                         for ref, ch, addr, err in failed]}


def pending_count(db: Db) -> int:
    """Rows still queued (due now or later), for `notices deliver` to say what is left."""
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(NoticeDelivery)
                              .where(NoticeDelivery.status == "queued")) or 0


__all__ = ["install_senders", "senders_for", "queued_channels", "next_due_at", "Sender", "Queued", "Claim", "Progress", "worker_id", "queue_notice", "claim_batch", "mark_sent",
           "mark_failed", "release", "deliver_due", "delivery_counts", "pending_count", "BATCH", "utcnow"]
