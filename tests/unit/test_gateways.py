"""The geodesic provider, the provider chosen by the settings, and place search against a local
server that speaks Nominatim's /search JSON."""
from __future__ import annotations

import numpy as np
import pytest

from console.domain.errors import ValidationError
from console.domain.travel import TravelSettings, estimate
from console.gateways.geodesic import GeodesicProvider
from console.gateways.nominatim import NominatimGeocoder
from console.gateways.osrm import OsrmProvider
from console.gateways.routing import provider_for
from console.services import places
from console.services.settings import coerce
from tests.local_servers import NominatimLike, serving, url_of

ANKARSRUM = (57.698, 16.329)
VASTERVIK = (57.758, 16.637)
KALMAR = (56.661, 16.356)


def test_geodesic_trip_is_the_domain_rule_and_the_matrix_agrees():
    s = TravelSettings(speed_kmh=70)
    g = GeodesicProvider(s)
    trip = g.trip(ANKARSRUM, VASTERVIK)
    assert trip == estimate(*ANKARSRUM, *VASTERVIK, s)
    m = g.matrix([ANKARSRUM, KALMAR], [VASTERVIK])
    assert m.source == "geodesic" and m.estimated and m.minutes.shape == (2, 1)
    assert m.minutes[0, 0] == pytest.approx(trip.minutes, rel=5e-4)
    with pytest.raises(ValidationError):
        g.trip((91, 0), VASTERVIK)


def test_geodesic_matrix_at_storm_scale_is_one_array():
    rng = np.random.default_rng(3)
    techs = np.column_stack([rng.uniform(56.7, 58.4, 5000), rng.uniform(15.6, 16.7, 5000)])
    depots = np.column_stack([rng.uniform(56.7, 58.4, 30), rng.uniform(15.6, 16.7, 30)])
    m = GeodesicProvider().matrix(techs, depots)
    assert m.minutes.shape == (5000, 30) and np.isfinite(m.minutes).all()


def test_the_setting_picks_the_provider_and_a_change_picks_another():
    s = TravelSettings()
    assert isinstance(provider_for(s, ""), GeodesicProvider)
    osrm = provider_for(s, "http://127.0.0.1:5000")
    assert isinstance(osrm, OsrmProvider) and osrm.base_url == "http://127.0.0.1:5000"
    assert provider_for(s, "http://127.0.0.1:5000") is osrm  # its connection pool is kept
    assert provider_for(TravelSettings(speed_kmh=50), "http://127.0.0.1:5000").settings.speed_kmh == 50


@pytest.mark.parametrize("value, stored", [("", ""), ("  ", ""), ("http://localhost:5000/", "http://localhost:5000"),
                                           ("https://osrm.example.se/route", "https://osrm.example.se/route")])
def test_osrm_url_setting_takes_http_urls_or_nothing(value, stored):
    assert coerce("osrm_url", value) == stored


@pytest.mark.parametrize("value", ["ftp://osrm.example", "localhost:5000", "http://", "http://a b",
                                   "http://h:port", "http://h/?x=1", 5000])
def test_osrm_url_setting_refuses_anything_else(value):
    with pytest.raises(ValidationError, match="osrm_url must be an http"):
        coerce("osrm_url", value)


PLACES = {"norrhult": [("Norrhult, Västerviks kommun, Kalmar län, Sverige", 57.7041, 16.342)]}


@pytest.fixture
def nominatim():
    with serving(NominatimLike, places=PLACES) as server:
        host, port = server.server_address
        previous = places.install(NominatimGeocoder(domain=f"{host}:{port}", scheme="http", timeout=2))
        yield server
        places.install(previous)


def test_place_search_asks_nominatim_sweden_first(nominatim):
    found = places.find_places("  Norrhult ")
    assert found == [("Norrhult, Västerviks kommun, Kalmar län, Sverige", 57.7041, 16.342)]
    (path,) = nominatim.requests
    assert path.startswith("/search?") and "countrycodes=se" in path and "limit=6" in path
    assert places.find_places("Atlantis") == []


def test_place_search_failure_is_one_line(nominatim):
    nominatim.mode = "500"
    with pytest.raises(places.PlaceSearchUnavailable, match="could not reach"):
        places.find_places("Norrhult")
    with pytest.raises(ValidationError):
        places.find_places("   ")
    assert url_of(nominatim).startswith("http://127.0.0.1")
