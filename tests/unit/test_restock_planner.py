from datetime import datetime, time

import numpy as np
import pytest

from console.domain.enums import Cause
from console.domain.errors import ValidationError
from console.domain.restock import (
    MATERIAL_UNITS,
    Cover,
    Depot,
    OpeningHours,
    Van,
    default_bill_of_materials,
    plan_restock,
    rank_all,
    shortage,
    with_lighting,
)
from console.domain.timeutil import LOCAL_TZ
from console.domain.travel import TravelMatrix, estimate_minutes, minutes_matrix

ANKARSRUM = (57.698, 16.329)
NORRHULT_SITE = (57.715, 16.262)  # the cut, west of Ankarsrum
VASTERVIK = (57.758, 16.637)
GAMLEBY = (57.893, 16.408)
VIMMERBY = (57.666, 15.855)
KALMAR = (56.661, 16.356)

# Thursday 2024-09-05, 15:00 local.
THURSDAY_AFTERNOON = datetime(2024, 9, 5, 15, 0, tzinfo=LOCAL_TZ)
WEEKDAYS_7_TO_16 = OpeningHours.from_mapping({d: (time(7), time(16)) for d in range(5)})

NEED = {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 200, "SPLICE_SLEEVE": 96}
VAN = {"SPLICE_CLOSURE": (1, 0), "FIBER_CABLE_M": (300, 0), "SPLICE_SLEEVE": (100, 0)}


def depot(id, name, where, stock, hours=OpeningHours.always()):
    return Depot(id, name, where[0], where[1], stock, hours)


def plan(depots=(), vans=(), need=NEED, van=VAN, tech=ANKARSRUM, site=NORRHULT_SITE, at=THURSDAY_AFTERNOON, **kw):
    return plan_restock(need, van, *tech, *site, at, depots=depots, vans=vans, **kw)


def test_shortage_counts_only_unreserved_stock():
    van = {"SPLICE_CLOSURE": (3, 2), "FIBER_CABLE_M": (50, 0), "ONT": (1, 5)}
    need = {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 40, "ONT": 1, "PATCH_CORD": 2}
    assert shortage(need, van) == {"SPLICE_CLOSURE": 1, "ONT": 1, "PATCH_CORD": 2}
    assert shortage({}, van) == {}


def test_bad_quantities_are_refused():
    with pytest.raises(ValidationError):
        shortage({"ONT": -1}, {})
    with pytest.raises(ValidationError):
        shortage({"ONT": 1.5}, {})
    with pytest.raises(ValidationError):
        shortage({"ONT": 1}, {"ONT": (-2, 0)})


def test_nearest_depot_without_the_material_is_not_first():
    depots = [
        depot(1, "Västervik", VASTERVIK, {"SPLICE_CLOSURE": (0, 0), "FIBER_CABLE_M": (5000, 0)}),
        depot(2, "Vimmerby", VIMMERBY, {"SPLICE_CLOSURE": (4, 0)}),
        depot(3, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (40, 0)}),
    ]
    p = plan(depots)
    assert p.shortage == (Cover("SPLICE_CLOSURE", 1),)
    assert [o.source_name for o in p.options] == ["Vimmerby", "Kalmar"]
    best = p.options[0]
    assert best.complete and best.covers == (Cover("SPLICE_CLOSURE", 1),)
    assert best.minutes_to_source == pytest.approx(estimate_minutes(*ANKARSRUM, *VIMMERBY))
    assert best.minutes_total == pytest.approx(
        estimate_minutes(*ANKARSRUM, *VIMMERBY) + estimate_minutes(*VIMMERBY, *NORRHULT_SITE)
    )
    assert best.minutes_extra == pytest.approx(best.minutes_total - p.minutes_direct)
    assert 25 < best.minutes_to_source < 60  # Ankarsrum-Vimmerby is ~30 km of road
    assert p.estimated and p.travel_source == "geodesic"


def test_reserved_stock_does_not_make_a_source():
    depots = [
        depot(1, "Västervik", VASTERVIK, {"SPLICE_CLOSURE": (3, 3)}),
        depot(2, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (3, 0)}),
    ]
    assert [o.source_name for o in plan(depots).options] == ["Kalmar"]


def test_closed_depot_is_skipped_and_open_around_the_clock_is_not():
    late = datetime(2024, 9, 5, 17, 30, tzinfo=LOCAL_TZ)
    depots = [
        depot(1, "Västervik", VASTERVIK, {"SPLICE_CLOSURE": (5, 0)}, WEEKDAYS_7_TO_16),
        depot(2, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (5, 0)}),
    ]
    p = plan(depots, at=late)
    assert [o.source_name for o in p.options] == ["Kalmar"]
    assert [(s.source_name, s.reason) for s in p.skipped] == [("Västervik", "closed at arrival")]
    # The same depot by day comes first, being nearer.
    assert plan(depots).options[0].source_name == "Västervik"


