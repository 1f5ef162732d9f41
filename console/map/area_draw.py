"""Source for drawing an affected area on the map (static/area_draw.js): installed with each call."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

_CALLS = ("start", "finish", "cancel", "clear")


@lru_cache(maxsize=1)
def _source() -> str:
    return resources.files("console.map").joinpath("static/area_draw.js").read_text(encoding="utf-8")


def area_draw_js(call: str) -> str:
    """The script that installs window.dispatchArea (once) and calls one of its verbs."""
    if call not in _CALLS:
        raise ValueError(f"unknown area drawing call {call!r}")
    return f"{_source()}\n;window.dispatchArea ? window.dispatchArea.{call}() : null"
