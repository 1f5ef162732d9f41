"""Finding shipped files (icons, translations) in a wheel, an editable install, a source tree or a
PyInstaller bundle alike."""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "console" / "resources"
    try:
        from importlib.resources import files

        located = Path(str(files("console.resources")))
        if located.is_dir():
            return located
    except (ModuleNotFoundError, TypeError):
        pass
    # Running from a source checkout without installing: resources/ sits beside console/.
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
