"""Every row is held to its column's limits before it is flushed, so SQLite refuses what PostgreSQL would.

SQLite stores a 201-character area in a String(200) and a 2**40 in an INTEGER; PostgreSQL refuses
both with an error the user cannot read. One check derived from the schema answers the same line
on both backends, before the database sees the row.
"""
from __future__ import annotations

import math

from sqlalchemy import BigInteger, Float, Integer, String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from console.domain.errors import ValidationError
from console.domain.limits import INT32_MAX, INT64_MAX


def _limit_error(column, value) -> str | None:
    kind = column.type
    name = column.name.replace("_", " ")
    if value is None:
        return None
    if isinstance(kind, String) and kind.length and isinstance(value, str) and len(value) > kind.length:
        return f"{name} is at most {kind.length} characters, got {len(value)}"
    if isinstance(kind, Integer) and isinstance(value, int) and not isinstance(value, bool):
        # BigInteger().with_variant(Integer, "sqlite") is still a BigInteger here.
        top = INT64_MAX if isinstance(kind, BigInteger) else INT32_MAX
        if not -top - 1 <= value <= top:
            return f"{name} must be from {-top - 1} to {top}, got {value}"
    if isinstance(kind, Float) and isinstance(value, float) and not math.isfinite(value):
        return f"{name} must be a finite number, got {value!r}"
    return None


def check_session(session: Session) -> None:
    for obj in list(session.new) + list(session.dirty):
        state = sa_inspect(obj)
        for prop in state.mapper.column_attrs:
            added = state.attrs[prop.key].history.added
            for value in added or ():
                problem = _limit_error(prop.columns[0], value)
                if problem:
                    raise ValidationError(problem)


def install(factory) -> None:
    event.listen(factory, "before_flush", lambda session, _ctx, _instances: check_session(session))