def test_opening_is_judged_at_arrival_not_at_departure():
    # Leaves 15:35, arrives ~16:05 after the 16:00 closing.
    leaving = datetime(2024, 9, 5, 15, 35, tzinfo=LOCAL_TZ)
    depots = [depot(1, "Vimmerby", VIMMERBY, {"SPLICE_CLOSURE": (5, 0)}, WEEKDAYS_7_TO_16)]
    assert WEEKDAYS_7_TO_16.is_open(leaving)
    assert plan(depots, at=leaving).options == ()


def test_opening_hours_rules():
    hours = OpeningHours.from_mapping({4: (time(22), time(6)), 0: (time(7), time(16))})
    assert hours.is_open(datetime(2024, 9, 6, 23, 0, tzinfo=LOCAL_TZ))  # Friday night
    assert hours.is_open(datetime(2024, 9, 7, 5, 59, tzinfo=LOCAL_TZ))  # into Saturday
    assert not hours.is_open(datetime(2024, 9, 7, 6, 0, tzinfo=LOCAL_TZ))
    assert hours.is_open(datetime(2024, 9, 9, 7, 0, tzinfo=LOCAL_TZ))  # Monday
    assert not hours.is_open(datetime(2024, 9, 9, 16, 0, tzinfo=LOCAL_TZ))
    # UTC input is judged in Stockholm time: 05:30Z is 07:30 local in summer.
    assert hours.is_open(datetime.fromisoformat("2024-09-09T05:30:00+00:00"))
    assert OpeningHours.always().is_open(datetime(2024, 12, 25, 3, 0, tzinfo=LOCAL_TZ))
    with pytest.raises(ValidationError):
        OpeningHours.from_mapping({7: (time(7), time(16))})


def test_complete_options_come_before_nearer_partial_ones():
    need = {"SPLICE_CLOSURE": 2, "SPLICE_SLEEVE": 48}
    depots = [
        depot(1, "Västervik", VASTERVIK, {"SPLICE_CLOSURE": (9, 0)}),
        depot(2, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (9, 0), "SPLICE_SLEEVE": (500, 0)}),
    ]
    p = plan(depots, need=need, van={})
    assert [(o.source_name, o.complete) for o in p.options][:2] == [("Kalmar", True), ("Västervik", False)]
    partial = p.options[1]
    assert partial.covers == (Cover("SPLICE_CLOSURE", 2),)


def test_best_combination_of_two_when_no_single_source_has_everything():
    need = {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 300}
    depots = [
        depot(1, "Västervik", VASTERVIK, {"FIBER_CABLE_M": (1000, 0)}),
        depot(2, "Gamleby", GAMLEBY, {"SPLICE_CLOSURE": (1, 0)}),
        depot(3, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (5, 0)}),
    ]
    vans = [Van(7, "Eva's van", VIMMERBY[0], VIMMERBY[1], {"SPLICE_CLOSURE": (2, 0)})]
    p = plan(depots, vans, need=need, van={})
    combo = p.options[0]
    assert combo.complete and len(combo.legs) == 2
    assert {leg.source_name for leg in combo.legs} == {"Västervik", "Eva's van"}
    assert sorted((c.material, c.quantity) for c in combo.covers) == [("FIBER_CABLE_M", 300), ("SPLICE_CLOSURE", 2)]
    taken = {}
    for leg in combo.legs:
        for c in leg.covers:
            taken[c.material] = taken.get(c.material, 0) + c.quantity
    assert taken == need
    # Cross-check against every ordered pair that covers the need.
    pts = {"Västervik": VASTERVIK, "Gamleby": GAMLEBY, "Kalmar": KALMAR, "Eva's van": VIMMERBY}
    cable = {"Västervik"}
    closures = {"Gamleby": 1, "Kalmar": 5, "Eva's van": 2}
    best = min(
        estimate_minutes(*ANKARSRUM, *pts[a]) + estimate_minutes(*pts[a], *pts[b]) + estimate_minutes(*pts[b], *NORRHULT_SITE)
        for a in pts for b in pts
        if a != b and {a, b} & cable and max(closures.get(a, 0), closures.get(b, 0)) >= 2
    )
    assert combo.minutes_total == pytest.approx(best, rel=1e-3)
    legs_sum = combo.legs[0].minutes + combo.legs[1].minutes + estimate_minutes(
        combo.legs[1].lat, combo.legs[1].lon, *NORRHULT_SITE
    )
    assert combo.minutes_total == pytest.approx(legs_sum, rel=1e-3)
    assert combo.legs[1].arrival > combo.legs[0].arrival
    # Singles are all partial and follow the combination.
    assert all(not o.complete for o in p.options[1:])
    d = combo.as_dict()
    assert d["complete"] is True and len(d["legs"]) == 2 and "+" in d["source_name"]


