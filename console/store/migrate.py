"""Run Alembic migrations from inside the application (first start and `db upgrade`)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

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

    before = current_revision(engine)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, head_revision()


def file_heads() -> set[str]:
    """The head revisions as the migration files declare them, read without importing Alembic.

    Alembic (and Mako under it) costs more to import than a whole `outages list`, and every
    command checks the schema on opening the database; a quick read of the revision headers
    answers "already current" almost always. Anything unusual falls through to Alembic.
    """
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
    return revisions - parents


def _stored_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return set()
        return {row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}


def ensure_current(engine: Engine) -> None:
    heads = file_heads()
    if heads and _stored_revisions(engine) == heads:
        return
    if current_revision(engine) != head_revision():
        upgrade(engine)
