"""One unit of work per user action: one Session, one transaction, with its audit and change rows.

`Db` is the handle every layer above services holds: a database URL and who is acting.
It never hands out a Session; the services open one per call through `Db.unit()`.
"""
from __future__ import annotations

import getpass
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator

from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.domain.errors import Conflict, DispatchError, PermissionDenied, StoreUnavailable, ValidationError
from console.domain.timeutil import utcnow
from console.domain.vocabulary import N_
from console.store import migrate
from console.store.engine import default_db_url, normalise_url, read_session_factory, session_factory
from console.store.schema import AuditEntry, ChangeFeed

NOTIFY_CHANNEL = "dispatch_changes"


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "unknown"


def default_actor() -> str:
    """The configured dispatcher name, else the OS user: every audit row says who."""
    name = os.environ.get("DISPATCH_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "dispatcher"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class UnitOfWork:
    def __init__(self, session: Session, actor: str):
        self.session = session
        self.actor = actor
        self.now = utcnow()
        # PostgreSQL's trigger writes session_user over whatever is sent; SQLite has no logins, so
        # the operating-system user is the best a file can say (see docs/ARCHITECTURE.md).
        self.db_role = None if session.bind.dialect.name == "postgresql" else os_user()
        self._changes: set[tuple[str, str]] = set()

    def audit(self, action: str, entity: str, entity_id: Any, before: dict | None = None,
              after: dict | None = None) -> None:
        self.session.add(
            AuditEntry(
                at=self.now,
                who=self.actor,
                db_role=self.db_role,
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                before=None if before is None else json.dumps(_jsonable(before), ensure_ascii=False),
                after=None if after is None else json.dumps(_jsonable(after), ensure_ascii=False),
            )
        )
        self.changed(entity, entity_id)

    def changed(self, entity: str, entity_id: Any) -> None:
        self._changes.add((entity, str(entity_id)))

    def _flush_changes(self) -> None:
        for entity, entity_id in sorted(self._changes):
            self.session.add(ChangeFeed(at=self.now, entity=entity, entity_id=entity_id))
        if self._changes and self.session.bind.dialect.name == "postgresql":
            # NOTIFY is transactional: listeners hear it only when this commit lands.
            self.session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))


@dataclass(frozen=True)
class Db:
    url: str
    actor: str

    @classmethod
    def open(cls, url: str | None = None, actor: str | None = None, migrate_now: bool = True,
             on_note: Callable[[str], None] | None = None) -> "Db":
        """Open the database: create a new SQLite file, migrate an older one after copying it,
        refuse a schema this console cannot work on (see migrate.ensure_current).

        `on_note` hears what was done to the file (where its copy is); default: stderr.
        """
        from console.domain.limits import check_name

        # Every audit row carries this name: held to the same limit as --by before anything is written.
        db = cls(normalise_url(url or default_db_url()),
                 check_name(actor or default_actor(), N_("dispatcher name")) or "dispatcher")
        if migrate_now:
            try:
                note = migrate.ensure_current(db.engine)
            except sa_exc.DBAPIError as err:
                # A corrupt or foreign file, an unreachable server: one line, no SQLAlchemy link.
                raise StoreUnavailable.of(N_("cannot open the database: {detail}"),
                                          detail=_first_line(err.orig)) from None
            if note:
                (on_note or _to_stderr)(note)
        return db

    @property
    def engine(self):
        return session_factory(self.url).kw["bind"]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A write: commits on success, rolls back everything on any error."""
        session = session_factory(self.url)()
        uow = UnitOfWork(session, self.actor)
        try:
            yield uow
            uow._flush_changes()
            session.commit()
        except StaleDataError:
            session.rollback()
            raise Conflict.of(N_("someone else changed this record since you opened it; reload and try "
                                 "again")) from None
        except sa_exc.IntegrityError as err:
            session.rollback()
            raise ValidationError.of(N_("rejected by the database: {detail}"), detail=_first_line(err.orig)) from None
        except sa_exc.ProgrammingError as err:
            session.rollback()
            if _not_permitted(err):
                raise _permission_line(err) from None
            raise StoreUnavailable.of(N_("the database refused: {detail}"), detail=_first_line(err.orig)) from None
        except sa_exc.DataError as err:
            session.rollback()
            raise ValidationError.of(N_("rejected by the database: {detail}"), detail=_first_line(err.orig)) from None
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as err:
            session.rollback()
            if _is_locked(err):
                raise StoreUnavailable.of(N_("the database is busy (locked by another workstation); try "
                                             "again")) from None
            raise StoreUnavailable.of(N_("the database cannot be reached: {detail}"),
                                      detail=_first_line(err.orig)) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; never commits."""
        session = read_session_factory(self.url)()
        try:
            yield session
        except sa_exc.ProgrammingError as err:
            if _not_permitted(err):
                raise _permission_line(err) from None
            raise
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as err:
            raise StoreUnavailable.of(N_("the database cannot be reached: {detail}"),
                                      detail=_first_line(err.orig)) from None
        finally:
            session.rollback()
            session.close()


def _first_line(err: BaseException | None) -> str:
    return str(err).strip().splitlines()[0] if err is not None and str(err).strip() else "unknown error"


def _to_stderr(note: str) -> None:
    print(f"dispatch-console: {note}", file=sys.stderr)


def _not_permitted(err: sa_exc.DBAPIError) -> bool:
    return getattr(err.orig, "sqlstate", None) == "42501"  # insufficient_privilege


def _permission_line(err: sa_exc.DBAPIError) -> PermissionDenied:
    # psycopg: 'permission denied for table eta_revisions'
    return PermissionDenied.of(N_("not permitted: your database role may not do this ({detail})"),
                               detail=_first_line(err.orig))


def _is_locked(err: sa_exc.DBAPIError) -> bool:
    return "locked" in str(err.orig).lower()


__all__ = ["Db", "UnitOfWork", "default_actor", "DispatchError", "NOTIFY_CHANNEL"]
