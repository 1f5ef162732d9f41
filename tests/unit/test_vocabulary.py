"""The one catalogue: every stored value has its word in each language, read from the shipped .mo."""
from __future__ import annotations

import pytest

from console.domain import vocabulary
from console.domain.enums import Cause, EtaReason, OutageStatus, TechnicianStatus
from console.domain.errors import ValidationError


@pytest.mark.parametrize("table, enum", [
    (vocabulary.OUTAGE_STATUS, OutageStatus), (vocabulary.TECHNICIAN_STATUS, TechnicianStatus),
    (vocabulary.CAUSE, Cause), (vocabulary.ETA_REASON, EtaReason)])
def test_every_stored_value_has_one_word_in_each_language(table, enum):
    assert set(table) == set(enum)
    for member in enum:
        english = vocabulary._value_word(table, member.value, "en")
        swedish = vocabulary._value_word(table, member.value, "sv")
        assert english == table[member] and swedish and swedish != english, member


def test_outage_statuses_read_apart_in_swedish():
    words = vocabulary.outage_status_words("sv")
    assert len(set(words.values())) == len(words)
    assert words["cancelled"] == "Makulerad" and words["restored"] == "Åtgärdad"
    assert vocabulary.outage_status_word(OutageStatus.ON_SITE, "sv") == "På plats"


def test_a_value_the_code_does_not_know_is_shown_as_stored():
    assert vocabulary.outage_status_word("paused", "sv") == "paused"
    assert vocabulary.cause_word(None, "en") == ""


def test_an_unknown_language_is_one_clear_error():
    with pytest.raises(ValidationError, match="unknown language 'de'"):
        vocabulary.word("de", "Cancelled")


def test_the_swedish_catalogue_is_the_compiled_file_shipped_with_the_package():
    mo = vocabulary.catalogue_dir() / "sv" / "LC_MESSAGES" / "console.mo"
    assert mo.is_file()
    assert vocabulary.translations("sv").gettext("Shift handover") == "Skiftöverlämning"
