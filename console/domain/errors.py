"""Errors every layer understands; each carries one line a dispatcher can read."""


class DispatchError(Exception):
    """Base class: the message is shown as-is, on one line."""


class ValidationError(DispatchError):
    """Input that breaks a rule; nothing was written."""


class NeedsConfirmation(ValidationError):
    """A rule a dispatcher may knowingly override (the window asks, the command wants a flag);
    `facts` holds what the question names."""

    def __init__(self, message: str, **facts: object):
        super().__init__(message)
        self.facts = facts


class NotFound(DispatchError):
    """An id that names nothing."""


class Conflict(DispatchError):
    """Someone else changed the record since it was read (optimistic concurrency)."""

    def __init__(self, message: str, current: object | None = None):
        super().__init__(message)
        self.current = current


class StoreUnavailable(DispatchError):
    """The database could not be reached; the caller keeps its input to retry."""


class PermissionDenied(DispatchError):
    """The database login may not do this (a viewer writing, a dispatcher changing settings)."""
