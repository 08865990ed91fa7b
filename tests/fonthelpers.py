"""Font helpers for tests: the fonts a PDF embeds (matplotlib's or WeasyPrint's, written
uncompressed) are the fonts a renderer actually used, not the ones a stylesheet asked for;
and a fontconfig that finds no font at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lantian.core import fonts

BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base font names without the subset tag: ``ABCDEF+NotoSansCJKsc-Regular`` →
    ``NotoSansCJKsc-Regular``."""
    return {name.decode().partition("+")[2] or name.decode() for name in BASE_FONT.findall(pdf)}


def is_cjk(name: str) -> bool:
    return any(mark in name.replace("-", "").lower() for mark in ("cjk", "sourcehan", "wenquanyi"))


def no_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point fontconfig at a configuration without font folders (a system with no fonts)
    and forget the fonts found so far; the caller calls ``fonts.reset()`` afterwards."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    fonts.reset()
