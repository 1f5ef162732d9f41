"""The region's basemap on the window's map (tiles off) and the road mark in the ETA suggestion."""
from __future__ import annotations

import pytest

from console.services import outages, region
from tests.region_fixtures import demo_grid

ANKARSRUM = 1


@pytest.fixture
def region_database(demo_database, tmp_path):
    region.import_region(demo_database, demo_grid(tmp_path / "grid.osm.pbf", demo_database.url))
    return demo_database


def test_the_basemap_is_drawn_under_the_outages_and_counted(open_window, region_database, js, qtbot):
    window = open_window(region_database, tiles="none")
    stored = region.show_region(region_database)
    expected = {"roads": stored.roads, "water": stored.water, "places": stored.places}
    assert expected["roads"] > 0 and expected["water"] == 1 and expected["places"] == 2
    # The window's own record of what the page drew, and the page asked directly.
    assert window.map_counts()["basemap"] == expected
    assert js(window, "window.dispatchMap.counts().basemap") == expected
    drawn = js(window, "window.dispatchBasemap.drawn()")
    assert drawn["on"] and "major" in drawn["classes"]
    # Under the outages: in the tile pane, below the overlay pane that holds the outage canvas.
    assert js(window, "!!document.querySelector('.leaflet-tile-pane .dm-basemap canvas')")
    assert js(window, "document.querySelector('.leaflet-overlay-pane canvas') !== null")
    assert window.map_counts()["outages"] == len([o for o in outages.list_outages(region_database) if o.is_open])


def test_without_a_region_the_page_has_no_basemap(open_window, demo_database, js):
    window = open_window(demo_database, tiles="none")
    assert "basemap" not in window.map_counts()
    assert js(window, "window.dispatchBasemap.counts()") == {"roads": 0, "water": 0, "places": 0}
    assert not js(window, "window.dispatchBasemap.drawn().on")


def _suggestion_text(window, qtbot):
    from console.ui.dialogs import EtaDialog

    dialog = EtaDialog(window, outages.get_outage(window.db, ANKARSRUM))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.advice.view is not None, timeout=20_000)
    return dialog.advice.view, dialog.advice.parts.text()


def test_eta_suggestion_in_the_window_says_road_times_with_a_region(open_window, region_database, qtbot):
    from console.ui.labels import travel_source_label

    window = open_window(region_database)
    view, text = _suggestion_text(window, qtbot)
    assert view.travel_source == "road" and not view.estimated
    assert travel_source_label("road", False) in text and "straight-line" not in text


def test_eta_suggestion_in_the_window_without_a_region_is_unchanged(open_window, demo_database, qtbot):
    from console.ui.labels import travel_source_label

    window = open_window(demo_database)
    view, text = _suggestion_text(window, qtbot)
    assert view.travel_source == "geodesic"
    assert travel_source_label("geodesic", True) in text and "by road" not in text


def test_restock_and_assign_dialogs_mark_road_times(open_window, region_database, qtbot):
    from console.ui.dialogs import AssignDialog
    from console.ui.labels import travel_source_label

    window = open_window(region_database)
    road = travel_source_label("road", False)
    assert window.select_outage(ANKARSRUM)
    window.commands.restock.trigger()
    dialog = window.commands.restock_dialog
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=20_000)
    plan = dialog.context.plan
    assert plan.travel_source == "road" and not plan.estimated
    assert road in dialog.notes.text()
    first = dialog.options.topLevelItem(0)
    assert all(first.toolTip(col) == road for col in (3, 4, 5))
    dialog.close()

    assign = AssignDialog(window, outages.get_outage(region_database, ANKARSRUM))
    qtbot.addWidget(assign)
    qtbot.waitUntil(lambda: road in assign.note.text(), timeout=20_000)
