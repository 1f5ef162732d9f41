"""How long `dispatch-console` takes to start, as a user sees it: wall time of a fresh process.

Run:  python bench/bench_startup.py [--runs 7] [--no-window]

Timed (median, min and max of --runs fresh processes, after one untimed warm-up so the
figures are about import and start-up work, not a cold disk cache):
  --version               argparse only: should never pay for the database or Qt
  --help                  the whole parser, every sub-command registered
  outages list --json     on a demo database made once beforehand with `demo`
  window                  `--demo --screenshot` offscreen with no tiles: start, load, paint, save

The window figure includes the screenshot's settle wait and the demo load, so it is an upper
bound on the first paint, useful to compare runs rather than as an absolute. Everything runs
with its own data, config and cache folders in a temporary directory, so the bench never
touches the user's database or settings.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _command() -> list[str]:
    # The installed entry point is what users run; its wrapper costs a little, so time it too.
    script = Path(sys.executable).parent / "dispatch-console"
    if script.exists():
        return [str(script)]
    found = shutil.which("dispatch-console")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from console.cli import main; sys.exit(main())"]


def _time(argv: list[str], env: dict[str, str], runs: int, timeout: float) -> list[float]:
    def once() -> float:
        started = time.perf_counter()
        result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                timeout=timeout)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
        return elapsed

    once()
    return [once() for _ in range(runs)]


def _report(name: str, times: list[float]) -> None:
    print(f"{name:<24} median {statistics.median(times) * 1000:7.0f} ms   "
          f"min {min(times) * 1000:6.0f}   max {max(times) * 1000:6.0f}   (n={len(times)})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (at least 5)")
    parser.add_argument("--no-window", action="store_true", help="skip the --demo --screenshot figure")
    args = parser.parse_args()
    runs = max(5, args.runs)
    cmd = _command()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = {**os.environ,
               "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_CACHE_HOME": f"{tmp}/cache",
               "QT_QPA_PLATFORM": "offscreen",
               "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu"}
        env.pop("DISPATCH_DB", None)
        db = f"sqlite:///{tmp}/x.sqlite3"
        subprocess.run([*cmd, "--db", db, "demo"], env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)

        print(f"{' '.join(cmd)}  (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
        _report("--version", _time([*cmd, "--version"], env, runs, 30))
        _report("--help", _time([*cmd, "--help"], env, runs, 30))
        _report("outages list --json", _time([*cmd, "--db", db, "outages", "list", "--json"], env, runs, 60))
        if not args.no_window:
            shot = f"{tmp}/window.png"
            _report("window (--screenshot)",
                    _time([*cmd, "--demo", "--tiles", "none", "--screenshot", shot], env, runs, 180))
    return 0


if __name__ == "__main__":
    sys.exit(main())
