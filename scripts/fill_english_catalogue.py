"""Make the English catalogue complete: Lantian's msgids are English, so each English
msgstr is its msgid (plural forms included). Run by `make messages`."""

from __future__ import annotations

import sys

import polib


def fill(path: str) -> int:
    catalogue = polib.pofile(path)
    changed = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:  # a guess from a similar msgid: never right here
            entry.msgstr, entry.msgstr_plural = "", {}
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        if entry.msgid_plural:
            # an emptied plural ({}) counts as untranslated: all({}) would say otherwise
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.metadata["Language"] = "en"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    catalogue.save(path)
    return changed


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {fill(arg)} entries filled")
