"""Reading an imported CSV file within bounds, shared by `history import` and `customers import`.

A file is read at most `max_bytes` (+1 to notice it is over), so `/dev/zero`, a FIFO or a
multi-gigabyte export gives one clear line instead of a MemoryError or a hang; a NUL byte or an
over-long line marks a binary file, not a CSV.
"""
from __future__ import annotations

from pathlib import Path

from .errors import ValidationError

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_LINE_CHARS = 4096


def read_csv_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES, max_line_chars: int = MAX_LINE_CHARS) -> str:
    """The file's text (UTF-8, with or without BOM, else Windows-1252), or one ValidationError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise ValidationError(f"cannot read {path.name}: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise ValidationError(f"{path.name} is over {max_bytes // (1024 * 1024)} MB; split it")
    if b"\0" in data:
        raise ValidationError(f"{path.name} is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # exports from older Windows systems
        except UnicodeDecodeError:
            raise ValidationError(f"{path.name} is neither UTF-8 nor Windows-1252 text") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > max_line_chars:
            raise ValidationError(f"{path.name}:{number}: line is {len(line)} characters; at most {max_line_chars}")
    return text


__all__ = ["MAX_FILE_BYTES", "MAX_LINE_CHARS", "read_csv_text"]
