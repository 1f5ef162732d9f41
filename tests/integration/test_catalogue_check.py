"""tools/update-translations --check fails on a stale word catalogue: a word the code has and the
.po lacks, a translation not yet given, a dropped {placeholder}, and a .mo older than its .po.
Each case edits a copy of the source tree, never the repository itself."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = Path("resources/i18n/sv/LC_MESSAGES/console.po")


@pytest.fixture
def tree(tmp_path):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("console", "tools"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=ignore)
    shutil.copytree(ROOT / "resources" / "i18n", tmp_path / "resources" / "i18n", ignore=ignore)
    return tmp_path


def check(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(tree / "tools" / "update-translations"), "--check"],
                          capture_output=True, text=True, timeout=180, cwd=tree)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_committed_catalogues_pass(tree):
    done = check(tree)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_new_word_in_the_code_is_caught(tree):
    edit(tree / "console" / "reports" / "status_page.py", '"none": N_(', '"fresh": N_("A word nobody translated"),\n    "none": N_(')
    done = check(tree)
    assert done.returncode == 1
    assert "not in resources/i18n/sv/LC_MESSAGES/console.po yet: 'A word nobody translated'" in done.stdout


def test_an_empty_or_fuzzy_translation_is_caught(tree):
    edit(tree / PO, 'msgid "Cancelled"\nmsgstr "Makulerad"', 'msgid "Cancelled"\nmsgstr ""')
    edit(tree / PO, 'msgid "Restored"\nmsgstr', '#, fuzzy\nmsgid "Restored"\nmsgstr')
    out = check(tree).stdout
    assert "not translated: 'Cancelled'" in out and "not translated: 'Restored'" in out


def test_a_dropped_placeholder_is_caught(tree):
    edit(tree / PO, 'msgstr "Sida {n} av {total}"', 'msgstr "Sida {n}"')
    done = check(tree)
    assert done.returncode == 1 and "placeholders differ from the English: 'Page {n} of {total}'" in done.stdout


def test_a_po_edited_without_compiling_is_caught(tree):
    edit(tree / PO, 'msgid "Cancelled"\nmsgstr "Makulerad"', 'msgid "Cancelled"\nmsgstr "Avbruten"')
    done = check(tree)
    assert done.returncode == 1
    assert "console.mo is not compiled from the .po as it stands" in done.stdout


def test_a_word_gone_from_the_code_is_caught(tree):
    edit(tree / "console" / "reports" / "status_page.py", '    "feed": N_("Atom feed"),\n', "")
    done = check(tree)
    assert done.returncode == 1 and "no longer in the code: 'Atom feed'" in done.stdout
