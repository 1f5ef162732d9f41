"""Qt builds the console is known to misbehave on, checked before the window starts.

Read from the installed distributions' metadata, not by importing Qt: a refused start costs
nothing and says one line. PySide6 6.12.0 drops a reference to None on every event-loop turn
(bench/pyside_none_refcount.py); in a dispatcher's session that ended with status and ETA
changes shown in the window that never reached the database. A PySide6 wheel installed over
the pinned ones also leaves Essentials and Addons at different versions, which Qt does not
support either.
"""
from __future__ import annotations

from importlib import metadata

TESTED = "6.11.3"
# version -> what goes wrong on it, in the words of the one line the console prints
KNOWN_BAD = {
    "6.12.0": "it drops a reference to None on every event-loop turn, and changes made in the window "
              "can fail to reach the database",
}
DISTRIBUTIONS = ("PySide6-Essentials", "PySide6-Addons", "PySide6")


def installed_versions() -> dict[str, str]:
    found = {}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def qt_problem(versions: dict[str, str] | None = None) -> str | None:
    """One line saying why this Qt must not run the console, or None when it may."""
    versions = installed_versions() if versions is None else versions
    fix = f"install the tested one: pip install PySide6-Essentials=={TESTED} PySide6-Addons=={TESTED}"
    for name, version in versions.items():
        if version in KNOWN_BAD:
            return f"{name} {version} is installed, and on it {KNOWN_BAD[version]}; {fix}"
    parts = {versions[n] for n in ("PySide6-Essentials", "PySide6-Addons") if n in versions}
    if len(parts) > 1:
        listed = ", ".join(f"{n} {v}" for n, v in sorted(versions.items()))
        return f"the Qt wheels installed do not match ({listed}); {fix}"
    return None


def printing_problem() -> str | None:
    """The import error that makes printing impossible here (asked before the print dialog
    opens), or None."""
    try:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401
        from PySide6.QtPrintSupport import QPrinter  # noqa: F401
    except ImportError as err:
        return str(err)
    return None
