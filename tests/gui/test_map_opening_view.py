"""The map opens on the work: fitted to the open outages (plus a margin), not the whole country."""
from __future__ import annotations

import json

import pytest

from console.services import outages

pytestmark = pytest.mark.gui


def _opening_view(window, js, db, qtbot):
    points = [[o.lat, o.lon] for o in outages.list_outages(db, open_only=True)]
    qtbot.waitUntil(lambda: js(window, "dispatchMap.counts().outages") == len(points), timeout=20_000)
    pts = json.dumps(points)
    inside = js(window, f"{pts}.every(function (p) {{ return dispatchMap.map.getBounds().contains(p); }})")
    # How much of the view the outages span in its tighter direction: a whole zoom step too wide
    # leaves them in half of it.
    span = js(window, f"""(function () {{
        var m = dispatchMap.map, b = L.latLngBounds({pts}), size = m.getSize();
        var nw = m.latLngToContainerPoint(b.getNorthWest()), se = m.latLngToContainerPoint(b.getSouthEast());
        return Math.max((se.x - nw.x) / size.x, (se.y - nw.y) / size.y);
    }})()""")
    return inside, span


@pytest.mark.parametrize("which", ["demo", "storm"])
def test_the_map_opens_fitted_to_the_open_outages(which, open_window, demo_database, storm_database, js, qtbot):
    db = demo_database if which == "demo" else storm_database
    window = open_window(db)
    inside, span = _opening_view(window, js, db, qtbot)
    assert inside
    assert span > 0.6, span  # a whole zoom step too wide: under half (the demo 0.57, the storm 0.47)
