"""Source for drawing an affected area on the map (static/area_draw.js): installed with each call."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .features import script_json

_CALLS = ("start", "say", "finish", "cancel", "clear")


@lru_cache(maxsize=1)
def _source() -> str:
    return resources.files("console.map").joinpath("static/area_draw.js").read_text(encoding="utf-8")


def area_draw_js(call: str, text: str | None = None) -> str:
    """The script that installs window.dispatchArea (once) and calls one of its verbs; `text` (start,
    say) is the hint shown over the map, handed over as JSON so nothing in it runs as script."""
    if call not in _CALLS:
        raise ValueError(f"unknown area drawing call {call!r}")
    arg = script_json(text) if text is not None else ""
    return f"{_source()}\n;window.dispatchArea ? window.dispatchArea.{call}({arg}) : null"
