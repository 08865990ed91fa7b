"""Find the Wagtail admin strings that Wagtail's own zh_Hans catalogue lacks and write
them, marked for translation, to src/lantian/core/wagtail_strings.py, so that
`make messages` carries them into our catalogue (which Django consults first).

    .venv/bin/python scripts/wagtail_catalogue_gaps.py

Then translate the new entries in src/lantian/locale/zh_Hans/LC_MESSAGES/django.po.
"""

from __future__ import annotations

from pathlib import Path

import polib
import wagtail

# The Wagtail apps whose screens Lantian uses (see INSTALLED_APPS).
APPS = (
    "",
    "admin",
    "documents",
    "images",
    "snippets",
    "users",
    "contrib/redirects",
    "contrib/forms",
    "contrib/settings",
    "embeds",
    "sites",
    "search",
)
TARGET = Path(__file__).resolve().parents[1] / "src" / "lantian" / "core" / "wagtail_strings.py"

HEADER = '''"""Wagtail admin strings missing from Wagtail's zh_Hans catalogue (generated).

Never executed for its values: the calls only mark the strings so that makemessages puts
them in Lantian's catalogue, where they are translated. Regenerate with
`python scripts/wagtail_catalogue_gaps.py` after upgrading Wagtail.
"""

from django.utils.translation import {imports}

WAGTAIL_STRINGS = [
'''


def catalogue(app: str, language: str) -> polib.POFile:
    return polib.pofile(
        str(Path(wagtail.__file__).parent / app / "locale" / language / "LC_MESSAGES" / "django.po")
    )


def missing_entries() -> list[polib.POEntry]:
    found: dict[tuple[str | None, str], polib.POEntry] = {}
    for app in APPS:
        translated = {
            (e.msgctxt, e.msgid)
            for e in catalogue(app, "zh_Hans")
            if (e.msgstr or e.msgstr_plural.get(0)) and "fuzzy" not in e.flags
        }
        for entry in catalogue(app, "en"):
            key = (entry.msgctxt, entry.msgid)
            if entry.msgid and key not in translated:
                found.setdefault(key, entry)
    return list(found.values())


def marker(entry: polib.POEntry) -> str:
    if entry.msgid_plural and entry.msgctxt:
        return f"npgettext_lazy({entry.msgctxt!r}, {entry.msgid!r}, {entry.msgid_plural!r}, 1)"
    if entry.msgid_plural:
        return f"ngettext_lazy({entry.msgid!r}, {entry.msgid_plural!r}, 1)"
    if entry.msgctxt:
        return f"pgettext_lazy({entry.msgctxt!r}, {entry.msgid!r})"
    return f"gettext_noop({entry.msgid!r})"


def main() -> None:
    entries = missing_entries()
    markers = [marker(e) for e in entries]
    imports = ", ".join(sorted({m.split("(", 1)[0] for m in markers}))
    body = "".join(f"    {m},\n" for m in markers)
    TARGET.write_text(HEADER.format(imports=imports) + body + "]\n", encoding="utf-8")
    print(f"{len(entries)} strings written to {TARGET}")


if __name__ == "__main__":
    main()
