"""Customer register speed on SQLite: import 20,000, re-import them unchanged, resolve an outage of
2,000 customers, `customers list --json`. Prints figures; asserts nothing about time."""
from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from console.cli import main
from console.services import Db, customers, outages

N = 20_000
NODES = 10  # 2,000 customers per node


def _register(path: Path) -> None:
    rng = random.Random(14)
    lines = ["ref,name,address,lat,lon,phone,email,lang,node"]
    for i in range(N):
        lines.append(f"B-{i},Kund {i},Gatan {i % 90 + 1},{57 + rng.random():.6f},{16 + rng.random():.6f},"
                     f"+4670{i:07d},kund{i}@example.se,{'en' if i % 12 == 0 else 'sv'},NOD-{i % NODES}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _timed(what: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{what:<48} {time.perf_counter() - start:7.2f} s")
    return result


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "register.csv"
        _register(csv_path)
        db = Db.open(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", actor="bench")
        outage = outages.add_outage(db, "Bench", 57.5, 16.5, 10, nodes="NOD-3")
        view = _timed(f"import {N:,} customers (read + write)",
                      lambda: customers.import_customers(db, customers.read_customers_file(csv_path)))
        print(f"  added {view.added}, outages re-resolved {view.outages_resolved}")
        view = _timed(f"re-import {N:,} unchanged",
                      lambda: customers.import_customers(db, customers.read_customers_file(csv_path)))
        print(f"  unchanged {view.unchanged}")
        other = outages.add_outage(db, "Bench 2", 57.5, 16.5, 10)
        view = _timed("affect an outage by node (2,000 customers)",
                      lambda: customers.set_affect(db, other.id, nodes="NOD-5"))
        print(f"  tied {view.tied}")
        view = _timed("affect by 20 km radius",
                      lambda: customers.set_affect(db, other.id, radius_km=20.0))
        print(f"  tied {view.tied}")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            _timed_list = time.perf_counter()
            main(["customers", "list", "--json", "--db", db.url])
            took = time.perf_counter() - _timed_list
        print(f"{'customers list --json (20,000 rows)':<48} {took:7.2f} s  ({len(out.getvalue()) // 1024} KiB)")
        print(f"  outage {outage.id} count now {outages.get_outage(db, outage.id).customers_affected}")


if __name__ == "__main__":
    run()
    sys.exit(0)
