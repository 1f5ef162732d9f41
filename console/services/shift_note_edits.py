"""Correcting a handover note: edit its text or delete it, each in one unit of work.

The audit log keeps what the note said before (and who changed it), so a deleted note is gone
from the handover but not from the record. `expected_version` is the version the dispatcher was
shown: a note another workstation changed meanwhile is refused instead of overwritten.
"""
from __future__ import annotations

from console.domain.errors import Conflict, NotFound, ValidationError
from console.domain.vocabulary import N_
from console.store.schema import ShiftNote

from .handover import MAX_NOTE, ShiftNoteView, _note_view
from .uow import Db


def _load(session, note_id: int, expected_version: int | None) -> ShiftNote:
    note = session.get(ShiftNote, note_id)
    if note is None:
        raise NotFound.of(N_("no handover note with id {note_id}"), note_id=note_id)
    if expected_version is not None and note.version != expected_version:
        raise Conflict.of(N_("handover note {note_id} was changed meanwhile by {written_by}; read it again"),
                          note_id=note_id, written_by=note.written_by)
    return note


def edit_shift_note(db: Db, note_id: int, text: str, expected_version: int | None = None) -> ShiftNoteView:
    """Replace the note's text; it keeps its shift, author and time of writing."""
    body = (text or "").strip()
    if not body:
        raise ValidationError.of(N_("a handover note needs some text (delete it instead)"))
    if len(body) > MAX_NOTE:
        raise ValidationError.of(N_("the note is too long ({n} characters, at most {most})"),
                                 n=len(body), most=MAX_NOTE)
    with db.unit() as uow:
        note = _load(uow.session, note_id, expected_version)
        before = note.text
        if body == before:
            raise ValidationError.of(N_("the note says that already; nothing to save"))
        note.text = body
        uow.session.flush()
        uow.audit("edit", "shift_note", note.id, {"text": before}, {"text": body, "edited_by": uow.actor})
        return _note_view(note)


def delete_shift_note(db: Db, note_id: int, expected_version: int | None = None) -> ShiftNoteView:
    """Remove the note from its shift's handover; returns what it was."""
    with db.unit() as uow:
        note = _load(uow.session, note_id, expected_version)
        gone = _note_view(note)
        uow.session.delete(note)
        uow.session.flush()
        uow.audit("delete", "shift_note", gone.id,
                  {"shift_start": gone.shift_start, "written_by": gone.written_by, "text": gone.text},
                  {"deleted_by": uow.actor})
        return gone
