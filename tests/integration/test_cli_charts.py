"""`eta chart` and `accuracy --chart` as a user runs them: real PNG and SVG files, and a bad
id, extension or folder refused in one line with nothing written."""
from __future__ import annotations

import json
import os
import stat
import struct

import pytest

from tests.cli_run import run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def demo_url(capsys, sqlite_url):
    assert run(capsys, "demo", "--db", sqlite_url)[0] == 0
    return sqlite_url


def _ankarsrum(capsys, url) -> int:
    _, out, _ = run(capsys, "outages", "list", "--db", url, "--json")
    return next(r["id"] for r in json.loads(out) if "Ankarsrum" in r["title"])


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_MAGIC
    return struct.unpack(">II", head[16:24])


def test_eta_chart_writes_a_real_png_and_svg(capsys, demo_url, tmp_path):
    cut = _ankarsrum(capsys, demo_url)
    png = tmp_path / "ankarsrum.png"
    code, out, err = run(capsys, "eta", "chart", "--outage", str(cut), "--out", str(png), "--db", demo_url)
    assert code == 0, err
    assert "3 promised ETA(s)" in out and str(png) in out
    width, height = _png_size(png)
    assert width >= 1000 and height >= 500 and png.stat().st_size > 20_000
    svg = tmp_path / "ankarsrum.svg"
    code, _, err = run(capsys, "eta", "chart", "--outage", str(cut), "--out", str(svg), "--lang", "en",
                       "--db", demo_url)
    assert code == 0, err
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".chart-")] == []


def test_an_outage_without_promises_still_gets_a_chart(capsys, demo_url, tmp_path):
    _, out, _ = run(capsys, "outages", "list", "--db", demo_url, "--json")
    quiet = next(r["id"] for r in json.loads(out) if r["current_eta"] is None)
    png = tmp_path / "none.png"
    code, out, err = run(capsys, "eta", "chart", "--outage", str(quiet), "--out", str(png), "--db", demo_url)
    assert code == 0, err and "0 promised ETA(s)" in out
    _png_size(png)


@pytest.mark.parametrize("case", ["unknown id", "extension", "no folder", "a folder", "read-only folder"])
def test_bad_input_is_one_line_and_writes_nothing(capsys, demo_url, tmp_path, case):
    cut = _ankarsrum(capsys, demo_url)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = {"unknown id": out_dir / "x.png", "extension": out_dir / "x.pdf", "no folder": out_dir / "nope" / "x.png",
              "a folder": out_dir, "read-only folder": out_dir / "x.svg"}[case]
    outage = "9999" if case == "unknown id" else str(cut)
    if case == "read-only folder":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        out_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, out, err = run(capsys, "eta", "chart", "--outage", outage, "--out", str(target), "--db", demo_url)
    finally:
        out_dir.chmod(0o755)
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0], err
    assert list(out_dir.iterdir()) == []


def test_accuracy_chart_by_cause(capsys, demo_url, tmp_path):
    png = tmp_path / "accuracy.png"
    code, out, err = run(capsys, "accuracy", "--chart", str(png), "--json", "--db", demo_url)
    assert code == 0, err
    assert json.loads(out)["restored"] == 1  # stdout stays the JSON report
    assert "1 restoration(s) in 1 cause(s)" in err
    _png_size(png)
    svg = tmp_path / "accuracy.svg"
    assert run(capsys, "eta", "accuracy", "--chart", str(svg), "--lang", "en", "--db", demo_url)[0] == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
    bad = tmp_path / "accuracy.txt"
    code, out, err = run(capsys, "accuracy", "--chart", str(bad), "--db", demo_url)
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1 and not bad.exists()
