"""The map page as built HTML: local assets only, data embedded safely, features checked."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from console.domain.errors import ValidationError
from console.map import (
    DepotPoint,
    OutagePoint,
    TechnicianPoint,
    TileSource,
    build_page,
    copy_assets,
    export_map,
    js_call,
    list_assets,
    map_data,
    write_page,
)
from console.map.builder import MBTILES_URL, OSM_URL, QWEBCHANNEL_JS

PROBE = "<img src=x onerror=alert(1)>"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.csp: str | None = None
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = attrs["content"]
        if tag == "script":
            self._script, self._text = attrs, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    return parser


def embedded(page: str, element_id: str):
    blocks = [text for attrs, text in parse(page).scripts if attrs.get("id") == element_id]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def css_urls(text: str) -> list[str]:
    return [u.strip("'\" ") for u in re.findall(r"url\(([^)]*)\)", text)]


def remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.IGNORECASE))


def sample_data(title: str = "Fiber cut Norrhult") -> dict:
    return map_data(
        outages=[
            OutagePoint(1, title, 57.61, 16.05, "waiting_for_material", 140,
                        "2024-09-17T21:00+02:00", overdue=True, dark=True),
            OutagePoint(2, "Cable fault Ankarsrum", 57.70, 16.33, "reported", 12),
        ],
        technicians=[
            TechnicianPoint(10, "Anna Berg", 57.60, 16.10, "2024-09-12T15:05+02:00", "on_site", 1, 57.61, 16.05),
            TechnicianPoint(11, "Johan Ek", None, None, None, "available"),
        ],
        depots=[DepotPoint(20, "Västervik depot", 57.757, 16.637)],
    )


@pytest.mark.parametrize("tiles", ["none", "osm", "mbtiles:/srv/maps/kalmar.mbtiles"])
def test_page_requests_nothing_remote_but_the_tile_template(tiles):
    page = build_page(sample_data(), tiles)
    parser = parse(page)
    inline_css = "".join(re.findall(r"<style>(.*?)</style>", page, re.DOTALL))
    urls = parser.urls + css_urls(inline_css)
    assert urls, "the page should load its local assets"
    assert [u for u in urls if remote(u)] == []
    # Besides the policy that allows it, the only absolute URL is the tile template (if any).
    without_policy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    absolute = set(re.findall(r"(?:https?|mbtiles)://[^\s\"'<>]+", without_policy))
    expected = {"osm": {OSM_URL}, "none": set(), "mbtiles:/srv/maps/kalmar.mbtiles": {MBTILES_URL}}[tiles]
    assert absolute == expected


def test_local_stylesheets_reference_only_local_files():
    for asset in list_assets():
        if asset.is_stylesheet:
            for url in css_urls(asset.source.read_text(encoding="utf-8")):
                assert not remote(url), f"{asset.target} refers to {url}"
                # "#default#VML" is an old IE behaviour reference, not a file.
                if not url.startswith(("data:", "#")):
                    target = (Path(asset.target).parent / url).as_posix()
                    assert target in {a.target for a in list_assets()}, f"{url} is not shipped"


def test_scripts_load_from_assets_and_folium_cdn_links_are_gone():
    page = build_page(sample_data(), "none")
    srcs = [attrs["src"] for attrs, _ in parse(page).scripts if "src" in attrs]
    assert srcs == ["assets/leaflet/leaflet.js", "assets/dispatch_map.js", "assets/basemap_layer.js"]
    for cdn in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "cdn."):
        assert cdn not in page


def test_qwebchannel_is_loaded_only_for_qt():
    assert QWEBCHANNEL_JS not in build_page(None, "none")
    qt_page = build_page(None, "none", for_qt=True)
    srcs = [attrs.get("src") for attrs, _ in parse(qt_page).scripts]
    assert srcs[-1] == QWEBCHANNEL_JS or QWEBCHANNEL_JS in srcs
    assert embedded(qt_page, "dispatch-map-config")["forQt"] is True


def test_content_security_policy_allows_only_local_files_and_the_tile_host():
    csp = parse(build_page(sample_data(), "osm")).csp
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert "https://tile.openstreetmap.org" in directives["img-src"].split()
    for name in ("script-src", "style-src", "font-src"):
        assert not any(remote(s) or s.startswith("http") for s in directives[name].split())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "https:" not in parse(build_page(sample_data(), "none")).csp


def test_every_inline_script_carries_the_nonce_and_data_blocks_are_inert():
    page = build_page(sample_data(PROBE), "none")
    csp = parse(page).csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for attrs, text in parse(page).scripts:
        if attrs.get("type") == "application/json":
            continue
        assert attrs.get("nonce") == nonce
    assert build_page(None, "none") != build_page(None, "none"), "a fresh nonce per page"


def test_titles_are_embedded_as_escaped_json_only():
    page = build_page(sample_data(PROBE), "none")
    assert "<img src=x" not in page
    data = embedded(page, "dispatch-map-data")
    assert data["outages"][0]["title"] == PROBE


def test_a_title_cannot_close_the_script_element():
    breaker = "</script><script>alert(1)</script><!--"
    page = build_page(sample_data(breaker), "none")
    assert page.count("</script>") == build_page(sample_data("plain"), "none").count("</script>")
    assert "<!--" not in page.split('id="dispatch-map-data">', 1)[1]
    assert embedded(page, "dispatch-map-data")["outages"][0]["title"] == breaker


def test_data_is_never_evaluated_as_a_template():
    page = build_page(sample_data("{{ 7*7 }} {% if true %}x{% endif %}"), "none")
    assert embedded(page, "dispatch-map-data")["outages"][0]["title"] == "{{ 7*7 }} {% if true %}x{% endif %}"


def test_embedded_feature_counts_match_the_data():
    data = sample_data()
    embedded_data = embedded(build_page(data, "none"), "dispatch-map-data")
    assert {k: len(v) for k, v in embedded_data.items()} == {"outages": 2, "technicians": 2, "depots": 1}
    assert embedded_data == data


def test_features_carry_times_with_the_stockholm_offset():
    data = sample_data()
    assert data["outages"][0]["eta"] == "2024-09-17T21:00:00+02:00"
    assert data["outages"][1]["eta"] is None
    winter = map_data(outages=[OutagePoint(1, "t", 57.0, 16.0, "reported", 1,
                                           datetime(2024, 12, 1, 12, 0, tzinfo=UTC))])
    assert winter["outages"][0]["eta"] == "2024-12-01T13:00:00+01:00"
    naive_local = map_data(outages=[OutagePoint(1, "t", 57.0, 16.0, "reported", 1, "2024-09-17T21:00")])
    assert naive_local["outages"][0]["eta"] == "2024-09-17T21:00:00+02:00"


def test_features_accept_mappings_and_read_models():
    @dataclass(frozen=True)
    class OutageView:  # the shape services return, with the JSON-contract names
        id: int
        title: str
        lat: float
        lon: float
        status: str
        customers_affected: int
        current_eta: datetime | None

    data = map_data(
        outages=[OutageView(5, "x", 57.0, 16.0, "ON_SITE", 30, None)],
        technicians=[{"id": 1, "name": "Eva", "lat": 57.1, "lon": 16.1, "fix_at": None, "status": "en-route"}],
        depots=[{"id": "D1", "name": "Kalmar", "lat": 56.66, "lon": 16.36}],
    )
    assert data["outages"][0]["customers"] == 30
    assert data["outages"][0]["status"] == "on_site"
    assert data["technicians"][0]["status"] == "en_route"
    assert data["technicians"][0]["outage_id"] is None
    assert data["depots"][0]["id"] == "D1"


@pytest.mark.parametrize(
    "outage, message",
    [
        ({"id": 1, "lat": 91, "lon": 16, "status": "reported", "customers": 1}, "latitude"),
        ({"id": 1, "lat": 57, "lon": 16, "status": "broken", "customers": 1}, "unknown outage status"),
        ({"id": 1, "lat": 57, "lon": 16, "status": "reported", "customers": -3}, "customers"),
        ({"id": 1, "lat": 57, "lon": 16, "status": "reported", "customers": 1, "eta": "soon"}, "malformed ETA"),
        ({"lat": 57, "lon": 16, "status": "reported", "customers": 1}, "missing 'id'"),
        ({"id": 1, "title": 5, "lat": 57, "lon": 16, "status": "reported"}, "title must be text"),
    ],
)
def test_bad_features_raise_one_clear_error(outage, message):
    with pytest.raises(ValidationError, match=message):
        map_data(outages=[outage])


def test_duplicate_ids_and_unknown_keys_are_rejected():
    with pytest.raises(ValidationError, match="appears twice"):
        map_data(depots=[DepotPoint(1, "a", 57, 16), DepotPoint(1, "b", 57, 16)])
    with pytest.raises(ValidationError, match="unknown map data key"):
        build_page({"outages": [], "vans": []}, "none")


def test_tile_sources():
    assert TileSource.parse("osm").url == OSM_URL
    assert TileSource.parse("osm").attribution == "© OpenStreetMap contributors"
    assert TileSource.parse("none").url is None
    mb = TileSource.parse("mbtiles:/data/kalmar.mbtiles")
    assert (mb.kind, mb.url, mb.path, mb.origin) == ("mbtiles", MBTILES_URL, "/data/kalmar.mbtiles", "mbtiles://tiles")
    for bad in ("google", "mbtiles:", ""):
        with pytest.raises(ValidationError):
            TileSource.parse(bad)


def test_js_call_is_safe_to_run():
    source = js_call("upsertOutages", [{"id": 1, "title": "</script>\u2028"}])
    assert source.startswith("window.dispatchMap.upsertOutages([")
    assert "</script>" not in source and "\u2028" not in source
    with pytest.raises(ValidationError):
        js_call("setData); alert(1", {})
    with pytest.raises(ValidationError):
        js_call("movePositions", [{"lat": float("nan")}])


def test_copy_assets_is_complete_and_idempotent(tmp_path):
    written = copy_assets(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {a.target for a in list_assets()}
    assert (tmp_path / "assets/leaflet/images/layers.png").is_file()
    stamps = {p: p.stat().st_mtime_ns for p in written}
    copy_assets(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in written} == stamps


def test_write_page_writes_nothing_when_data_is_bad(tmp_path):
    out = tmp_path / "map"
    with pytest.raises(ValidationError):
        write_page(out, {"outages": [{"id": 1, "lat": 100, "lon": 0, "status": "reported"}]}, "none")
    assert not out.exists()
    index = write_page(out, sample_data(), "none")
    assert index == out / "index.html"
    for url in parse(index.read_text(encoding="utf-8")).urls:
        assert (out / url).is_file()


def test_export_with_mbtiles_falls_back_to_plain_background(tmp_path):
    index = export_map(tmp_path / "exp", sample_data(), "mbtiles:/maps/kalmar.mbtiles")
    page = index.read_text(encoding="utf-8")
    assert MBTILES_URL not in page
    assert embedded(page, "dispatch-map-config")["tiles"] == "none"
    assert "kalmar.mbtiles" in (tmp_path / "exp" / "NOTE.txt").read_text(encoding="utf-8")
    export_map(tmp_path / "exp", sample_data(), "osm")
    assert OSM_URL in index.read_text(encoding="utf-8")
    assert not (tmp_path / "exp" / "NOTE.txt").exists()


def test_export_into_a_file_path_is_refused(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ValidationError, match="not a folder"):
        export_map(target, sample_data(), "none")
