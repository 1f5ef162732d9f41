"""Restock ranking at storm scale, from a real database.

Loads `demo --storm N` into a temporary SQLite file, reads every technician, depot and
material back, and ranks the depots for every technician x material by technician ->
depot -> the technician's site: once with the vectorised rank_all, once with a per-pair
geopy loop (bench_restock_matrix's functions). Then times plan_for_outage, the service
behind `restock --outage ID`, on one storm outage, and counts its SQL statements.

    PYTHONPATH=. python bench/bench_restock_storm.py [N] [--repeat R]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from bench_restock_matrix import run as rank_both_ways  # noqa: E402
from console.domain.restock import MATERIAL_UNITS, default_bill_of_materials, shortage  # noqa: E402
from console.services import Db, demo, restock  # noqa: E402
from console.store.engine import dispose_all  # noqa: E402
from console.startup import wire_gateways  # noqa: E402
from console.store.schema import Assignment, Depot, DepotStock, Outage, Technician, VanStock  # noqa: E402


def arrays_from_db(db: Db):
    """Technician positions, their sites, depot positions, unreserved depot stock and need, as numpy."""
    codes = list(MATERIAL_UNITS)
    col = {c: i for i, c in enumerate(codes)}
    with db.read() as s:
        techs = s.execute(select(Technician.id, Technician.lat, Technician.lon)
                          .where(Technician.on_duty.is_(True), Technician.lat.is_not(None))
                          .order_by(Technician.id)).all()
        depots = s.execute(select(Depot.id, Depot.lat, Depot.lon).order_by(Depot.id)).all()
        jobs = {t: (lat, lon, cause) for t, lat, lon, cause in s.execute(
            select(Assignment.technician_id, Outage.lat, Outage.lon, Outage.cause)
            .join(Outage, Outage.id == Assignment.outage_id).where(Assignment.released_at.is_(None)))}
        vans: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
        for t, code, q, r in s.execute(select(VanStock.technician_id, VanStock.material_code, VanStock.quantity,
                                              VanStock.reserved)):
            vans[t][code] = (int(q), int(r))
        row = {d: i for i, (d, _, _) in enumerate(depots)}
        stock = np.zeros((len(depots), len(codes)), dtype=int)
        for d, code, q, r in s.execute(select(DepotStock.depot_id, DepotStock.material_code, DepotStock.quantity,
                                              DepotStock.reserved)):
            stock[row[d], col[code]] = int(q - r)
    tech_pos = np.array([(lat, lon) for _, lat, lon in techs])
    # A technician without a job ranks depots for a round trip from where they stand.
    site = np.array([jobs[t][:2] if t in jobs else (lat, lon) for t, lat, lon in techs])
    need = np.ones((len(techs), len(codes)), dtype=int)
    for i, (t, _, _) in enumerate(techs):
        if t in jobs:
            for code, q in shortage(default_bill_of_materials(jobs[t][2]), vans[t]).items():
                need[i, col[code]] = q
    depot_pos = np.array([(lat, lon) for _, lat, lon in depots])
    return tech_pos, site, depot_pos, stock, need


def main() -> None:
    wire_gateways()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5, help="runs of plan_for_outage (best and median shown)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Db.open(f"sqlite:///{Path(tmp) / 'storm.sqlite3'}", actor="bench")
        t0 = time.perf_counter()
        summary = demo.load_storm(db, args.n, seed=1)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        arrays = arrays_from_db(db)
        read_s = time.perf_counter() - t0
        r = rank_both_ways(*arrays)

        with db.read() as s:
            outage_id = s.scalar(
                select(Outage.id).join(Assignment, Assignment.outage_id == Outage.id)
                .where(Outage.status == "waiting_for_material", Outage.cause == "excavation_damage",
                       Assignment.released_at.is_(None)).order_by(Outage.id).limit(1)
            )
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
        times, plan = [], None
        for _ in range(args.repeat):
            statements.clear()
            t0 = time.perf_counter()
            plan = restock.plan_for_outage(db, outage_id)
            times.append(time.perf_counter() - t0)
        queries = len(statements)
        dispose_all()

    print(f"storm {summary.outages}: {summary.technicians} technicians, {summary.depots} depots; "
          f"load {load_s:.2f} s, arrays read back from the database in {read_s * 1000:.0f} ms")
    print(f"{r['techs']} technicians x {r['depots']} depots x {r['materials']} materials = {r['rankings']} rankings "
          f"({r['feasible_share']:.0%} with a depot that has enough)")
    for label, seconds in (("vectorised rank_all (best of 5)", r["vectorised_s"]),
                           ("geopy loop, each leg once", r["loop_pairs_s"]),
                           ("geopy loop, per technician x depot x material", r["loop_triples_s"])):
        print(f"  {label:<48}{seconds * 1000:10.1f} ms   x{seconds / r['vectorised_s']:7.0f}")
    print(f"  same best depot as the loop: {r['same_best_depot']:.2%} (pairs), "
          f"{r['same_best_depot_triples']:.2%} (triples)")
    print(f"plan_for_outage(outage {outage_id}): best {min(times) * 1000:.0f} ms, "
          f"median {statistics.median(times) * 1000:.0f} ms over {len(times)} runs, {queries} SQL statements; "
          f"shortage {len(plan.shortage)} item(s), {len(plan.options)} option(s), "
          f"best: {plan.best.source_name if plan.best else '-'}")


if __name__ == "__main__":
    main()
