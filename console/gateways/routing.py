"""The routing provider for the current settings: OSRM when a server is set, else the region road graph, else geodesic.

Asked per use with the settings of that moment, so a changed `osrm_url` or travel factor
takes effect on the next estimate without a restart. Providers are kept per (URL, factors):
an OSRM provider holds a connection pool worth reusing.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.domain.travel import TravelSettings


@lru_cache(maxsize=8)
def provider_for(travel: TravelSettings, osrm_url: str = "", region=None):
    # Imported here: wiring runs at every start, and only an estimate should pay for numpy.
    if osrm_url:
        from .osrm import OsrmProvider

        return OsrmProvider(osrm_url, travel)
    if region is not None:
        # The region's stored graph (hashed by which import it is) answers by road.
        from .road_graph import RoadProvider

        return RoadProvider(_graph(region), travel)
    from .geodesic import GeodesicProvider

    return GeodesicProvider(travel)


@lru_cache(maxsize=2)
def _graph(region):
    from .road_graph import RoadGraph

    return RoadGraph.from_bytes(region.blob)
