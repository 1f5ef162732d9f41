"""Errors every layer understands; each carries one line a dispatcher can read."""


class StoredWord(str):
    """A stored value (a status, a cause) quoted in an error: its code in English, as the command
    line has always printed it, and the catalogue's word for it in another language."""

    def __new__(cls, kind: str, value: str):
        word = super().__new__(cls, value)
        word.kind = kind  # "outage_status", "technician_status", "cause", or "term" (a catalogue word)
        return word


class DispatchError(Exception):
    """Base class: the message is shown as-is, on one line.

    Raised through `of(N_(template), **params)`, an error also says itself in a reader's language
    (`in_language`): the window shows a refusal in its own language, the command line in English.
    Parameters are data (ids, names, times already formatted) and are never translated."""

    template: str | None = None
    params: dict = {}

    @classmethod
    def of(cls, template: str, /, **params: object):
        err = cls(template.format(**params))
        err.template, err.params = template, params
        return err

    def in_language(self, lang: str) -> str:
        if self.template is None or lang == "en":
            return str(self)
        from . import vocabulary  # the catalogue reader imports this module

        words = {"outage_status": vocabulary.outage_status_word, "cause": vocabulary.cause_word,
                 "technician_status": vocabulary.technician_status_word, "term": lambda text, lang: vocabulary.word(lang, text)}
        # A refusal quoting another refusal ("bad coordinates: ...") says the quoted one in the same language.
        params = {k: words[v.kind](str(v), lang).lower() if isinstance(v, StoredWord)
                  else v.in_language(lang) if isinstance(v, DispatchError) else v
                  for k, v in self.params.items()}
        return vocabulary.word(lang, self.template).format(**params)


class ValidationError(DispatchError):
    """Input that breaks a rule; nothing was written."""


class NeedsConfirmation(ValidationError):
    """A rule a dispatcher may knowingly override (the window asks, the command wants a flag);
    `facts` holds what the question names."""

    def __init__(self, message: str, **facts: object):
        super().__init__(message)
        self.facts = facts

    @classmethod
    def of(cls, template: str, /, facts: dict | None = None, **params: object):
        err = cls(template.format(**params), **(facts or {}))
        err.template, err.params = template, params
        return err


class NotFound(DispatchError):
    """An id that names nothing."""


class Conflict(DispatchError):
    """Someone else changed the record since it was read (optimistic concurrency)."""

    def __init__(self, message: str, current: object | None = None):
        super().__init__(message)
        self.current = current

    @classmethod
    def of(cls, template: str, /, current: object | None = None, **params: object):
        err = cls(template.format(**params), current)
        err.template, err.params = template, params
        return err


class StoreUnavailable(DispatchError):
    """The database could not be reached; the caller keeps its input to retry."""


class PermissionDenied(DispatchError):
    """The database login may not do this (a viewer writing, a dispatcher changing settings)."""
