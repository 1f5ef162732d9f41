"""Running a console command in-process, as the CLI tests do: exit code, stdout, stderr."""
from __future__ import annotations

from console.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse refuses a malformed value with exit code 2
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
