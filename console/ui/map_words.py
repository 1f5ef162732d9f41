"""The map page's own words (legend, pop-ups) in the window's language.

The page is HTML drawn by dispatch_map.js; Qt's translator cannot reach it, so the window
passes console.map.builder.PAGE_WORDS, from the one gettext catalogue, in the page's config.
"""
from __future__ import annotations

from console.map import builder

from .labels import ui_language


def page_labels() -> dict[str, str]:
    return builder.page_labels(ui_language())
