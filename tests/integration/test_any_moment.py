"""The time-sensitive part of the suite passes at every named moment, not only the default one.

Each moment gets its own pytest process (the clock is chosen at start-up from
$DISPATCH_TEST_MOMENT), SQLite only.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.moments import DEFAULT, ENV_VAR, MOMENTS

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# Everything whose outcome depends on the hour, the weekday or a DST change.
TIME_SENSITIVE = [
    "tests/unit",
    "tests/integration/test_restock_service.py",
    "tests/integration/test_handover.py",
    "tests/integration/test_notices_loans.py",
    "tests/integration/test_cli_restock_daylight.py",
    "tests/integration/test_one_truth.py",
    "tests/gui/test_restock_ui.py",
]

# Set in the child runs, so this module never starts runs of itself.
_NESTED = "DISPATCH_ANY_MOMENT_CHILD"


@pytest.mark.skipif(bool(os.environ.get(_NESTED)), reason="already inside a run at one moment")
@pytest.mark.parametrize("name", [m for m in MOMENTS if m != DEFAULT])
def test_the_time_sensitive_suite_passes_at(name):
    env = dict(os.environ, **{ENV_VAR: name, _NESTED: "1"})
    env.pop("DISPATCH_NOW", None)  # the child's conftest sets it from its own moment
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "-k", "not postgresql", "-m", "not slow and not postgres",
         "--ignore", str(Path(__file__).relative_to(REPO)), *TIME_SENSITIVE],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
    assert proc.returncode == 0, f"suite fails at {name} ({MOMENTS[name].isoformat()}):\n{tail}"
    assert " passed" in proc.stdout
