"""Technician use cases: the roster, device ids for position feeds, duty."""
from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import select

from console.domain.errors import NotFound, ValidationError
from console.domain.vocabulary import N_
from console.store.schema import Technician

from .positions import adopt_unregistered
from .queries import technician_views
from .readmodels import TechnicianView
from .uow import Db

_DEVICE_RE = re.compile(r"^[A-Za-z0-9._:@-]{1,80}$")


def list_technicians(db: Db, with_stock: bool = True, ids: Iterable[int] | None = None) -> list[TechnicianView]:
    with db.read() as session:
        return technician_views(session, ids=ids, with_stock=with_stock)


def get_technician(db: Db, technician_id: int) -> TechnicianView:
    with db.read() as session:
        views = technician_views(session, ids=[technician_id])
    if not views:
        raise NotFound.of(N_("no technician with id {technician_id}"), technician_id=technician_id)
    return views[0]


def set_device(db: Db, technician_id: int, device_id: str | None) -> TechnicianView:
    """Bind the phone that reports this technician's position (None or '' unbinds it)."""
    device = (device_id or "").strip() or None
    if device is not None and not _DEVICE_RE.match(device):
        raise ValidationError.of(N_("device id {device_id} may hold only letters, digits and . _ : @ - (at most 80)"),
                                 device_id=repr(device_id))
    with db.unit() as uow:
        tech = uow.session.get(Technician, technician_id)
        if tech is None:
            raise NotFound.of(N_("no technician with id {technician_id}"), technician_id=technician_id)
        if device is not None:
            holder = uow.session.scalar(select(Technician).where(Technician.device_id == device))
            if holder is not None and holder.id != technician_id:
                raise ValidationError.of(N_("device {device} already belongs to {name} (id {technician_id})"),
                                         device=device, name=holder.name, technician_id=holder.id)
        before = {"device_id": tech.device_id}
        tech.device_id = device
        uow.session.flush()
        after: dict = {"device_id": device}
        if device is not None:
            # A phone that reported before it was linked: its kept fixes become this technician's track.
            taken = adopt_unregistered(uow, tech)
            if taken:
                after["fixes_taken_over"] = taken
        uow.audit("set_device", "technician", technician_id, before, after)
    return get_technician(db, technician_id)
