"""Depot use cases."""
from __future__ import annotations

from .queries import depot_views
from .readmodels import DepotView
from .uow import Db


def list_depots(db: Db, with_stock: bool = True) -> list[DepotView]:
    with db.read() as session:
        return depot_views(session, with_stock=with_stock)
