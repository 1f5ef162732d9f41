"""The SMTP and SMS passwords: never in the database, never on a command line.

Looked up in order: the environment ($DISPATCH_SMTP_PASSWORD, $DISPATCH_SMS_PASSWORD), the
operating system's keyring (installed by console.startup), then a file readable only by its owner
under the user's config directory ($DISPATCH_SECRETS_DIR overrides it), for machines with no keyring.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import platformdirs

from console.domain.errors import ValidationError
from console.domain.vocabulary import N_

NAMES = ("smtp", "sms")
ENV = {"smtp": "DISPATCH_SMTP_PASSWORD", "sms": "DISPATCH_SMS_PASSWORD"}
MAX_SECRET = 500


class SecretStore(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> bool: ...


_store: SecretStore | None = None


def install(store: SecretStore | None) -> None:
    global _store
    _store = store


def _check(name: str) -> str:
    if name not in NAMES:
        raise ValidationError.of(N_("unknown secret {name}; expected one of: {allowed}"),
                                 name=repr(name), allowed=', '.join(NAMES))
    return name


def secrets_dir() -> Path:
    override = os.environ.get("DISPATCH_SECRETS_DIR", "").strip()
    return Path(override) if override else Path(platformdirs.user_config_dir("dispatch-console", appauthor=False)) / "secrets"


def get_secret(name: str) -> str:
    """The password, or "" when none is set anywhere."""
    _check(name)
    value = os.environ.get(ENV[name])
    if value:
        return value
    if _store is not None:
        stored = _store.get(name)
        if stored:
            return stored
    path = secrets_dir() / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def set_secret(name: str, value: str) -> str:
    """Store the password; returns where it went ("keyring" or the file's path)."""
    _check(name)
    value = (value or "").strip()
    if not value:
        raise ValidationError.of(N_("the password is empty"))
    if len(value) > MAX_SECRET or "\n" in value:
        raise ValidationError.of(N_("the password must be one line of at most 500 characters"))
    if _store is not None and _store.set(name, value):
        return "the operating system's keyring"
    folder = secrets_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    # Created owner-only before anything is written, so the password is never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    os.chmod(path, 0o600)
    return str(path)


__all__ = ["NAMES", "ENV", "install", "get_secret", "set_secret", "secrets_dir"]
