"""A phone's 1,000-fix backlog sent back to back over HTTP into a fresh demo database.

Prints fixes per second, the status codes answered (no 429 expected) and the fixes stored, for a
registered phone, the same backlog again (all duplicates) and an unlinked phone.
Run: python bench/bench_backlog.py [--fixes N]
"""
from __future__ import annotations

import argparse
import http.client
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from console.domain.timeutil import utcnow
from console.feeds.receiver import PositionReceiver
from console.feeds.sink import service_sink
from console.services import demo
from console.services.uow import Db
from console.store.schema import PositionFix, UnregisteredFix


def backlog(device: str, count: int) -> list[dict]:
    end = utcnow().replace(microsecond=0)
    return [{"id": device, "lat": f"{57.60 + i * 0.0001:.5f}", "lon": f"{16.30 + i * 0.0001:.5f}",
             "timestamp": str(int((end - timedelta(minutes=count - 1 - i)).timestamp()))} for i in range(count)]


def replay(address, queries) -> tuple[float, Counter]:
    conn = http.client.HTTPConnection(*address, timeout=30)
    statuses: Counter = Counter()
    start = time.perf_counter()
    try:
        for query in queries:
            conn.request("POST", "/?" + urlencode(query))
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
    finally:
        conn.close()
    return time.perf_counter() - start, statuses


def count(db: Db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixes", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Db.open(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", actor="bench")
        demo.load_demo(db)
        rx = PositionReceiver(service_sink(db), bind=("127.0.0.1", 0))
        thread = threading.Thread(target=rx.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            fixes = backlog("tc-sara", args.fixes)
            for label, queries, model in (("registered phone", fixes, PositionFix),
                                          ("same backlog again", fixes, PositionFix),
                                          ("unlinked phone", backlog("bench-unknown", args.fixes), UnregisteredFix)):
                before = count(db, model)
                seconds, statuses = replay(rx.server_address, queries)
                stored = count(db, model) - before
                codes = ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items()))
                print(f"{label:20} {len(queries)} fixes in {seconds:.2f} s = {len(queries) / seconds:,.0f} fixes/s; "
                      f"answers {codes}; stored {stored}; 429s {statuses.get(429, 0)}")
        finally:
            rx.shutdown()
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
