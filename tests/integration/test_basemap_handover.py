"""The handover's map prints the region's roads and water with the ODbL credit, only with a region."""
from __future__ import annotations

import io
import subprocess

from tests.cli_run import run
from tests.region_fixtures import demo_grid

CREDIT = "© OpenStreetMap contributors"


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _handover(capsys, url, out, lang="en"):
    code, _, err = run(capsys, "handover", "--out", str(out), "--lang", lang, "--db", url)
    assert code == 0, err
    return pdf_text(out)


def test_the_credit_is_printed_with_a_region_and_not_without(capsys, sqlite_url, tmp_path):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    assert CREDIT not in _handover(capsys, sqlite_url, tmp_path / "plain.pdf")
    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    for lang in ("en", "sv"):
        text = _handover(capsys, sqlite_url, tmp_path / f"region-{lang}.pdf", lang)
        assert CREDIT in " ".join(text.split())
    assert run(capsys, "region", "remove", "--db", sqlite_url)[0] == 0
    assert CREDIT not in _handover(capsys, sqlite_url, tmp_path / "again.pdf")


def test_the_map_picture_draws_roads_and_water(sqlite_url, tmp_path, capsys):
    """The same frame with and without a region: the region's road and water colours appear only with it."""
    from PIL import Image

    from console.reports.handover_map import ROAD_STYLE, WATER_FILL, MapText, render_map_png
    from console.services import Db, handover

    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    db = Db.open(sqlite_url, actor="test")
    text = MapText("Legend", {}, "Technician", "Depot", "Customers", "ETA passed")

    def near(pixels, colour, tolerance=6):
        want = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return sum(n for n, rgb in pixels if max(abs(a - b) for a, b in zip(rgb, want)) <= tolerance)

    def picture():
        data = handover.collect_handover(db)
        png = render_map_png(data.map, 800, 600, text, dpi=150)
        return Image.open(io.BytesIO(png)).convert("RGB").getcolors(800 * 600)

    plain = picture()
    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    drawn = picture()
    road = ROAD_STYLE["secondary"][0]  # the grid's tertiary roads are drawn as secondary ones
    # Anti-aliased edges of other things come near these colours too: a few, never thousands.
    assert near(drawn, road) > near(plain, road) + 2000
    assert near(drawn, WATER_FILL) > near(plain, WATER_FILL) + 400  # the lake, under the grid of roads


def test_the_credit_stays_on_the_map_page(capsys, sqlite_url, tmp_path):
    """The longer caption with the credit shrinks the picture; it never spills onto a page of its own."""
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    assert run(capsys, "region", "import", str(demo_grid(tmp_path / "grid.osm.pbf", sqlite_url)),
               "--db", sqlite_url)[0] == 0
    for lang in ("en", "sv"):
        out = tmp_path / f"pages-{lang}.pdf"
        _handover(capsys, sqlite_url, out, lang)
        pages = pdf_text(out).split("\f")
        assert CREDIT in " ".join(pages[0].split())
        assert CREDIT not in " ".join(pages[1].split()) and pages[1].split()
