"""The map page's own words (legend, pop-ups) follow the window's language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from console.map.builder import PAGE_WORDS
from console.ui import map_words

pytestmark = pytest.mark.gui


JS = Path(__file__).resolve().parents[2] / "console" / "map" / "static" / "dispatch_map.js"


def test_every_word_of_the_page_is_offered_for_translation():
    source = JS.read_text(encoding="utf-8")
    shown = set(re.findall(r"\bT\('([^']+)'\)", source))
    shown |= {word for _value, word in re.findall(r"\['(\w+)', '([^']+)', '#", source)}
    tech = re.search(r"TECH_STATUS_LABEL = \{(.*?)\}", source, re.DOTALL).group(1)
    shown |= set(re.findall(r"\w+: '([^']+)'", tech))
    assert shown == set(PAGE_WORDS) and len(PAGE_WORDS) == len(set(PAGE_WORDS))
    assert set(map_words.page_labels()) == set(PAGE_WORDS)


def test_the_legend_is_swedish_in_a_swedish_window(swedish, open_window, demo_database, js):  # noqa: F811
    window = open_window(demo_database)
    legend = js(window, "Array.from(document.querySelectorAll('.dm-legend span')).map(e => e.textContent)")
    assert "Väntar på material" in legend and "Depå" in legend
    assert not {"Waiting for material", "Depot", "Technician"} & set(legend)
    # Words are for people only: the page's own logic still knows the tiles are off and shows its grid.
    assert js(window, "document.querySelector('.leaflet-container').classList.contains('dm-no-tiles')") is True
