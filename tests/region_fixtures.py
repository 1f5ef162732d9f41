"""A road grid over the demo's area (every technician, depot and outage has a road near it), for
the tests that need a region loaded under the demo scenario."""
from __future__ import annotations

from pathlib import Path

from tests.osm_extracts import write_extract

LAKE = (57.75, 16.45)  # between Ankarsrum, Gamleby and Västervik: inside the handover's frame


def demo_box(url: str) -> tuple[float, float, float, float]:
    """south, west, north, east around the demo's technicians, depots and outages."""
    from sqlalchemy import func, select

    from console.services import Db
    from console.store.schema import Depot, Outage, Technician

    with Db.open(url, actor="test").read() as session:
        boxes = [session.execute(select(func.min(t.lat), func.min(t.lon), func.max(t.lat), func.max(t.lon))).one()
                 for t in (Technician, Depot, Outage)]
    return (min(b[0] for b in boxes) - 0.05, min(b[1] for b in boxes) - 0.05,
            max(b[2] for b in boxes) + 0.05, max(b[3] for b in boxes) + 0.05)


def demo_grid(path: Path, url: str, step_deg: float = 0.02) -> Path:
    """Tertiary roads (maxspeed 60) every step_deg over the demo box, one lake, two place names."""
    south, west, north, east = demo_box(url)
    rows = int(round((north - south) / step_deg)) + 1
    cols = int(round((east - west) / step_deg * 1.8)) + 1  # about square cells at 57° N
    nodes = {r * cols + c + 1: (south + r * step_deg, west + c * (east - west) / (cols - 1))
             for r in range(rows) for c in range(cols)}
    tags = {"highway": "tertiary", "maxspeed": "60"}
    ways = [([r * cols + c + 1 for c in range(cols)], tags) for r in range(rows)]
    ways += [([r * cols + c + 1 for r in range(rows)], tags) for c in range(cols)]
    first = len(nodes) + 1
    ring = [(LAKE[0] + 0.04 * dy, LAKE[1] + 0.07 * dx) for dy, dx in ((-1, -1), (-1, 1), (1, 1), (1, -1))]
    nodes.update({first + i: p for i, p in enumerate(ring)})
    ways.append(([first, first + 1, first + 2, first + 3, first], {"natural": "water"}))
    places = [("Sjöstad", "town", LAKE[0] + 0.03, LAKE[1]), ("Åby", "village", LAKE[0] - 0.04, LAKE[1] - 0.1)]
    return write_extract(path, nodes, ways, places)
