"""The map page's own words (legend, pop-ups) follow the window's language."""
from __future__ import annotations

import pytest

from console.map.builder import PAGE_WORDS
from console.ui import map_words

from .test_translation import swedish  # noqa: F401 - fixture

pytestmark = pytest.mark.gui


def test_every_word_of_the_page_is_offered_for_translation():
    assert set(map_words._WORDS) == set(PAGE_WORDS) and len(map_words._WORDS) == len(PAGE_WORDS)


def test_the_legend_is_swedish_in_a_swedish_window(swedish, open_window, demo_database, js):  # noqa: F811
    window = open_window(demo_database)
    legend = js(window, "Array.from(document.querySelectorAll('.dm-legend span')).map(e => e.textContent)")
    assert "Väntar på material" in legend and "Depå" in legend
    assert not {"Waiting for material", "Depot", "Technician"} & set(legend)
    # Words are for people only: the page's own logic still knows the tiles are off and shows its grid.
    assert js(window, "document.querySelector('.leaflet-container').classList.contains('dm-no-tiles')") is True
