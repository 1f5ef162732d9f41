"""One limit per kind of free text, in the domain, never above the column that stores it: a text the
console accepts fits on PostgreSQL as on SQLite, and the longest one refused is refused on both."""
from __future__ import annotations

import pytest

from console.domain import limits
from console.domain.errors import ValidationError
from console.store import schema

# (limit, table, column) for every free-text column a person fills in.
STORED = [
    (limits.TITLE_CHARS, schema.Outage, "title"),
    (limits.AREA_CHARS, schema.Outage, "area"),
    (limits.NAME_CHARS, schema.EtaRevision, "recorded_by"),
    (limits.NAME_CHARS, schema.CustomerNotice, "sent_by"),
    (limits.NAME_CHARS, schema.ShiftNote, "written_by"),
    (limits.NAME_CHARS, schema.AuditEntry, "who"),
    (limits.NAME_CHARS, schema.Loan, "lent_by"),
    (limits.REFERENCE_CHARS, schema.Loan, "customer_ref"),
    (limits.PROPER_NAME_CHARS, schema.Technician, "name"),
    (limits.PROPER_NAME_CHARS, schema.Depot, "name"),
    (limits.ADDRESS_CHARS, schema.Depot, "address"),
]


@pytest.mark.parametrize("limit, table, column", STORED, ids=lambda v: getattr(v, "__name__", str(v)))
def test_each_limit_fits_its_column(limit, table, column):
    length = table.__table__.c[column].type.length
    assert length is not None and limit <= length


def test_text_at_the_limit_passes_and_one_more_is_refused_with_one_line():
    assert limits.check_text("  " + "a" * limits.TITLE_CHARS + " ", "title", limits.TITLE_CHARS) == \
        "a" * limits.TITLE_CHARS
    with pytest.raises(ValidationError) as err:
        limits.check_text("a" * (limits.TITLE_CHARS + 1), "title", limits.TITLE_CHARS)
    assert str(err.value) == f"title is too long ({limits.TITLE_CHARS + 1} characters, at most {limits.TITLE_CHARS})"


def test_names_are_one_line_and_notes_may_have_several():
    assert limits.check_name("  Maria \n (dagpass) ") == "Maria (dagpass)"
    with pytest.raises(ValidationError):
        limits.check_name("x" * 120_000, "dispatcher name")
    with pytest.raises(ValidationError):
        limits.check_text("Ankarsrum\x1b[2J", "title", limits.TITLE_CHARS)
    assert limits.check_text("line one\nline two", "note", limits.NOTE_CHARS, one_line=False) == "line one\nline two"
    with pytest.raises(ValidationError):
        limits.check_text("a\nb", "title", limits.TITLE_CHARS)
    with pytest.raises(ValidationError):
        limits.check_text("  ", "the notice text", limits.NOTICE_CHARS, required=True)


def test_a_refused_text_names_its_field_in_the_readers_language():
    from console.domain.vocabulary import N_

    with pytest.raises(ValidationError) as refused:
        limits.check_text("x" * (limits.TITLE_CHARS + 1), N_("title"), limits.TITLE_CHARS)
    assert str(refused.value) == f"title is too long ({limits.TITLE_CHARS + 1} characters, at most {limits.TITLE_CHARS})"
    swedish = refused.value.in_language("sv")
    assert swedish.startswith("rubriken: för lång text") and "tecken" in swedish and "too long" not in swedish
