"""Use cases: one unit of work per user action, returning frozen read models."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .uow import Db

__all__ = ["Db"]


def __getattr__(name: str):
    # Resolved on first use: importing one service module (or the package for the command
    # parser) must not pay for SQLAlchemy before a command actually opens the database.
    if name == "Db":
        from .uow import Db

        return Db
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
