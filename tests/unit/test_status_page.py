"""Public status export: escaping, offline-safe page, valid Atom, JSON, atomic writes."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest

from console.domain.errors import ValidationError
from console.reports import status_page
from console.reports.status_page import (
    ATOM_NS,
    PublicOutage,
    render_atom_feed,
    write_status_export,
)

UTC = timezone.utc
A = "{" + ATOM_NS + "}"
NOW = datetime(2024, 9, 6, 18, 3, tzinfo=UTC)
EVIL = "<script>alert(1)</script>"


def outage(id=4, title="Grävskada Norrhult", status="on_site", **kw):
    fields = dict(
        area="Norrhult & Ankarsrum", cause="excavation_damage", customers_affected=143,
        started_at=datetime(2024, 9, 5, 12, 40, tzinfo=UTC),
        current_eta=datetime(2024, 9, 10, 19, 0, tzinfo=UTC),
        last_update=datetime(2024, 9, 6, 17, 55, tzinfo=UTC),
    )
    fields.update(kw)
    return PublicOutage(id=id, title=title, status=status, **fields)


@pytest.fixture
def exported(tmp_path):
    outages = [
        outage(),
        outage(id=5, title=EVIL, area="Gamleby", status="reported", cause="unknown",
               current_eta=None, started_at=datetime(2024, 9, 6, 9, 0, tzinfo=UTC)),
        outage(id=6, title="Klar sedan i går", status="restored"),
    ]
    result = write_status_export(tmp_path / "public", outages, NOW)
    return tmp_path / "public", result


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    return collector


# --- index.html --------------------------------------------------------------------------

def test_script_title_appears_as_text_in_index(exported):
    folder, _ = exported
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = parse_html(page)
    assert "script" not in [tag for tag, _ in parsed.tags]
    assert EVIL in "".join(parsed.text)


def test_index_has_no_external_references_and_no_javascript(exported):
    folder, _ = exported
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    for tag, attrs in parse_html(page).tags:
        assert tag != "script"
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.lower().startswith(("http:", "https:", "//")), (tag, value)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    csp = [a["content"] for tag, a in parse_html(page).tags
           if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none'")


def test_index_is_swedish_and_shows_open_outages_in_words(exported):
    folder, _ = exported
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert "Norrhult &amp; Ankarsrum" in page
    assert "På plats" in page and "Anmäld" in page             # the board's status words
    assert "tisdag 10 september kl. 21:00" in page           # ETA in local time
    assert "fredag 6 september kl. 19:55" in page              # last update, local
    assert "Ännu inte fastställt" in page                      # no ETA
    assert "Klar sedan i går" not in page                      # restored is not published
    assert "2 pågående driftstörningar" in page


def test_index_in_english(tmp_path):
    write_status_export(tmp_path, [outage()], NOW, operator="Kalmar Fiber", lang="en")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "Tuesday 10 September at 21:00" in page
    assert "On site" in page and "Kalmar Fiber" in page


def test_index_without_open_outages_says_so(tmp_path):
    write_status_export(tmp_path, [outage(status="cancelled")], NOW)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Inga kända driftstörningar just nu." in page
    assert "<table" not in page


def test_passed_eta_is_flagged(tmp_path):
    write_status_export(tmp_path, [outage(current_eta=datetime(2024, 9, 6, 12, 0, tzinfo=UTC))], NOW)
    assert "ny tid meddelas" in (tmp_path / "index.html").read_text(encoding="utf-8")


# --- feed.atom ---------------------------------------------------------------------------

def test_feed_is_atom_and_escapes_the_script_title(exported):
    folder, _ = exported
    raw = (folder / "feed.atom").read_bytes()
    assert b"<script>" not in raw
    root = ET.fromstring(raw)
    assert root.tag == A + "feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(A + required) is not None, required
    assert root.findtext(A + "updated") == "2024-09-06T20:03:00+02:00"
    entries = root.findall(A + "entry")
    assert len(entries) == 2
    titles = [e.findtext(A + "title") for e in entries]
    assert f"Gamleby: {EVIL}" in titles
    for entry in entries:
        assert entry.findtext(A + "id").startswith("urn:uuid:")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.findtext(A + "updated"))
        assert entry.findtext(A + "summary")
    norrhult = next(e for e in entries if e.findtext(A + "title").startswith("Norrhult"))
    assert "tisdag 10 september kl. 21:00" in norrhult.findtext(A + "summary")


def test_feed_ids_are_stable_between_exports_and_distinct_per_outage():
    first = ET.fromstring(render_atom_feed([outage(), outage(id=5)], NOW))
    again = ET.fromstring(render_atom_feed([outage(id=5), outage()], NOW.replace(hour=20)))
    ids = sorted(e.findtext(A + "id") for e in first.findall(A + "entry"))
    assert len(set(ids)) == 2
    assert ids == sorted(e.findtext(A + "id") for e in again.findall(A + "entry"))
    assert first.findtext(A + "id") == again.findtext(A + "id")


def test_control_characters_cannot_break_the_feed(tmp_path):
    write_status_export(tmp_path, [outage(title="Kabel\x01fel\x0b")], NOW)
    root = ET.parse(tmp_path / "feed.atom").getroot()
    assert root.find(A + "entry").findtext(A + "title").endswith("Kabelfel")


# --- status.json -------------------------------------------------------------------------

def test_status_json_is_machine_readable(exported):
    folder, _ = exported
    data = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    assert data["generated_at"] == "2024-09-06T20:03:00+02:00"
    assert [o["id"] for o in data["outages"]] == [4, 5]
    first, second = data["outages"]
    assert first["status"] == "on_site" and first["status_text"] == "På plats"
    assert first["current_eta"] == "2024-09-10T21:00:00+02:00"
    assert datetime.fromisoformat(first["started_at"]).utcoffset() is not None
    assert second["current_eta"] is None and second["title"] == EVIL


# --- writing -----------------------------------------------------------------------------

def test_export_returns_the_paths_and_leaves_no_temp_files(exported):
    folder, result = exported
    assert sorted(p.name for p in folder.iterdir()) == ["feed.atom", "index.html", "status.json"]
    assert result.index_html == folder / "index.html"
    assert result.status_json.exists() and result.feed_atom.exists()
    assert (result.index_html.stat().st_mode & 0o777) == 0o644


def test_reexport_replaces_files_in_place(tmp_path):
    write_status_export(tmp_path, [outage()], NOW)
    write_status_export(tmp_path, [], NOW)
    assert json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))["outages"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.atom", "index.html", "status.json"]


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    write_status_export(tmp_path, [outage()], NOW)
    before = (tmp_path / "index.html").read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(status_page.os, "replace", broken_replace)
    with pytest.raises(ValidationError, match="No space left on device"):
        write_status_export(tmp_path, [], NOW)
    assert (tmp_path / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.atom", "index.html", "status.json"]


def test_bad_input_writes_nothing(tmp_path):
    with pytest.raises(ValidationError, match="unknown language"):
        write_status_export(tmp_path / "out", [outage()], NOW, lang="de")
    assert not (tmp_path / "out").exists()
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(ValidationError, match="is a file"):
        write_status_export(target, [outage()], NOW)


def test_public_outage_validates():
    with pytest.raises(ValidationError, match="unknown status"):
        outage(status="exploded")
    with pytest.raises(ValidationError, match="customers affected"):
        outage(customers_affected=-3)
    assert outage(started_at=datetime(2024, 9, 5, 12, 40)).started_at.tzinfo is UTC
