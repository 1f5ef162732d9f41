"""Live sync: wake a console as soon as another workstation commits a change.

PostgreSQL: a dedicated autocommit connection LISTENs on the channel every unit of work
NOTIFYs inside its transaction, so a wake-up means a commit has landed. SQLite has no
notifications: a dedicated connection polls `PRAGMA data_version`, which moves only when
another connection commits, so an idle console costs no query against the change feed.

Either way the watcher then reads the change feed from the last id it reported, so a lost
notification, a reconnect or a slow reader never loses a change: it only batches them.

Used from one worker thread; `close()` may be called from any thread.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.engine import make_url

from console.domain.errors import StoreUnavailable
from console.domain.vocabulary import N_

from console.store.schema import ChangeFeed

from .changes import ChangeBatch, latest_change_id
from .uow import NOTIFY_CHANNEL, Db

SQLITE_POLL_S = 0.5
# A NOTIFY can be missed by writers that bypass the unit of work; look at the feed this often anyway.
SAFETY_POLL_S = 10.0
# A blocking wait is cut into slices this long so close() from another thread is honoured quickly.
SLICE_S = 0.5
BACKOFF_FIRST_S = 0.25
BACKOFF_MAX_S = 5.0
CONNECT_TIMEOUT_S = 3
# Longer than any transaction holds a change-feed id before committing it.
GAP_GRACE_S = 30.0
MAX_GAPS = 10_000
FEED_LIMIT = 50_000


def db_health(db: Db) -> bool:
    """True when the dispatch database answers now (the status bar's green light)."""
    url = make_url(db.url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        # Opening a missing SQLite file would create an empty one: a moved or unmounted file is "down".
        if not Path(url.database).expanduser().is_file():
            return False
    try:
        latest_change_id(db)  # the feed, not SELECT 1: an empty database that is not ours is not healthy
        return True
    except Exception:  # any failure means "not reachable now"; the caller just shows it
        return False


class ChangeWatcher:
    def __init__(self, db: Db, last_id: int | None = None):
        self.db = db
        self._last_id = last_id
        self._clock = time.monotonic
        self._closed = threading.Event()
        self._lock = threading.Lock()  # held by wait(); close() takes it to release the connection
        self._conn = None  # psycopg.Connection or sqlite3.Connection
        self._data_version: int | None = None
        self._last_query_at = float("-inf")
        self._floor = last_id or 0  # every feed id up to here is settled: reported or never coming
        self._seen: set[int] = set()  # ids above the floor already reported
        self._gaps: dict[int, float] = {}  # ids above the floor not seen yet -> when first missed
        self._backoff = BACKOFF_FIRST_S
        self._down_reason: str | None = None
        self._was_down = False
        self.reconnects = 0  # times the watcher came back after losing the database

    @property
    def last_id(self) -> int | None:
        return self._last_id

    @property
    def is_postgres(self) -> bool:
        return self.db.dialect == "postgresql"

    # ------------------------------------------------------------------ public API

    def wait(self, timeout_s: float) -> ChangeBatch:
        """Return as soon as something changed since the last batch (or empty after timeout_s).

        Raises StoreUnavailable only once timeout_s has passed with the database unreachable;
        callers treat that as "database down" and call wait() again: the next batch after the
        database comes back holds everything changed since the last one reported.
        """
        deadline = self._clock() + max(0.0, timeout_s)
        with self._lock:
            while not self._closed.is_set():
                try:
                    batch = self._step(deadline)
                except _Down as down:
                    self._mark_down(str(down))
                    if self._clock() >= deadline:
                        raise StoreUnavailable.of(N_("the database cannot be reached ({reason}); still trying to "
                                                     "reconnect"),
                                                  reason=self._down_reason) from None
                    self._sleep(min(self._backoff, deadline - self._clock()))
                    self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)
                    continue
                if batch is not None:
                    return batch
                if self._clock() >= deadline:
                    break
            if self._closed.is_set():  # close() may have given up waiting for us to let go
                self._drop_connection()
        return ChangeBatch(self._last_id or 0, {})

    def close(self) -> None:
        self._closed.set()
        # A wait() in progress notices the flag within one slice and returns; then drop the connection.
        if self._lock.acquire(timeout=SLICE_S * 4 + CONNECT_TIMEOUT_S):
            try:
                self._drop_connection()
            finally:
                self._lock.release()

    def __enter__(self) -> "ChangeWatcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ one step of the loop

    def _step(self, deadline: float) -> ChangeBatch | None:
        """Wait at most one slice; a batch when something changed, None to keep waiting."""
        fresh = self._conn is None
        if fresh:
            self._connect()
        if self._last_id is None:
            self._restart_from(self._read(lambda: latest_change_id(self.db)))
            fresh = False  # nothing to catch up on: we start from now
        if fresh:
            # Just (re)connected: whatever happened while we were away is in the feed.
            batch = self._catch_up()
            if batch:
                return batch
        remaining = max(0.0, deadline - self._clock())
        woke = self._wait_pg(min(remaining, SLICE_S)) if self.is_postgres else self._wait_sqlite(remaining)
        if woke or self._clock() - self._last_query_at >= SAFETY_POLL_S:
            batch = self._query()
            if batch:
                return batch
        return None

    def _restart_from(self, feed_id: int) -> None:
        self._last_id = self._floor = feed_id
        self._seen.clear()
        self._gaps.clear()
        self._last_query_at = self._clock()

    def _catch_up(self) -> ChangeBatch:
        latest = self._read(lambda: latest_change_id(self.db))
        if latest < (self._last_id or 0):
            # The feed went backwards: the database was replaced (restore, new file); reload everything.
            self._restart_from(latest)
            return ChangeBatch(latest, {"all": frozenset({"*"})})
        return self._query()

    def _query(self) -> ChangeBatch:
        """Feed rows not reported yet. On PostgreSQL ids are handed out at insert, not at commit: a
        slower transaction can commit id 10 after id 11 was read. Ids missing below the newest are
        kept open for GAP_GRACE_S (a rolled-back transaction leaves its id missing for ever)."""
        rows = self._read(lambda: _feed_after(self.db, self._floor, FEED_LIMIT))
        now = self._last_query_at = self._clock()
        if len(rows) == FEED_LIMIT:  # too much to list: the console reloads everything
            self._restart_from(rows[-1][0])
            return ChangeBatch(self._last_id, {"all": frozenset({"*"})})
        grouped: dict[str, set[str]] = {}
        for feed_id, entity, entity_id in rows:
            if feed_id in self._seen:
                continue
            self._seen.add(feed_id)
            self._gaps.pop(feed_id, None)
            grouped.setdefault(entity, set()).add(entity_id)
        top = max(self._seen, default=self._floor)
        if top - self._floor - len(self._seen) - len(self._gaps) > MAX_GAPS:
            self._gaps.clear()  # a jump in the sequence (server crash, bulk rollback), not writers in flight
        else:
            for missing in range(self._floor + 1, top):
                if missing not in self._seen:
                    self._gaps.setdefault(missing, now)
        for missing, since in list(self._gaps.items()):
            if now - since > GAP_GRACE_S:
                del self._gaps[missing]
        self._floor = min(self._gaps) - 1 if self._gaps else top
        self._seen = {i for i in self._seen if i > self._floor}
        self._last_id = max(self._last_id or 0, top)
        return ChangeBatch(self._last_id, {k: frozenset(v) for k, v in grouped.items()})

    def _read(self, fn):
        try:
            return fn()
        except StoreUnavailable as err:
            self._drop_connection()
            raise _Down(str(err)) from None

    def _mark_down(self, reason: str) -> None:
        self._down_reason = reason
        self._was_down = True
        self._drop_connection()

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._closed.wait(seconds)

    # ------------------------------------------------------------------ PostgreSQL

    def _wait_pg(self, seconds: float) -> bool:
        import psycopg

        try:
            got = False
            for _ in self._conn.notifies(timeout=seconds, stop_after=1):
                got = True
            if got:  # several commits in a burst become one feed read
                for _ in self._conn.notifies(timeout=0):
                    pass
            return got
        except psycopg.Error as err:
            self._drop_connection()
            raise _Down(_first_line(err)) from None

    def _connect_pg(self) -> None:
        import psycopg

        url = make_url(self.db.url).set(drivername="postgresql")
        try:
            # Keepalives: a LISTEN connection is idle for hours, and a silently dropped one would
            # never wake us; the safety poll covers changes meanwhile, keepalives end the silence.
            conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT_S, keepalives=1, keepalives_idle=30,
                                   keepalives_interval=10, keepalives_count=3)
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except psycopg.Error as err:
            raise _Down(_first_line(err)) from None
        self._conn = conn

    # ------------------------------------------------------------------ SQLite

    def _wait_sqlite(self, remaining: float) -> bool:
        """Sleep one poll interval, then tell whether another connection committed meanwhile."""
        self._sleep(min(remaining, SQLITE_POLL_S))
        try:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as err:
            self._drop_connection()
            raise _Down(_first_line(err)) from None
        changed = version != self._data_version
        self._data_version = version
        return changed

    def _connect_sqlite(self) -> None:
        path = make_url(self.db.url).database
        if not path or path == ":memory:":
            raise StoreUnavailable.of(N_("live sync needs a database file, not an in-memory database"))
        try:
            # mode=rw: a missing file is "database gone", not a fresh empty database to create.
            conn = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=10)
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as err:
            raise _Down(_first_line(err)) from None
        self._conn = conn

    # ------------------------------------------------------------------ connection

    def _connect(self) -> None:
        if self.is_postgres:
            self._connect_pg()
        else:
            self._connect_sqlite()
        if self._was_down:
            self.reconnects += 1
            self._was_down = False
        self._down_reason = None
        self._backoff = BACKOFF_FIRST_S

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # already broken: nothing left to release
                pass


def _feed_after(db: Db, floor: int, limit: int) -> list[tuple[int, str, str]]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(
            select(ChangeFeed.id, ChangeFeed.entity, ChangeFeed.entity_id)
            .where(ChangeFeed.id > floor).order_by(ChangeFeed.id).limit(limit)
        )]


class _Down(Exception):
    """The database did not answer; wait() backs off and retries until its deadline."""


def _first_line(err: BaseException) -> str:
    message = str(err).strip()
    return message.splitlines()[0] if message else type(err).__name__


__all__ = ["ChangeWatcher", "db_health"]
