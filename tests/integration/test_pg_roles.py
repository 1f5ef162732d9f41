"""Who may do what on a shared PostgreSQL database: real logins on a throwaway cluster."""
from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import text

from console.cli import main
from console.domain.timeutil import utcnow

pytestmark = pytest.mark.postgres


def migrate_head() -> str:
    from console.store import migrate

    return migrate.head_revision()


def _login_url(cluster, dbname: str, login: str) -> str:
    return f"postgresql+psycopg://{login}@127.0.0.1:{cluster.port}/{dbname}"


def _sql(cluster, dbname: str, login: str, statement: str):
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user={login} dbname={dbname}",
                         autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else None


@pytest.fixture
def shared(pg_cluster, capsys):
    dbname = "roles"
    owner_url = pg_cluster.create_database(dbname)
    assert main(["demo", "--db", owner_url]) == 0
    assert main(["db", "roles", "setup", "--db", owner_url]) == 0
    for login, group in (("wallboard", "dispatch_viewer"), ("maria", "dispatch_dispatcher"),
                         ("ada", "dispatch_admin")):
        _sql(pg_cluster, "postgres", "postgres", f"DROP ROLE IF EXISTS {login}")
        _sql(pg_cluster, "postgres", "postgres", f"CREATE ROLE {login} LOGIN IN ROLE {group}")
    capsys.readouterr()
    return pg_cluster, dbname


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _eta_args(url):
    eta = (utcnow() + timedelta(hours=30)).isoformat()
    return ["eta", "set", "--outage", "1", "--eta", eta, "--reason", "restock", "--db", url]


def test_viewer_reads_but_may_not_set_an_eta(shared, capsys):
    cluster, dbname = shared
    url = _login_url(cluster, dbname, "wallboard")
    code, out, _ = _run(capsys, "outages", "list", "--json", "--db", url)
    assert code == 0 and '"title"' in out
    code, _, err = _run(capsys, *_eta_args(url))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "not permitted" in err
    assert "Traceback" not in err
    owner_rows = _sql(cluster, dbname, "postgres", "SELECT count(*) FROM eta_revisions WHERE db_role = 'wallboard'")
    assert owner_rows == [(0,)]


def test_dispatcher_works_and_the_audit_names_the_login_not_the_name_given(shared, capsys):
    cluster, dbname = shared
    url = _login_url(cluster, dbname, "maria")
    code, _, err = _run(capsys, *_eta_args(url), "--by", "Someone Else")
    assert code == 0, err
    (row,) = _sql(cluster, dbname, "postgres",
                  "SELECT recorded_by, db_role FROM eta_revisions ORDER BY id DESC LIMIT 1")
    assert row == ("Someone Else", "maria")
    (audit,) = _sql(cluster, dbname, "postgres", "SELECT db_role FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit == ("maria",)
    # The login is set by the server: a client naming another role in plain SQL is overwritten.
    _sql(cluster, dbname, "maria", "INSERT INTO audit_log (at, who, db_role, action, entity, entity_id) "
                                   "VALUES (now(), 'x', 'postgres', 'forged', 'outage', '1')")
    assert _sql(cluster, dbname, "postgres",
                "SELECT db_role FROM audit_log WHERE action = 'forged'") == [("maria",)]
    # ... but settings are the administrators'.
    code, _, err = _run(capsys, "settings", "set", "loan_due_days", "5", "--db", url)
    assert code != 0 and "not permitted" in err and len(err.strip().splitlines()) == 1


def test_admin_changes_settings(shared, capsys):
    cluster, dbname = shared
    code, _, err = _run(capsys, "settings", "set", "loan_due_days", "5", "--db", _login_url(cluster, dbname, "ada"))
    assert code == 0, err
    assert _sql(cluster, dbname, "postgres", "SELECT db_role FROM audit_log ORDER BY id DESC LIMIT 1") == [("ada",)]


@pytest.mark.parametrize("login", ["wallboard", "maria", "ada"])
@pytest.mark.parametrize("statement", [
    "UPDATE eta_revisions SET eta = eta + interval '1 day'",
    "DELETE FROM eta_revisions",
    "UPDATE audit_log SET who = 'nobody'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
])
def test_nobody_but_the_owner_changes_a_recorded_eta_or_audit_row(shared, login, statement):
    cluster, dbname = shared
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _sql(cluster, dbname, login, statement)


def test_the_owner_still_can(shared):
    cluster, dbname = shared
    _sql(cluster, dbname, "postgres", "UPDATE audit_log SET who = who")


def test_an_older_schema_is_not_migrated_by_a_command(pg_cluster, capsys):
    from sqlalchemy import create_engine

    from console.store import migrate

    url = pg_cluster.create_database("older", upgrade=False)
    engine = create_engine(url)
    cfg = migrate._config()
    from alembic import command

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    code, _, err = _run(capsys, "outages", "list", "--db", url)
    assert code != 0 and "run `dispatch-console db upgrade`" in err and "0002" in err and migrate_head() in err
    assert len(err.strip().splitlines()) == 1
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    engine.dispose()
    assert _run(capsys, "db", "upgrade", "--db", url)[0] == 0
    assert _run(capsys, "outages", "list", "--db", url)[0] == 0
