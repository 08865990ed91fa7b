"""The CJK font that charts (matplotlib), PDFs (WeasyPrint) and DOCX files print Chinese in.

WeasyPrint finds fonts through fontconfig; matplotlib keeps its own list, cached in a JSON
file written the first time it ran. A font installed after that cache was built is
invisible to matplotlib, which then draws every Chinese character in DejaVu Sans as an
empty box, with no warning. So the font is looked up through fontconfig (``fc-list
:lang=zh-cn``), registered with matplotlib when its list predates the font (the cache is
written again, once), and a missing font is a system-check warning (``lantian check``) and
a log warning whenever a document is drawn — never a silent fallback.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core import checks

logger = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk: what templates and DOCX name
FALLBACK_FAMILY = "DejaVu Sans"  # Latin text and digits when no CJK font is found
# Simplified Chinese sans-serif families, best first; any other font fontconfig says
# covers Chinese comes after these.
PREFERRED_FAMILIES = (
    CJK_FAMILY,
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
INSTALL_HINT = "Install a CJK font (Debian: apt-get install fonts-noto-cjk), then restart."
NO_CJK_FONT = "lantian.W030"
MATPLOTLIB_CANNOT_USE = "lantian.W031"


@dataclass(frozen=True)
class Font:
    family: str
    path: str


def fontconfig_fonts(lang: str = "zh-cn") -> list[Font] | None:
    """Fonts fontconfig says cover ``lang``; None when fontconfig's ``fc-list`` is absent."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run(
            [fc_list, "--format", r"%{family[0]}\t%{file}\n", f":lang={lang}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = set()
    for line in done.stdout.splitlines():
        family, _tab, path = line.partition("\t")
        if family and path:
            fonts.add(Font(family, path))
    return sorted(fonts, key=lambda f: (f.family, f.path))


def _rank(family: str) -> tuple[int, int]:
    if family in PREFERRED_FAMILIES:
        return (0, PREFERRED_FAMILIES.index(family))
    # a proportional sans-serif face reads best in chart labels
    return (1 if "Sans" in family and "Mono" not in family else 2, 0)


def _choose(fonts: list[Font]) -> list[Font]:
    """Every file of the best family (regular and bold are separate files)."""
    if not fonts:
        return []
    best = min(fonts, key=lambda f: _rank(f.family)).family
    return [f for f in fonts if f.family == best]


@cache
def cjk_fonts() -> tuple[Font, ...]:
    """The files of the CJK family documents use, found through fontconfig (as WeasyPrint
    finds them); without ``fc-list``, through matplotlib's own scan of the font folders."""
    found = fontconfig_fonts()
    if found is None:
        found = _matplotlib_known(PREFERRED_FAMILIES, rescan=True)
    return tuple(_choose(found))


def cjk_family() -> str | None:
    fonts = cjk_fonts()
    return fonts[0].family if fonts else None


def _font_manager() -> Any:
    from matplotlib import font_manager  # imported late: the web process rarely draws

    return font_manager


def _matplotlib_known(families: tuple[str, ...], *, rescan: bool = False) -> list[Font]:
    fm = _font_manager()
    known = [Font(e.name, e.fname) for e in fm.fontManager.ttflist if e.name in families]
    if known or not rescan:
        return known
    _register(fm.findSystemFonts())
    return _matplotlib_known(families)


def _register(paths: Any) -> None:
    """Add the font files matplotlib's list lacks, then write its cache again so the next
    process starts with them."""
    import matplotlib

    fm = _font_manager()
    known = {os.path.realpath(e.fname) for e in fm.fontManager.ttflist}
    added = False
    for path in paths:
        if os.path.realpath(path) in known:
            continue
        try:
            fm.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            logger.warning("matplotlib cannot read the font file %s", path)
            continue
        known.add(os.path.realpath(path))
        added = True
    if added:
        cache_file = Path(matplotlib.get_cachedir(), f"fontlist-v{fm.FontManager.__version__}.json")
        fm.json_dump(fm.fontManager, cache_file)  # logs, never raises, when not writable
        logger.info("Added fonts to matplotlib's font list, cached in %s", cache_file)


@cache
def matplotlib_family() -> str | None:
    """The name matplotlib knows the CJK font by, registering its files first when
    matplotlib's font list was built before the font was installed; None without one."""
    fonts = cjk_fonts()
    if not fonts:
        return None
    _register(f.path for f in fonts)
    fm = _font_manager()
    paths = {os.path.realpath(f.path) for f in fonts}
    names = [e.name for e in fm.fontManager.ttflist if os.path.realpath(e.fname) in paths]
    # fontconfig's first family name is usually matplotlib's; a .ttc file holds several
    name = fonts[0].family if fonts[0].family in names else (names[0] if names else None)
    if name is None:
        return None
    try:
        fm.fontManager.findfont(fm.FontProperties(family=name), fallback_to_default=False)
    except ValueError:
        return None
    return name


def matplotlib_families() -> list[str]:
    """``font.sans-serif`` for charts: the CJK font, then DejaVu Sans for what it lacks."""
    name = matplotlib_family()
    return [name, FALLBACK_FAMILY] if name else [FALLBACK_FAMILY]


def reset() -> None:
    """Forget what was found (after installing a font, or in tests)."""
    cjk_fonts.cache_clear()
    matplotlib_family.cache_clear()


def warn_if_missing(document: str, *, charts: bool = False) -> bool:
    """Log a warning when ``document`` (drawn by matplotlib with ``charts``, else laid out
    through fontconfig) would print Chinese as empty boxes; True if so."""
    missing = matplotlib_family() is None if charts else not cjk_fonts()
    if not missing:
        return False
    logger.warning(
        "No font covering Chinese is installed: %s prints Chinese as empty boxes. %s",
        document,
        INSTALL_HINT,
    )
    return True


@checks.register()
def check_cjk_font(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    reset()  # a check runs to see the system as it is now
    if not cjk_fonts():
        return [
            checks.Warning(
                "No font covering Chinese is installed (fontconfig finds none for zh-cn): "
                "charts and PDFs print Chinese as empty boxes.",
                hint=INSTALL_HINT,
                id=NO_CJK_FONT,
            )
        ]
    if matplotlib_family() is None:
        return [
            checks.Warning(
                f"matplotlib cannot use the CJK font {cjk_family()!r}: "
                "charts print Chinese as empty boxes.",
                hint="Delete matplotlib's font cache (fontlist-*.json in "
                "`python -c 'import matplotlib; print(matplotlib.get_cachedir())'`).",
                id=MATPLOTLIB_CANNOT_USE,
            )
        ]
    return []


def docx_east_asian(target: Any, *, size: float | None = None, bold: bool = False) -> None:
    """Name the CJK family on a python-docx style or run, for Latin and East Asian text
    alike (Word picks the eastAsia font for Chinese), with an optional size and bold."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = CJK_FAMILY
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FAMILY)
    if size:
        target.font.size = Pt(size)
    if bold:
        target.font.bold = True
