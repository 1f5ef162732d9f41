"""The typeface of printed documents: DejaVu Sans where the system has it, else reportlab's Vera.

Both are TrueType with the Swedish letters; the PDF's built-in Helvetica is the last resort
(it has å ä ö in its Latin-1 encoding but nothing beyond).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

# Where Debian's fonts-dejavu-core and other distributions put DejaVu.
_DEJAVU_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)
_DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
           "italic": "DejaVuSans-Oblique.ttf", "bold_italic": "DejaVuSans-BoldOblique.ttf"}
_DEJAVU_CONDENSED = {"regular": "DejaVuSansCondensed.ttf", "bold": "DejaVuSansCondensed-Bold.ttf",
                     "italic": "DejaVuSansCondensed-Oblique.ttf",
                     "bold_italic": "DejaVuSansCondensed-BoldOblique.ttf"}
_VERA = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf", "bold_italic": "VeraBI.ttf"}


@dataclass(frozen=True)
class FontFiles:
    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


def _complete(directory: str, names: dict[str, str]) -> dict[str, str] | None:
    paths = {style: os.path.join(directory, name) for style, name in names.items()}
    return paths if all(os.path.isfile(p) for p in paths.values()) else None


@lru_cache(maxsize=1)
def font_files() -> FontFiles | None:
    """TrueType files for the four styles, or None when only the PDF base fonts are left."""
    for directory in _DEJAVU_DIRS:
        paths = _complete(directory, _DEJAVU)
        if paths:
            return FontFiles("DejaVuSans", **paths)
    try:
        import reportlab

        paths = _complete(os.path.join(os.path.dirname(reportlab.__file__), "fonts"), _VERA)
    except ImportError:
        paths = None
    return FontFiles("Vera", **paths) if paths else None


@lru_cache(maxsize=1)
def condensed_font_files() -> FontFiles | None:
    """DejaVu Sans Condensed for dense tables, when the system has it."""
    for directory in _DEJAVU_DIRS:
        paths = _complete(directory, _DEJAVU_CONDENSED)
        if paths:
            return FontFiles("DejaVuSansCondensed", **paths)
    return None
