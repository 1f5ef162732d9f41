"""Secrets in the operating system's keyring, when it has a usable one."""
from __future__ import annotations

SERVICE = "dispatch-console"


def _usable():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    # The "fail" backend (and the chainer with nothing behind it) means no keyring on this machine.
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


class KeyringStore:
    def available(self) -> bool:
        return _usable() is not None

    def get(self, name: str) -> str | None:
        keyring = _usable()
        if keyring is None:
            return None
        try:
            return keyring.get_password(SERVICE, name)
        except Exception:  # a locked or broken keyring is "not there", and the fallback is tried
            return None

    def set(self, name: str, value: str) -> bool:
        keyring = _usable()
        if keyring is None:
            return False
        try:
            keyring.set_password(SERVICE, name, value)
        except Exception:
            return False
        return True