def test_another_technicians_van_is_a_source_at_its_position():
    vans = [
        Van(5, "Olle", GAMLEBY[0], GAMLEBY[1], {"SPLICE_CLOSURE": (2, 0)}),
        Van(6, "Stina", VASTERVIK[0], VASTERVIK[1], {"SPLICE_CLOSURE": (2, 2)}),  # all reserved
    ]
    p = plan(vans=vans)
    assert len(p.options) == 1
    o = p.options[0]
    assert (o.source_kind, o.source_id, o.source_name) == ("technician", 5, "Olle")
    assert o.as_dict()["source_kind"] == "technician"


def test_nothing_short_means_nothing_to_fetch():
    p = plan([depot(1, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (9, 0)})], van={k: (v, 0) for k, v in NEED.items()})
    assert p.shortage == () and p.options == ()


def test_json_shape_matches_the_cli_contract():
    p = plan([depot(1, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (9, 0)})])
    d = p.options[0].as_dict()
    assert set(d) == {
        "source_kind", "source_id", "source_name", "lat", "lon", "minutes_to_source",
        "minutes_total", "minutes_extra", "covers", "complete",
    }
    assert d["covers"] == [{"material": "SPLICE_CLOSURE", "quantity": 1}]


def test_a_routing_matrix_can_replace_the_estimate():
    calls = []

    def road(src, dst):
        calls.append((len(src), len(dst)))
        m = minutes_matrix(src, dst) * 2
        return TravelMatrix(m, m, False, "osrm")

    depots = [depot(1, "Kalmar", KALMAR, {"SPLICE_CLOSURE": (9, 0)})]
    p = plan(depots, matrix=road)
    assert calls == [(3, 3)]
    assert not p.estimated and p.travel_source == "osrm"
    assert p.options[0].minutes_total == pytest.approx(2 * plan(depots).options[0].minutes_total)


@pytest.mark.parametrize("cause", list(Cause))
def test_default_bill_of_materials_uses_known_codes(cause):
    bom = default_bill_of_materials(cause)
    assert set(bom) <= set(MATERIAL_UNITS)
    assert all(isinstance(q, int) and q > 0 for q in bom.values())


def test_default_bill_of_materials_by_name_and_copy():
    bom = default_bill_of_materials("excavation_damage")
    assert bom["SPLICE_CLOSURE"] >= 2 and bom["FIBER_CABLE_M"] > 0
    bom["ONT"] = 5
    assert "ONT" not in default_bill_of_materials(Cause.EXCAVATION_DAMAGE)
    with pytest.raises(ValidationError):
        default_bill_of_materials("meteor")


def test_darkness_adds_a_lighting_kit():
    assert with_lighting({"ONT": 1}, dark=True) == {"ONT": 1, "LIGHTING_KIT": 1}
    assert with_lighting({"ONT": 1}, dark=False) == {"ONT": 1}
    assert shortage(with_lighting({}, True), {"LIGHTING_KIT": (0, 0)}) == {"LIGHTING_KIT": 1}


def test_rank_all_agrees_with_a_plain_loop():
    rng = np.random.default_rng(3)
    techs = np.column_stack([rng.uniform(56.2, 58.8, 12), rng.uniform(14.5, 17.0, 12)])
    sites = np.column_stack([rng.uniform(56.2, 58.8, 12), rng.uniform(14.5, 17.0, 12)])
    deps = np.column_stack([rng.uniform(56.2, 58.8, 6), rng.uniform(14.5, 17.0, 6)])
    stock = rng.integers(0, 4, size=(6, 3))
    need = rng.integers(1, 3, size=(12, 3))
    open_ = np.array([True, True, False, True, True, True])
    r = rank_all(techs, deps, stock, need=need, site_latlon=sites, depot_open=open_)
    assert r.order.shape == (12, 3, 6) and r.feasible.shape == (12, 3)
    for i in range(12):
        for k in range(3):
            ok = [j for j in range(6) if stock[j, k] >= need[i, k] and open_[j]]
            cost = {j: estimate_minutes(*techs[i], *deps[j]) + estimate_minutes(*deps[j], *sites[i]) for j in ok}
            expected = sorted(ok, key=cost.get)
            assert r.feasible[i, k] == len(ok)
            assert list(r.order[i, k, : len(ok)]) == expected
            assert r.best(i, k) == (expected[0] if expected else None)
    assert r.minutes[0, 0] == pytest.approx(estimate_minutes(*techs[0], *deps[0]), rel=5e-4)


def test_rank_all_without_sites_ranks_by_distance_to_the_depot():
    techs = np.array([ANKARSRUM])
    deps = np.array([KALMAR, VASTERVIK, VIMMERBY])
    stock = np.array([[5], [0], [5]])
    r = rank_all(techs, deps, stock)
    assert r.feasible[0, 0] == 2 and list(r.order[0, 0, :2]) == [2, 0]
    with pytest.raises(ValidationError):
        rank_all(techs, deps, np.array([[1, 2]]))
