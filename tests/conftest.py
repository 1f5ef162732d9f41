"""Shared fixtures: a fresh database per test, on SQLite and on a throwaway PostgreSQL cluster."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("DISPATCH_USER", "test-dispatcher")

import itertools  # noqa: E402

import pytest  # noqa: E402

from console.domain import clock  # noqa: E402
from tests.moments import ENV_VAR as MOMENT_VAR  # noqa: E402
from tests.moments import moment  # noqa: E402
from tests.pgcluster import throwaway_cluster  # noqa: E402

# The whole run sees one chosen moment ($DISPATCH_TEST_MOMENT, default a weekday morning), never the
# wall clock's hour: the clock starts there and runs at the real rate, so waits still behave.
TEST_CLOCK = clock.AnchoredClock(moment(os.environ.get(MOMENT_VAR)))
clock.install(TEST_CLOCK)

# The outside services as a started console wires them; tests that need a server install
# the same gateways pointed at a local one.
from console.startup import wire_gateways  # noqa: E402

wire_gateways()

_db_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _clock_for_subprocesses():
    """Processes a test starts (the CLI, the receiver) run on the same moment as the test itself."""
    os.environ[clock.ENV_VAR] = clock.now().isoformat()
    yield


@pytest.fixture
def fixed_clock():
    """A clock that stands still for this test (advance it explicitly); the run's clock after."""
    with clock.installed(clock.FixedClock(TEST_CLOCK.now())) as fixed:
        os.environ[clock.ENV_VAR] = fixed.now().isoformat()
        yield fixed


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
