"""Every message of the interface is translated into French and German.

Extracts the messages afresh (makemessages into a copy of the catalogues) so a
string added to a template or to Python code without a translation fails here,
as does a translation left fuzzy after its English source changed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORE = [".venv", ".tools", "node_modules", "tests", "bench", ".data"]


def _entries(po_text):
    """(msgid, msgstr values, flags) for each entry, header excluded."""
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            yield fields["msgid"], strs, flags


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """makemessages in a copy of the sources, so the real catalogues stay untouched."""
    copy = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns(*IGNORE, ".git", "__pycache__", "*.mo")
    shutil.copytree(ROOT, copy, ignore=ignore, dirs_exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_LOCALE_DIR": str(copy / "locale"),
        # makemessages never connects; a URL keeps settings from starting a server.
        "DATABASE_URL": "postgres://unused@127.0.0.1:1/unused",
    }
    command = [sys.executable, "manage.py", "makemessages", "-l", "fr", "-l", "de", "-v0",
               "--no-obsolete", *[f"--ignore={path}" for path in IGNORE]]  # fmt: skip
    subprocess.run(command, cwd=copy, env=env, check=True, timeout=300)  # noqa: S603
    return copy / "locale"


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_message_is_translated(fresh_catalogues, language):
    po = (fresh_catalogues / language / "LC_MESSAGES" / "django.po").read_text()
    entries = list(_entries(po))
    assert len(entries) > 900
    missing = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert missing == []
    assert fuzzy == []
