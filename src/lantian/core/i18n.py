"""Bilingual records: Chinese text with an optional English counterpart."""

from __future__ import annotations

from django.utils.translation import get_language


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (CJK Unified Ideographs and Extension A)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def localized(chinese: str, english: str) -> str:
    """The English text when English is active and there is one; the Chinese otherwise."""
    return english if english and english_active() else chinese
