"""A refusal in the window's language: the services raise their errors in English (the command
line's words); an error raised with a catalogue template (DispatchError.of) is said again in the
window's language, so a Swedish window never reads "customer reference is empty. Inget ändrades."."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.domain.errors import DispatchError

from .labels import ui_language


def error_text(err: BaseException | str) -> str:
    """One line for a dialog. Our own errors in the window's language; anything else by its
    message only: an exception's class name means nothing to a dispatcher."""
    if isinstance(err, str):
        return err
    if isinstance(err, DispatchError):
        return err.in_language(ui_language())
    detail = " ".join(str(err).split())
    return QCoreApplication.translate("Errors", "Something went wrong: {detail}").format(
        detail=detail or QCoreApplication.translate("Errors", "no details"))


def sentence(text: str) -> str:
    """A message as the start of a sentence: the first letter upper-case, the rest as it is."""
    return text[:1].upper() + text[1:]
