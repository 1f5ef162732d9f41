"""Persistence: schema, engines for SQLite and PostgreSQL, migrations, audit and change feed."""
