"""Reading the change feed: what changed since a console last looked, so it reloads only that."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from console.store.schema import ChangeFeed

from .uow import Db


@dataclass(frozen=True)
class ChangeBatch:
    last_id: int
    # entity -> ids that changed; "all" in entities means reload everything (demo load, bulk import)
    entities: dict[str, frozenset[str]]

    @property
    def reload_all(self) -> bool:
        return "all" in self.entities

    def ids(self, entity: str) -> set[int]:
        return {int(i) for i in self.entities.get(entity, ()) if i.isdigit()}

    def __bool__(self) -> bool:
        return bool(self.entities)


def latest_change_id(db: Db) -> int:
    with db.read() as session:
        return session.scalar(select(func.coalesce(func.max(ChangeFeed.id), 0)))


def changes_since(db: Db, last_id: int, limit: int = 50_000) -> ChangeBatch:
    with db.read() as session:
        rows = session.execute(
            select(ChangeFeed.id, ChangeFeed.entity, ChangeFeed.entity_id)
            .where(ChangeFeed.id > last_id)
            .order_by(ChangeFeed.id)
            .limit(limit)
        ).all()
    if not rows:
        return ChangeBatch(last_id, {})
    grouped: dict[str, set[str]] = {}
    for _, entity, entity_id in rows:
        grouped.setdefault(entity, set()).add(entity_id)
    if len(rows) == limit:  # too much to list: the console reloads everything
        grouped.setdefault("all", set()).add("*")
    return ChangeBatch(rows[-1][0], {k: frozenset(v) for k, v in grouped.items()})
