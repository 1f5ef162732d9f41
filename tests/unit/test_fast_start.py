"""Start-up stays cheap: the parser and the listing commands do not import what they do not use.

Figures live in bench/bench_startup.py; these only guard the imports that made start-up slow.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "numpy", "geopy", "folium", "reportlab", "PySide6", "gpxpy", "http.server",
         "matplotlib")


def _imported_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    probe = (f"import sys, json\n{code}\n"
             f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_building_the_whole_parser_imports_nothing_heavy():
    assert _imported_after("from console.cli import build_parser; build_parser()") == []


def test_settings_set_help_still_lists_the_keys():
    from console.cli import build_parser
    from console.services.settings import SETTING_KEYS

    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions).choices["settings"]
    set_parser = next(a for a in sub._subparsers._group_actions).choices["set"]
    text = " ".join(set_parser.format_help().split())
    assert "keys: " + ", ".join(SETTING_KEYS) in text


def test_listing_outages_needs_neither_alembic_nor_numpy(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    from console.cli import main

    assert main(["--db", url, "demo"]) == 0  # with outages, so every fact of the listing is worked out
    code = ("import contextlib, io\nfrom console.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['--db', {url!r}, 'outages', 'list', '--json']) == 0")
    assert _imported_after(code) == ["sqlalchemy"]


def test_migration_headers_read_fast_agree_with_alembic():
    from console.store import migrate

    assert migrate.file_heads() == {migrate.head_revision()}
