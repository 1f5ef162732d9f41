"""Source for the affected-premises layer (static/premises_layer.js): install once, then show dots."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .features import script_json


@lru_cache(maxsize=1)
def _layer_source() -> str:
    return resources.files("console.map").joinpath("static/premises_layer.js").read_text(encoding="utf-8")


def premises_js(points) -> str:
    """points: (lat, lon, ref, name) per premises; [] clears the layer."""
    data = script_json([[float(lat), float(lon), str(ref), str(name)] for lat, lon, ref, name in points])
    return f"{_layer_source()}\n;window.dispatchPremises ? window.dispatchPremises.show({data}) : -1"
