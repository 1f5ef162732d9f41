"""What of the stored basemap goes onto the map page (console/map/basemap.py)."""
from __future__ import annotations

from console.map import basemap


def _road(cls, *points):
    return {"type": "Feature", "properties": {"kind": "road", "class": cls},
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in points]}}


def _place(name, lon, lat):
    return {"type": "Feature", "properties": {"kind": "place", "name": name, "place": "village"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


LAKE = {"type": "Feature", "properties": {"kind": "water"},
        "geometry": {"type": "Polygon", "coordinates": [[[16.0, 57.0], [17.0, 57.0], [17.0, 58.0], [16.0, 57.0]],
                                                        [[16.4, 57.4], [16.5, 57.4], [16.5, 57.5], [16.4, 57.4]]]}}
STORED = {"type": "FeatureCollection", "features": [
    _road("major", (16.3, 57.7), (16.4, 57.75)), _road("minor", (16.31, 57.7), (16.32, 57.71)),
    _road("secondary", (20.0, 65.0), (20.1, 65.1)),  # far north: outside the operator's area
    LAKE, _place("Gamleby", 16.4, 57.89), _place("Norrhult", 16.37, 57.71)]}


def test_flat_lines_by_class_lakes_with_islands_and_names_already_drawn_marked():
    page = basemap.page_basemap(STORED, ["Depå Gamleby"])
    assert page["roads"]["major"] == [[16.3, 57.7, 16.4, 57.75]]
    assert len(page["roads"]["secondary"]) == 1 and len(page["roads"]["minor"]) == 1
    assert [len(rings) for rings in page["water"]] == [2]  # outer ring and the island
    assert [(p[0], p[4]) for p in page["places"]] == [("Gamleby", True), ("Norrhult", False)]
    assert page["attribution"] == "© OpenStreetMap contributors"


def test_cut_to_the_operating_area_round_the_depots():
    area = basemap.operating_area([(57.7584, 16.6373), (57.8933, 16.4060)])
    page = basemap.page_basemap(STORED, (), area)
    assert page["roads"]["secondary"] == []  # the far-north road stays off the page
    assert len(page["roads"]["major"]) == 1 and len(page["water"]) == 1 and len(page["places"]) == 2
    assert basemap.operating_area([]) is None


def test_a_country_sized_region_leaves_the_minor_roads_off(monkeypatch):
    monkeypatch.setattr(basemap, "MAX_PAGE_ROADS", 2)
    page = basemap.page_basemap(STORED)
    assert page["roads"]["minor"] == [] and len(page["roads"]["major"]) == 1


def test_no_region_no_basemap_and_the_call_clears_it():
    assert basemap.page_basemap(None) is None
    assert basemap.basemap_js(None).endswith("show(null) : -1")
