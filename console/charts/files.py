"""Where a chart file goes: the format from its extension, checked before anything is drawn,
and the bytes moved into place whole."""
from __future__ import annotations

import contextlib
import os
import tempfile

from console.domain.errors import ValidationError

EXTENSIONS = {".png": "png", ".svg": "svg"}


def chart_target(path: str) -> tuple[str, str]:
    """(absolute path, "png" | "svg"), or one clear ValidationError before any drawing."""
    raw = os.fspath(path or "").strip()
    if not raw:
        raise ValidationError("--out needs a file name ending in .png or .svg")
    target = os.path.abspath(raw)
    fmt = EXTENSIONS.get(os.path.splitext(target)[1].lower())
    if fmt is None:
        raise ValidationError(f"cannot write {target}: a chart is a .png or .svg file")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise ValidationError(f"cannot write {target}: the folder {folder} does not exist")
    if os.path.isdir(target):
        raise ValidationError(f"cannot write {target}: it is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(f"cannot write {target}: the folder {folder} is not writable")
    return target, fmt


def write_atomically(target: str, data: bytes) -> str:
    """Write beside the target and move into place: a reader never sees half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".chart-", suffix=".part", dir=os.path.dirname(target))
    except OSError as err:
        raise ValidationError(f"cannot write {target}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private; a chart is as readable as any file the user saves.
        os.chmod(tmp, os.stat(target).st_mode & 0o777 if os.path.exists(target) else 0o644)
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ValidationError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target
