"""The wheel built from the repository, installed (not editable) in a fresh virtual environment,
finds everything it ships: icons, translations, migrations and map assets.

The fresh environment sees the test environment's site-packages through a .pth line, so the
dependencies (PySide6 is hundreds of MB) are not downloaded again. A .pth line only adds a
directory: the .pth files inside it (such as an editable install of this project) are not
run, and every command runs outside the source tree, so `console` can only come from the wheel.
"""
from __future__ import annotations

import os
import shutil
import site
import struct
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# What a source distribution of the project holds; build/ or stale egg-info never leak in.
SOURCE_ITEMS = ("console", "resources", "pyproject.toml", "README.md", "LICENSE")


def _setuptools_ok() -> bool:
    try:
        major, minor = (int(part) for part in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (70, 1)  # builds wheels without the separate `wheel` package


def _run(args, cwd: Path, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, dispatch-console script, env, work dir) with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for item in SOURCE_ITEMS:
        path = ROOT / item
        if path.is_dir():
            shutil.copytree(path, src / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.is_file():
            shutil.copy2(path, src / item)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DISPATCH_", "VIRTUAL_ENV"))}
    env.update(HOME=str(base / "home"), XDG_CONFIG_HOME=str(base / "config"), XDG_DATA_HOME=str(base / "data"),
               XDG_CACHE_HOME=str(base / "cache"), QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS=os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", DISPATCH_USER="wheel-test")
    wheels = base / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, src]
    if _setuptools_ok():
        build.insert(4, "--no-build-isolation")  # offline: the installed setuptools builds it
    _run(build, cwd=base, env=env)
    (wheel,) = wheels.glob("*.whl")

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base, env=env)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=base, env=env).stdout.strip())
    # Every site directory this test process imports from (also ones chained in by a .pth),
    # never the source tree.
    ours = [Path(p) for p in sys.path if p and Path(p).name in ("site-packages", "dist-packages")]
    ours += [Path(p) for p in site.getsitepackages() + [sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]]
    lines = list(dict.fromkeys(str(p) for p in ours if p.is_dir()))
    (purelib / "_dependencies_from_test_env.pth").write_text("\n".join(lines) + "\n")
    _run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], cwd=base, env=env)
    script = venv / ("Scripts/dispatch-console.exe" if os.name == "nt" else "bin/dispatch-console")
    work = base / "work"
    work.mkdir()
    return python, script, env, work, purelib


def test_the_wheel_is_what_runs(installed):
    python, _script, env, work, purelib = installed
    probe = (
        "import console, console.resources, console.map.assets as a, console.store.migrate as m\n"
        "from pathlib import Path\n"
        "from console.ui.resources import resource_path\n"
        "print(console.__file__)\n"
        "print(resource_path('icons', 'dispatch-console-256.png'))\n"
        "print(resource_path('i18n', 'dispatch_sv.qm'))\n"
        "from console.domain import vocabulary as v\n"
        "print(v.catalogue_dir() / 'sv' / 'LC_MESSAGES' / 'console.mo')\n"
        "print(v.word('sv', 'Cancelled'))\n"
        "print(a.STATIC_DIR / 'dispatch_map.js')\n"
        "print(Path(m.__file__).parent / 'migrations' / 'env.py')\n"
        "print(min(p.name for p in (Path(m.__file__).parent / 'migrations' / 'versions').glob('0*.py')))\n"
        "print(len(a.list_assets()))\n"
    )
    lines = _run([python, "-c", probe], cwd=work, env=env).stdout.split()
    console_file, icon, qm, mo, cancelled, map_js, migrations_env, first_migration, n_assets = lines
    assert cancelled == "Makulerad", "the word catalogue must ship in the wheel"
    for path in (console_file, icon, qm, mo, map_js, migrations_env):
        assert Path(path).is_file(), path
        assert Path(path).resolve().is_relative_to(purelib.resolve()), f"{path} is not from the installed wheel"
    assert first_migration.startswith("0001")
    assert int(n_assets) >= 3


def test_version_demo_and_handover_from_the_wheel(installed):
    from console import __version__

    _python, script, env, work, _purelib = installed
    assert _run([script, "--version"], cwd=work, env=env).stdout.strip() == f"dispatch-console {__version__}"

    url = f"sqlite:///{work / 'wheel.sqlite3'}"
    _run([script, "demo", "--db", url], cwd=work, env=env)
    listed = _run([script, "outages", "list", "--json", "--db", url], cwd=work, env=env).stdout
    assert "Norrhult" in listed or "Ankarsrum" in listed

    pdf = work / "handover.pdf"
    _run([script, "handover", "--out", pdf, "--db", url], cwd=work, env=env)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def test_screenshot_from_the_wheel_in_swedish(installed):
    _python, script, env, work, _purelib = installed
    shot = work / "shot.png"
    done = _run([script, "--demo", "--lang", "sv", "--tiles", "none", "--size", "1280x800", "--screenshot", shot],
                cwd=work, env=env)
    assert "saved" in done.stdout
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 800)
    assert len(data) > 40_000  # a drawn window, not a blank frame
    assert "map shows 0 outages" not in done.stdout
