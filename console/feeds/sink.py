"""The receiver's sink in the program: each fix through the positions service, one unit of work each."""
from __future__ import annotations

from console.services import positions

from .receiver import Sink, SinkResult


def service_sink(db) -> Sink:
    def sink(fix) -> SinkResult:
        stored = positions.record_fix(db, fix)
        if stored.duplicate:
            return SinkResult.DUPLICATE
        if stored.unregistered:
            return SinkResult.UNREGISTERED if stored.kept else SinkResult.UNKNOWN_DEVICE
        return SinkResult.ACCEPTED

    return sink
