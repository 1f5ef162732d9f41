"""The map page's own words (legend, pop-ups) in the window's language.

The page is HTML drawn by dispatch_map.js; Qt's translator cannot reach it, so the window
translates console.map.builder.PAGE_WORDS here and passes them in the page's config.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Listed for lupdate; tests/gui/test_translation.py checks the list matches PAGE_WORDS.
_WORDS = (
    QT_TRANSLATE_NOOP("MapPage", "Reported"),
    QT_TRANSLATE_NOOP("MapPage", "Assigned"),
    QT_TRANSLATE_NOOP("MapPage", "En route"),
    QT_TRANSLATE_NOOP("MapPage", "On site"),
    QT_TRANSLATE_NOOP("MapPage", "Waiting for material"),
    QT_TRANSLATE_NOOP("MapPage", "Restored"),
    QT_TRANSLATE_NOOP("MapPage", "Cancelled"),
    QT_TRANSLATE_NOOP("MapPage", "Available"),
    QT_TRANSLATE_NOOP("MapPage", "Restocking"),
    QT_TRANSLATE_NOOP("MapPage", "Off duty"),
    QT_TRANSLATE_NOOP("MapPage", "Outages"),
    QT_TRANSLATE_NOOP("MapPage", "Outage"),
    QT_TRANSLATE_NOOP("MapPage", "Customers"),
    QT_TRANSLATE_NOOP("MapPage", "ETA"),
    QT_TRANSLATE_NOOP("MapPage", "not set"),
    QT_TRANSLATE_NOOP("MapPage", "ETA has passed"),
    QT_TRANSLATE_NOOP("MapPage", "Work goes on after dark"),
    QT_TRANSLATE_NOOP("MapPage", "Status"),
    QT_TRANSLATE_NOOP("MapPage", "Last fix"),
    QT_TRANSLATE_NOOP("MapPage", "none"),
    QT_TRANSLATE_NOOP("MapPage", "Job"),
    QT_TRANSLATE_NOOP("MapPage", "Depot"),
    QT_TRANSLATE_NOOP("MapPage", "ETA passed"),
    QT_TRANSLATE_NOOP("MapPage", "After dark"),
    QT_TRANSLATE_NOOP("MapPage", "Technician"),
    QT_TRANSLATE_NOOP("MapPage", "No fix for {n}+ min"),
    QT_TRANSLATE_NOOP("MapPage", "Show or hide the legend"),
    QT_TRANSLATE_NOOP("MapPage", "unknown"),
    QT_TRANSLATE_NOOP("MapPage", "just now"),
    QT_TRANSLATE_NOOP("MapPage", "{n} min ago"),
    QT_TRANSLATE_NOOP("MapPage", "{h} h {m} min ago"),
    QT_TRANSLATE_NOOP("MapPage", "{n} days ago"),
)


def page_labels() -> dict[str, str]:
    return {word: QCoreApplication.translate("MapPage", word) for word in _WORDS}
