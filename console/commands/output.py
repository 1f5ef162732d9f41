"""Printing for commands: JSON for machines, aligned columns for people."""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from console.services.uow import Db


def open_db(args, migrate_now: bool = True) -> Db:
    # Here, not at the top: the parser imports every command module, and only a command
    # that runs should pay for SQLAlchemy.
    from console.services.uow import Db

    return Db.open(args.db, migrate_now=migrate_now)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
