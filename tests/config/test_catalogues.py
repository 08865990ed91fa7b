"""Every user-facing string is translated: zh-hans and English catalogues complete and
compiled from their current sources."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "lantian" / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogue_is_complete(language: str) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in po if e.msgid}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo if e.msgid}
    assert compiled == source, "run `make messages` to recompile"


def test_every_template_string_is_in_the_catalogue() -> None:
    import re

    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid for e in po}
    root = LOCALE.parent
    pattern = re.compile(r"""{%\s*trans\s+(['"])(.+?)\1""")
    for template in root.rglob("templates/**/*.html"):
        for match in pattern.finditer(template.read_text(encoding="utf-8")):
            assert match.group(2) in known, f"{template.name}: {match.group(2)!r} not in catalogue"


def test_wagtail_screens_we_use_are_fully_translated() -> None:
    """What Wagtail's zh_Hans catalogue lacks, ours supplies (scripts/wagtail_catalogue_gaps.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gaps", LOCALE.parents[2] / "scripts" / "wagtail_catalogue_gaps.py"
    )
    gaps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gaps)
    ours = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in ours if e.translated()}
    untranslated = [
        e.msgid for e in gaps.missing_entries() if (e.msgctxt, e.msgid) not in translated
    ]
    assert untranslated == [], "run scripts/wagtail_catalogue_gaps.py, then make messages"
