"""Editing and deleting a handover note: one transaction each, audited, refused when stale."""
from __future__ import annotations

from datetime import timedelta

import pytest

from console.domain.errors import Conflict, NotFound, ValidationError
from console.domain.timeutil import utcnow
from console.services import Db
from console.services.audit import audit_trail
from console.services.handover import save_shift_note, shift_notes
from console.services.shift_note_edits import delete_shift_note, edit_shift_note


def test_edit_keeps_the_note_its_shift_and_author_and_audits_the_old_text(db):
    start = utcnow() - timedelta(hours=2)
    note = save_shift_note(db, "Ring Lina kl 06", start)
    other = Db.open(db.url, actor="night-dispatcher")
    edited = edit_shift_note(other, note.id, "  Ring Lina kl 05  ", note.version)
    assert edited.text == "Ring Lina kl 05" and edited.version == note.version + 1
    [read] = shift_notes(db, start)
    assert (read.id, read.text, read.written_by, read.written_at) == (note.id, "Ring Lina kl 05", note.written_by,
                                                                       note.written_at)
    newest = audit_trail(db, "shift_note", note.id)[0]
    assert (newest.action, newest.who, newest.before["text"], newest.after["text"]) == (
        "edit", "night-dispatcher", "Ring Lina kl 06", "Ring Lina kl 05")


def test_a_stale_empty_or_unchanged_edit_changes_nothing(db):
    start = utcnow() - timedelta(hours=1)
    note = save_shift_note(db, "first", start)
    edit_shift_note(db, note.id, "second", note.version)
    with pytest.raises(Conflict):
        edit_shift_note(db, note.id, "third", note.version)  # the version shown before "second"
    with pytest.raises(ValidationError):
        edit_shift_note(db, note.id, "   ")
    with pytest.raises(ValidationError):
        edit_shift_note(db, note.id, "second")
    with pytest.raises(NotFound):
        edit_shift_note(db, note.id + 99, "x")
    assert [n.text for n in shift_notes(db, start)] == ["second"]
    assert [a.action for a in audit_trail(db, "shift_note", note.id)] == ["edit", "create"]


def test_delete_takes_the_note_out_of_the_handover_and_the_audit_keeps_it(db):
    start = utcnow() - timedelta(hours=1)
    keep = save_shift_note(db, "keep this", start)
    gone = save_shift_note(db, "wrong outage, ignore", start)
    with pytest.raises(Conflict):
        delete_shift_note(db, gone.id, gone.version + 1)
    delete_shift_note(db, gone.id, gone.version)
    assert [n.id for n in shift_notes(db, start)] == [keep.id]
    with pytest.raises(NotFound):
        delete_shift_note(db, gone.id)
    entry = audit_trail(db, "shift_note", gone.id)[0]
    assert entry.action == "delete" and entry.before["text"] == "wrong outage, ignore"
