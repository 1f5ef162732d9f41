"""`dispatch-console map export` on the demo database writes a folder that opens offline with everything drawn."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from console.cli import main
from console.services import Db, depots, outages, technicians

from .test_map_page import harness  # noqa: F401 - fixture

pytestmark = pytest.mark.gui


def test_map_export_command_opens_offline(harness, tmp_path, capsys):  # noqa: F811
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["demo", "--db", url]) == 0
    assert main(["map", "export", "--out", str(tmp_path / "map"), "--tiles", "none", "--db", url]) == 0
    assert "map written to" in capsys.readouterr().out
    harness.page.load(QUrl.fromLocalFile(str(tmp_path / "map" / "index.html")))
    harness.wait_ready()
    db = Db.open(url)
    expected = {
        "outages": len(outages.list_outages(db, open_only=True)),
        "technicians": sum(1 for t in technicians.list_technicians(db) if t.lat is not None),
        "depots": len(depots.list_depots(db)),
    }
    assert harness.counts() == expected
    assert harness.interceptor.remote() == [] and harness.page.errors() == []
