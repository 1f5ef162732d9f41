"""Who may do what on a shared PostgreSQL database, enforced by the server's grants.

Three group roles; a dispatch centre creates one login per person and makes it a member:
  dispatch_viewer      reads everything (a wallboard)
  dispatch_dispatcher  the daily work: outages, ETAs, crews, positions, notices, loans, restock runs
  dispatch_admin       also the shared settings
The ETA ledger and the audit log are append-only for all three: INSERT and SELECT, never UPDATE,
DELETE or TRUNCATE. Only the owner of the tables (the login that ran `db upgrade`) can change a
recorded row or the schema; every row of both records the login (session_user) by trigger.
"""
from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from console.domain.errors import ValidationError

VIEWER, DISPATCHER, ADMIN = "dispatch_viewer", "dispatch_dispatcher", "dispatch_admin"
GROUPS = (VIEWER, DISPATCHER, ADMIN)
APPEND_ONLY = ("eta_revisions", "audit_log")
ADMIN_ONLY = ("settings",)
READ_ONLY = ("alembic_version",)


def setup_roles(engine: Engine) -> list[str]:
    """Create the group roles if missing and (re)apply their grants; the statements run."""
    if engine.dialect.name != "postgresql":
        raise ValidationError("database roles exist on PostgreSQL only; a SQLite file is protected by its "
                              "file permissions (see docs/ARCHITECTURE.md)")
    done: list[str] = []
    with engine.begin() as conn:
        tables = [t for t in inspect(conn).get_table_names()]
        if "alembic_version" not in tables:
            raise ValidationError("the database has no dispatch schema yet; run `dispatch-console db upgrade` first")
        existing = {row[0] for row in conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:r)"),
                                                   {"r": list(GROUPS)})}
        statements = [f"CREATE ROLE {role} NOLOGIN" for role in GROUPS if role not in existing]
        statements += [f"GRANT {VIEWER} TO {DISPATCHER}", f"GRANT {DISPATCHER} TO {ADMIN}",
                       f"GRANT USAGE ON SCHEMA public TO {VIEWER}"]
        for table in tables:
            quoted = f'"{table}"'
            statements.append(f"REVOKE ALL ON {quoted} FROM PUBLIC, {VIEWER}, {DISPATCHER}, {ADMIN}")
            statements.append(f"GRANT SELECT ON {quoted} TO {VIEWER}")
            if table in APPEND_ONLY:
                statements.append(f"GRANT INSERT ON {quoted} TO {DISPATCHER}")
            elif table in ADMIN_ONLY:
                statements.append(f"GRANT INSERT, UPDATE, DELETE ON {quoted} TO {ADMIN}")
            elif table not in READ_ONLY:
                statements.append(f"GRANT INSERT, UPDATE, DELETE ON {quoted} TO {DISPATCHER}")
        statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {DISPATCHER}")
        for statement in statements:
            conn.exec_driver_sql(statement)
            done.append(statement)
    return done


def roles_exist(engine: Engine) -> bool:
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": VIEWER}).first())
