"""Run Alembic migrations from inside the application (first start and `db upgrade`)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from console.domain.errors import StoreUnavailable

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

class SchemaMismatch(StoreUnavailable):
    """The database's schema is not one this console may work on as it stands."""


MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py does not rename it

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=(.*)$", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest schema; returns (before, after) revisions."""
    from alembic import command

    check_not_newer(engine)
    before = current_revision(engine)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()


def _file_revisions() -> tuple[set[str], set[str]]:
    """(every revision, every revision something else builds on) as the migration files declare them."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN_REVISION.search(source)
        if down is not None:
            parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return revisions, parents


def file_heads() -> set[str]:
    """The head revisions as the migration files declare them, read without importing Alembic.

    Alembic (and Mako under it) costs more to import than a whole `outages list`, and every
    command checks the schema on opening the database; a quick read of the revision headers
    answers "already current" almost always. Anything unusual falls through to Alembic.
    """
    revisions, parents = _file_revisions()
    return revisions - parents


def _stored_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return set()
        return {row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def _names(revisions: set[str]) -> str:
    return ", ".join(sorted(revisions)) or "none"


def check_not_newer(engine: Engine) -> set[str]:
    """The stored revisions; SchemaMismatch when they come from a console newer than this one."""
    stored = _stored_revisions(engine)
    known, _ = _file_revisions()
    if stored - known:
        raise SchemaMismatch(
            f"the database schema is at revision {_names(stored)}, newer than this console's "
            f"{_names(file_heads())}; use the newer console (or update this one)")
    return stored


def sqlite_backup(engine: Engine, before: str) -> Path | None:
    """Copy a SQLite file next to itself before a migration changes it; the copy's path."""
    import sqlite3

    from console.domain.timeutil import utcnow

    name = engine.url.database
    if not name or name == ":memory:":
        return None
    source = Path(name).expanduser()
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.name}.before-{before}-{stamp}.bak")
    raw = engine.raw_connection()
    try:
        # The backup API copies a consistent snapshot even while another workstation writes (WAL).
        copy = sqlite3.connect(str(target))
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()
    return target


def upgrade_with_backup(engine: Engine) -> tuple[str | None, str, Path | None]:
    """`db upgrade`: (before, after, where the SQLite file was copied first, if it was)."""
    stored = check_not_newer(engine)
    backup = None
    if engine.dialect.name == "sqlite" and stored and stored != file_heads():
        backup = sqlite_backup(engine, _names(stored))
    before, after = upgrade(engine)
    return before, after, backup


def ensure_current(engine: Engine) -> str | None:
    """Make sure this console can work on the database; a note for the user when it migrated.

    A schema from a newer console is refused. A new SQLite file is created; an older one is
    copied next to itself first, then migrated. PostgreSQL is shared by consoles of several
    versions, so opening it never migrates: `db upgrade` does, when the administrator decides.
    """
    heads = file_heads()
    stored = _stored_revisions(engine)
    if heads and stored == heads:
        return None
    check_not_newer(engine)
    head = _names(heads)
    if engine.dialect.name == "postgresql":
        if not stored:
            raise SchemaMismatch("the database has no dispatch schema yet; run `dispatch-console db upgrade` "
                                 "(as its owner) first")
        raise SchemaMismatch(f"the database schema is at revision {_names(stored)}, this console needs {head}; "
                             "run `dispatch-console db upgrade` (as its owner) when every workstation has "
                             "this version")
    if not stored:
        if _has_tables(engine):
            raise SchemaMismatch("this SQLite file holds tables but no dispatch schema version; "
                                 "it is not a dispatch database")
        upgrade(engine)
        return None
    backup = sqlite_backup(engine, _names(stored))
    before, after = upgrade(engine)
    where = f"; the file before it is kept at {backup}" if backup else ""
    return f"database migrated from revision {before} to {after}{where}"
