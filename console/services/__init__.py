"""Use cases: one unit of work per user action, returning frozen read models."""
from .uow import Db

__all__ = ["Db"]
