"""Shared fixtures: a fresh database per test, on SQLite and on a throwaway PostgreSQL cluster."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("DISPATCH_USER", "test-dispatcher")

import itertools  # noqa: E402

import pytest  # noqa: E402

from tests.pgcluster import throwaway_cluster  # noqa: E402

_db_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    with throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'dispatch.sqlite3'}"


@pytest.fixture
def pg_url(pg_cluster) -> str:
    return pg_cluster.create_database(f"t{next(_db_counter)}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dispatch.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url):
    from console.services import Db

    return Db.open(db_url, actor="test-dispatcher")


@pytest.fixture
def demo_db(db):
    from console.services import demo

    demo.load_demo(db)
    return db


@pytest.fixture(autouse=True)
def _dispose_engines():
    yield
    from console.store.engine import dispose_all

    dispose_all()
