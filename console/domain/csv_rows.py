"""Reading an imported CSV file within bounds, shared by `history import` and `customers import`.

A file is read at most `max_bytes` (+1 to notice it is over), so `/dev/zero`, a FIFO or a
multi-gigabyte export gives one clear line instead of a MemoryError or a hang; a NUL byte or an
over-long line marks a binary file, not a CSV.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .errors import StoredWord, ValidationError
from .vocabulary import N_

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_LINE_CHARS = 4096


def read_csv_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES, max_line_chars: int = MAX_LINE_CHARS) -> str:
    """The file's text (UTF-8, with or without BOM, else Windows-1252), or one ValidationError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise ValidationError.of(N_("cannot read {name}: {strerror}"),
                                 name=path.name, strerror=err.strerror or err) from None
    if len(data) > max_bytes:
        raise ValidationError.of(N_("{name} is over {max_bytes} MB; split it"),
                                 name=path.name, max_bytes=max_bytes // (1024 * 1024))
    if b"\0" in data:
        raise ValidationError.of(N_("{name} is not a text file (it contains NUL bytes)"), name=path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # exports from older Windows systems
        except UnicodeDecodeError:
            raise ValidationError.of(N_("{name} is neither UTF-8 nor Windows-1252 text"), name=path.name) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > max_line_chars:
            raise ValidationError.of(N_("{name}:{number}: line is {n} characters; at most {max_line_chars}"),
                                     name=path.name, number=number, n=len(line), max_line_chars=max_line_chars)
    return text


def csv_records(text: str, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
                ) -> Iterator[tuple[int, dict[str, str] | None, str, str]]:
    """(line number, {column: raw text} or None when the line is short, delimiter, problem) for
    every non-blank line after the header. The header is the first non-blank line, matched in
    any case, split on ';' when it has more of them than commas (a Swedish spreadsheet's export);
    a file without a header, or one lacking a required column, raises one ValidationError."""
    lines = text.lstrip("\ufeff").splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise ValidationError.of(N_("the {what} file is empty"), what=StoredWord("term", what))
    header_line = lines[header_index]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [name.strip().lower() for name in next(csv.reader([header_line], delimiter=delimiter))]
    missing = [name for name in required if name not in header]
    if missing:
        raise ValidationError.of(N_("the {what} header must name {required}; missing {missing}"),
                                 what=StoredWord("term", what), required=", ".join(required),
                                 missing=", ".join(missing))
    column = {name: header.index(name) for name in required + optional if name in header}
    reader = csv.reader(io.StringIO("\n".join(lines[header_index + 1:])), delimiter=delimiter)
    for values in reader:
        line = header_index + 1 + reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) < len(header):
            yield line, None, delimiter, f"expected {len(header)} columns, found {len(values)}"
            continue
        yield line, {name: values[i] for name, i in column.items()}, delimiter, ""


__all__ = ["MAX_FILE_BYTES", "MAX_LINE_CHARS", "csv_records", "read_csv_text"]
