"""The CJK font: found through fontconfig, taught to matplotlib when its font cache
predates the font, and a warning (system check, log) when there is none."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import matplotlib
import pytest
from django.core import checks
from django.core.management import call_command
from matplotlib import font_manager

from lantian.core import fonts
from tests import fonthelpers


@pytest.fixture(autouse=True)
def _fresh_lookup() -> Iterator[None]:
    fonts.reset()
    yield
    fonts.reset()


@pytest.fixture
def no_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fonthelpers.no_fonts(monkeypatch, tmp_path)


def test_fontconfig_finds_the_simplified_chinese_sans_font() -> None:
    found = fonts.cjk_fonts()
    assert found, "install fonts-noto-cjk (CONTRIBUTING.md)"
    assert {f.family for f in found} == {fonts.CJK_FAMILY}
    assert all(Path(f.path).is_file() for f in found)
    assert fonts.cjk_family() == fonts.CJK_FAMILY


def test_preference_sans_over_serif_and_mono() -> None:
    found = [
        fonts.Font("Noto Serif CJK SC", "/f/serif.ttc"),
        fonts.Font("Noto Sans Mono CJK SC", "/f/mono.ttc"),
        fonts.Font("Some Sans CN", "/f/sans.ttf"),
    ]
    assert fonts._choose(found) == [fonts.Font("Some Sans CN", "/f/sans.ttf")]
    regular = fonts.Font(fonts.CJK_FAMILY, "/f/regular.ttc")
    bold = fonts.Font(fonts.CJK_FAMILY, "/f/bold.ttc")
    assert fonts._choose([*found, bold, regular]) == [bold, regular]
    assert fonts._choose([]) == []


def test_check_is_quiet_with_a_cjk_font() -> None:
    assert fonts.check_cjk_font() == []
    assert fonts.matplotlib_families() == [fonts.CJK_FAMILY, fonts.FALLBACK_FAMILY]


def test_check_warns_without_a_cjk_font(no_fonts: None) -> None:
    problems = fonts.check_cjk_font()
    assert [p.id for p in problems] == [fonts.NO_CJK_FONT]
    assert problems[0].level == checks.WARNING
    assert "fonts-noto-cjk" in problems[0].hint
    assert fonts.matplotlib_families() == [fonts.FALLBACK_FAMILY]


@pytest.mark.django_db
def test_lantian_check_shows_the_warning(no_fonts: None) -> None:
    out = StringIO()
    call_command("check", stdout=out, stderr=out)
    assert f"{fonts.NO_CJK_FONT}" in out.getvalue()


def test_log_warning_when_a_document_would_print_boxes(
    no_fonts: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="lantian.core.fonts"):
        assert fonts.warn_if_missing("the report", charts=True)
        assert fonts.warn_if_missing("the PDF")
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]
    assert "the report prints Chinese as empty boxes" in caplog.records[0].getMessage()


def test_no_log_warning_with_the_font(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="lantian.core.fonts"):
        assert not fonts.warn_if_missing("the report", charts=True)
        assert not fonts.warn_if_missing("the PDF")
    assert caplog.records == []


def test_matplotlib_learns_a_font_installed_after_its_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bug: a font cache written before fonts-noto-cjk was installed lists no CJK
    font, and matplotlib silently drew Chinese in DejaVu Sans."""
    snapshot = tmp_path / "snapshot.json"
    font_manager.json_dump(font_manager.fontManager, snapshot)
    stale = font_manager.json_load(snapshot)
    stale.ttflist = [e for e in stale.ttflist if "CJK" not in e.name]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    cjk = font_manager.FontProperties(family=fonts.CJK_FAMILY)
    with pytest.raises(ValueError):
        stale.findfont(cjk, fallback_to_default=False)

    assert fonts.matplotlib_family() == fonts.CJK_FAMILY
    used = getattr(stale.findfont(cjk, fallback_to_default=False), "path", None)
    assert used in {f.path for f in fonts.cjk_fonts()}
    # the cache is written again once, so the next process starts with the font
    written = tmp_path / f"fontlist-v{font_manager.FontManager.__version__}.json"
    assert used in {e["fname"] for e in json.loads(written.read_text())["ttflist"]}
    written.unlink()
    fonts.reset()
    assert fonts.matplotlib_family() == fonts.CJK_FAMILY
    assert not written.exists()


def test_check_warns_when_matplotlib_cannot_read_the_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A font fontconfig lists but matplotlib cannot open (a broken file)."""
    broken = fonts.Font(fonts.CJK_FAMILY, "/nonexistent/broken.otf")
    monkeypatch.setattr(fonts, "fontconfig_fonts", lambda lang="zh-cn": [broken])
    stale = font_manager.FontManager.__new__(font_manager.FontManager)
    stale.__dict__.update(font_manager.fontManager.__dict__)
    stale.ttflist = [e for e in stale.ttflist if "CJK" not in e.name]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    assert [p.id for p in fonts.check_cjk_font()] == [fonts.MATPLOTLIB_CANNOT_USE]
