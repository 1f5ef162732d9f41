import numpy as np
import pytest
from geopy.distance import geodesic

from console.domain.errors import ValidationError
from console.domain.travel import (
    TravelSettings,
    estimate,
    estimate_minutes,
    geodesic_km_matrix,
    minutes_matrix,
    travel_matrix,
)

ANKARSRUM = (57.698, 16.329)
VASTERVIK = (57.758, 16.637)
GAMLEBY = (57.893, 16.408)
VIMMERBY = (57.666, 15.855)
KALMAR = (56.661, 16.356)
PLACES = [ANKARSRUM, VASTERVIK, GAMLEBY, VIMMERBY, KALMAR]


def test_ankarsrum_to_vastervik_is_plausible_for_the_road():
    # By road it is about 27 km and 25 minutes.
    est = estimate(*ANKARSRUM, *VASTERVIK)
    assert 20 <= est.minutes <= 35
    assert 22 <= est.km <= 32
    assert est.estimated is True and est.source == "geodesic"


def test_estimate_minutes_follows_the_settings():
    slow = TravelSettings(speed_kmh=30, stop_minutes=0)
    fast = TravelSettings(speed_kmh=90, stop_minutes=0)
    assert estimate_minutes(*ANKARSRUM, *KALMAR, slow) == pytest.approx(
        3 * estimate_minutes(*ANKARSRUM, *KALMAR, fast)
    )
    straight_km = geodesic(ANKARSRUM, KALMAR).km
    s = TravelSettings(circuity=1.4, speed_kmh=70, stop_minutes=8)
    assert estimate_minutes(*ANKARSRUM, *KALMAR, s) == pytest.approx(8 + straight_km * 1.4 / 70 * 60)


def test_being_there_costs_nothing():
    assert estimate_minutes(*GAMLEBY, *GAMLEBY) == 0.0
    assert minutes_matrix([GAMLEBY], [GAMLEBY])[0, 0] == 0.0


def test_matrix_matches_geopy_within_half_a_permille():
    rng = np.random.default_rng(7)
    pts = np.column_stack([rng.uniform(55.3, 69.0, 40), rng.uniform(11.0, 24.0, 40)])
    pts = np.vstack([pts, PLACES, np.array(ANKARSRUM) + 0.001])  # include a ~100 m hop
    km = geodesic_km_matrix(pts, pts)
    for i in range(len(pts)):
        for j in range(len(pts)):
            exact = geodesic(pts[i], pts[j]).km
            if i == j:
                assert km[i, j] == 0.0
            else:
                assert km[i, j] == pytest.approx(exact, rel=5e-4)


def test_minutes_matrix_agrees_with_the_single_estimate_and_has_shape_n_by_m():
    src = np.array([ANKARSRUM, GAMLEBY])
    dst = np.array([VASTERVIK, VIMMERBY, KALMAR])
    m = minutes_matrix(src, dst)
    assert m.shape == (2, 3)
    for i, a in enumerate(src):
        for j, b in enumerate(dst):
            assert m[i, j] == pytest.approx(estimate_minutes(*a, *b), rel=5e-4)
    tm = travel_matrix(src, dst)
    assert tm.estimated and tm.source == "geodesic"
    assert tm.km[0, 0] == pytest.approx(estimate(*ANKARSRUM, *VASTERVIK).km, rel=5e-4)


def test_farther_is_longer():
    m = minutes_matrix([ANKARSRUM], [VASTERVIK, KALMAR])
    assert m[0, 0] < m[0, 1]


@pytest.mark.parametrize(
    "kwargs", [{"circuity": 0.9}, {"speed_kmh": 0}, {"stop_minutes": -1}, {"arrived_km": -0.1}]
)
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(ValidationError):
        TravelSettings(**kwargs)


def test_bad_coordinates_are_refused():
    with pytest.raises(ValidationError):
        estimate(95.0, 16.0, 57.0, 16.0)
    with pytest.raises(ValidationError):
        minutes_matrix(np.array([[57.0, 16.0, 1.0]]), np.array([[57.0, 16.0]]))
    with pytest.raises(ValidationError):
        minutes_matrix(np.array([[np.nan, 16.0]]), np.array([[57.0, 16.0]]))
