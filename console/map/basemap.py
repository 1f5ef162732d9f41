"""The region's basemap for the map page (static/basemap_layer.js): roads by class, water, place names.

The stored GeoJSON is turned into flat coordinate arrays once per import: a county's roads are
tens of thousands of lines, and [lon, lat, lon, lat, ...] is about half the JSON of GeoJSON
positions and what the page's canvas wants anyway.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from .features import script_json

ROAD_CLASSES = ("major", "secondary", "minor")
ATTRIBUTION = "© OpenStreetMap contributors"
_DEPOT_PREFIX = re.compile(r"^(depå|depot)\s+|\s+(depå|depot)$", re.IGNORECASE)


def _flat(coords) -> list[float]:
    # Already rounded to 5 decimals (about a metre) by the import: only flattened here.
    return list(chain.from_iterable(coords))


# More roads than this on one page (a whole country imported) and the minor ones stay off it:
# they are drawn only close in, and the page would carry hundreds of megabytes of them.
MAX_PAGE_ROADS = 200_000


def _inside(coords, area) -> bool:
    south, west, north, east = area
    return any(west <= lon <= east and south <= lat <= north for lon, lat in coords)


def page_basemap(geojson: dict | None, skip_names: Iterable[str] = (),
                 area: tuple[float, float, float, float] | None = None) -> dict | None:
    """{roads: {class: [flat lines]}, water: [[flat outer ring, flat inner rings...]], places: [[name, kind, lat, lon, named already]]}.

    skip_names: names the page already draws (the depot towns): such a place is kept (and counted)
    but not named a second time. area: (south, west, north, east) the operator works in; features
    wholly outside it stay off the page (a region may be all of Sweden).
    """
    if not geojson:
        return None
    skip = {_DEPOT_PREFIX.sub("", n).strip().casefold() for n in skip_names}
    roads: dict[str, list] = {cls: [] for cls in ROAD_CLASSES}
    water, places = [], []
    features = geojson.get("features", ())
    if area is not None:
        features = [f for f in features if _within(f, area)]
    n_roads = sum(1 for f in features if (f.get("properties") or {}).get("kind") == "road")
    for feature in features:
        props, geom = feature.get("properties") or {}, feature.get("geometry") or {}
        kind = props.get("kind")
        if kind == "road" and props.get("class") == "minor" and n_roads > MAX_PAGE_ROADS:
            continue
        if kind == "road" and geom.get("type") == "LineString":
            roads.get(props.get("class"), roads["minor"]).append(_flat(geom["coordinates"]))
        elif kind == "water" and geom.get("type") == "Polygon" and geom["coordinates"]:
            water.append([_flat(ring) for ring in geom["coordinates"]])
        elif kind == "place" and geom.get("type") == "Point":
            name = str(props.get("name") or "").strip()
            if name:
                lon, lat = geom["coordinates"][:2]
                places.append([name, str(props.get("place") or ""), float(lat), float(lon),
                               name.casefold() in skip])
    return {"roads": roads, "water": water, "places": places, "attribution": ATTRIBUTION}


def _within(feature: dict, area) -> bool:
    geom = feature.get("geometry") or {}
    coords = geom.get("coordinates") or ()
    if geom.get("type") == "Point":
        coords = [coords]
    elif geom.get("type") == "Polygon":
        coords = coords[0] if coords else ()
        if coords:  # a lake round the whole area has no point inside it
            lons, lats = [c[0] for c in coords], [c[1] for c in coords]
            return not (max(lons) < area[1] or min(lons) > area[3] or max(lats) < area[0] or min(lats) > area[2])
    return _inside(coords, area)


def operating_area(points: Iterable[tuple[float, float]], margin_deg: float = 0.4):
    """(south, west, north, east) round the points (the depots) with a margin; None without points."""
    points = list(points)
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return (min(lats) - margin_deg, min(lons) - 2 * margin_deg, max(lats) + margin_deg, max(lons) + 2 * margin_deg)


def basemap_counts(geojson: dict | None) -> dict:
    """Features of each kind in the stored basemap, as the page's counts().basemap reports them."""
    kinds = [f.get("properties", {}).get("kind") for f in (geojson or {}).get("features", ())]
    return {"roads": kinds.count("road"), "water": kinds.count("water"), "places": kinds.count("place")}


def basemap_js(page: dict | None) -> str:
    """The call that draws (or, with None, clears) the basemap on a page that has basemap_layer.js."""
    return f"window.dispatchBasemap ? window.dispatchBasemap.show({script_json(page)}) : -1"
