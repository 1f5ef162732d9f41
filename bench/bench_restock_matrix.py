"""Storm-scale depot ranking: the vectorised matrix path against a per-pair geopy loop.

Ranks, for every technician and every material, the depots that hold enough unreserved
stock by technician -> depot -> the technician's site. Synthetic storm data by default
(seeded), spread over south-east Sweden; run() takes plain arrays so real data can be fed in.

    PYTHONPATH=. python bench/bench_restock_matrix.py [--techs 333] [--depots 30] [--materials 8] [--sites 5000]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from geopy.distance import geodesic

from console.domain.restock import MATERIAL_UNITS, rank_all
from console.domain.travel import DEFAULT_TRAVEL, leg_minutes

LAT = (56.2, 58.8)
LON = (14.5, 17.0)


def storm(techs: int, depots: int, materials: int, sites: int, seed: int):
    rng = np.random.default_rng(seed)

    def points(n):
        return np.column_stack([rng.uniform(*LAT, n), rng.uniform(*LON, n)])

    tech_pos = points(techs)
    outages = points(sites)
    # Each technician works the outage nearest to them, as a dispatcher would send them.
    d2 = ((tech_pos[:, None, :] - outages[None, :, :]) ** 2).sum(axis=2)
    tech_site = outages[d2.argmin(axis=1)]
    depot_pos = points(depots)
    stock = rng.integers(0, 20, size=(depots, materials))
    stock[rng.random((depots, materials)) < 0.35] = 0  # storms empty shelves
    need = rng.integers(1, 4, size=(techs, materials))
    return tech_pos, tech_site, depot_pos, stock, need


def loop_rank(tech_pos, tech_site, depot_pos, stock, need, cache_pairs: bool):
    """The straightforward way: geopy per pair, Python sort per technician and material."""
    s = DEFAULT_TRAVEL

    def minutes(a, b):
        return leg_minutes(geodesic(a, b).km * s.circuity, s)

    n, m, k = len(tech_pos), len(depot_pos), stock.shape[1]
    if cache_pairs:
        to_depot = [[minutes(tech_pos[i], depot_pos[j]) for j in range(m)] for i in range(n)]
        to_site = [[minutes(depot_pos[j], tech_site[i]) for j in range(m)] for i in range(n)]
    best = np.full((n, k), -1)
    for i in range(n):
        for mat in range(k):
            costs = []
            for j in range(m):
                if stock[j, mat] < need[i, mat]:
                    continue
                if cache_pairs:
                    cost = to_depot[i][j] + to_site[i][j]
                else:
                    cost = minutes(tech_pos[i], depot_pos[j]) + minutes(depot_pos[j], tech_site[i])
                costs.append((cost, j))
            costs.sort()
            if costs:
                best[i, mat] = costs[0][1]
    return best


def timed(fn, repeat=1):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def run(tech_pos, tech_site, depot_pos, stock, need) -> dict:
    n, m, k = len(tech_pos), len(depot_pos), stock.shape[1]
    t_vec, ranking = timed(lambda: rank_all(tech_pos, depot_pos, stock, need=need, site_latlon=tech_site), repeat=5)
    vec_best = np.where(ranking.feasible > 0, ranking.order[:, :, 0], -1)
    t_pair, pair_best = timed(lambda: loop_rank(tech_pos, tech_site, depot_pos, stock, need, cache_pairs=True))
    t_triple, triple_best = timed(lambda: loop_rank(tech_pos, tech_site, depot_pos, stock, need, cache_pairs=False))
    return {
        "techs": n, "depots": m, "materials": k, "rankings": n * k,
        "vectorised_s": t_vec, "loop_pairs_s": t_pair, "loop_triples_s": t_triple,
        "same_best_depot": float((vec_best == pair_best).mean()),
        "same_best_depot_triples": float((vec_best == triple_best).mean()),
        "feasible_share": float((ranking.feasible > 0).mean()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--techs", type=int, default=333)
    ap.add_argument("--depots", type=int, default=30)
    ap.add_argument("--materials", type=int, default=len(MATERIAL_UNITS))
    ap.add_argument("--sites", type=int, default=5000, help="storm outages the technicians are sent to")
    ap.add_argument("--seed", type=int, default=20240905)
    a = ap.parse_args()
    r = run(*storm(a.techs, a.depots, a.materials, a.sites, a.seed))
    print(f"{r['techs']} technicians x {r['depots']} depots x {r['materials']} materials "
          f"= {r['rankings']} rankings ({r['feasible_share']:.0%} with a feasible depot)")
    rows = [
        ("vectorised rank_all (best of 5)", r["vectorised_s"]),
        ("geopy loop, each leg once", r["loop_pairs_s"]),
        ("geopy loop, per technician x depot x material", r["loop_triples_s"]),
    ]
    for label, seconds in rows:
        print(f"{label:<48}{seconds * 1000:10.1f} ms   x{seconds / r['vectorised_s']:7.0f}")
    print(f"same best depot as the loop: {r['same_best_depot']:.2%} (pairs), {r['same_best_depot_triples']:.2%} (triples)")


if __name__ == "__main__":
    main()
