"""Bilingual records: Chinese text with an optional English counterpart, and the language
tags that tell readers and screen readers which language a piece of text is in."""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

# BCP 47 tags for the <html lang> and for marking text (RFC 5646 §2.1.1: the script
# subtag in title case); Django's language codes are lower case ("zh-hans").
CHINESE_TAG = "zh-Hans"
HTML_LANG = {"zh-hans": CHINESE_TAG, "en": "en"}


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (CJK Unified Ideographs and Extension A)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def localized(chinese: str, english: str) -> str:
    """The English text when English is active and there is one; the Chinese otherwise."""
    return english if english and english_active() else chinese


def html_lang(language: str | None = None) -> str:
    """The ``lang`` attribute for a page in ``language`` (the active one by default)."""
    code = (language or get_language() or CHINESE_TAG).lower()
    return HTML_LANG.get(code) or HTML_LANG.get(code.split("-")[0]) or code


def mark_chinese(text: Any) -> Any:
    """``text`` wrapped in ``<span lang="zh-Hans">`` when English is active and it holds
    Chinese characters (a name or title without a translation), so that a screen reader
    reads it in Chinese and the browser picks a Chinese font; unchanged otherwise. HTML
    in ``text`` is escaped unless it is already marked safe."""
    if text is None or not english_active() or not has_cjk(str(text)):
        return text
    return format_html('<span lang="{}">{}</span>', CHINESE_TAG, text)


def chinese_lang_attribute(text: Any) -> str:
    """`` lang="zh-Hans"`` for an element holding ``text`` when English is active and the
    text is Chinese (a body of HTML, which :func:`mark_chinese` would escape); else ""."""
    if text is None or not english_active() or not has_cjk(str(text)):
        return ""
    return mark_safe(f' lang="{CHINESE_TAG}"')


# A run of Chinese inside English text: ideographs, CJK punctuation (〔〕《》，。) and
# full-width forms, with the digits between them (环办厅函〔2019〕672号 is one run).
_CHINESE = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CHINESE_RUN = re.compile(f"[{_CHINESE}](?:[{_CHINESE}0-9]*[{_CHINESE}])?")
_TAG = re.compile(r"(<[^>]*>)")


def mark_chinese_runs(html: Any) -> Any:
    """English ``html`` (a translated paragraph) with each Chinese run in its text wrapped
    in ``<span lang="zh-Hans">`` when English is active: a term quoted as issued (a
    document number, 行政复议) inside an English sentence. Tags and their attributes are
    left alone; text that is not marked safe is escaped first. Unchanged otherwise."""
    if html is None or not english_active() or not has_cjk(str(html)):
        return html
    text = str(html) if isinstance(html, SafeData) else str(escape(html))

    def span(run: re.Match[str]) -> str:
        found = run.group(0)
        return f'<span lang="{CHINESE_TAG}">{found}</span>' if has_cjk(found) else found

    parts = _TAG.split(text)
    return mark_safe(
        "".join(part if i % 2 else _CHINESE_RUN.sub(span, part) for i, part in enumerate(parts))
    )
