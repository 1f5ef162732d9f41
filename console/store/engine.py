"""Engines and sessions for SQLite (one workstation) and PostgreSQL (a dispatch centre)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from console.domain.errors import ValidationError

from . import limits

APP_NAME = "dispatch-console"
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5
# Execution option for read-only units: on SQLite they take a snapshot (plain BEGIN) instead of
# the write lock, so a long read on one workstation never holds up another's save.
READ_ONLY = "dispatch_read_only"


def default_db_url() -> str:
    env = os.environ.get("DISPATCH_DB")
    if env:
        return env
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'dispatch.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// and use psycopg 3, the driver we ship."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationError(f"not a database URL: {url!r} (use sqlite:///FILE or postgresql://...)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValidationError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # NORMAL under WAL keeps every committed transaction across a process kill; only power loss may
    # drop the last ones, which the dispatcher's UPS covers.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or default_db_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:":
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; take it over so a
        # write transaction starts IMMEDIATE and two workstations never deadlock on lock upgrade.
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})


_FACTORIES: dict[str, sessionmaker[Session]] = {}
_READERS: dict[str, sessionmaker[Session]] = {}


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    """One engine per URL per process: pools are shared by every service call."""
    key = normalise_url(url or default_db_url())
    factory = _FACTORIES.get(key)
    if factory is None:
        factory = _FACTORIES[key] = sessionmaker(bind=make_engine(key), expire_on_commit=False)
        limits.install(factory)
    return factory


def read_session_factory(url: str | None = None) -> sessionmaker[Session]:
    """Sessions for reads: same engine and pool, but marked READ_ONLY (see above)."""
    key = normalise_url(url or default_db_url())
    factory = _READERS.get(key)
    if factory is None:
        engine = session_factory(key).kw["bind"].execution_options(**{READ_ONLY: True})
        factory = _READERS[key] = sessionmaker(bind=engine, expire_on_commit=False)
        limits.install(factory)
    return factory


def dispose_all() -> None:
    for factory in _FACTORIES.values():
        factory.kw["bind"].dispose()
    _FACTORIES.clear()
    _READERS.clear()
