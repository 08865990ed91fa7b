"""Language tags in templates: ``{% html_lang %}`` for ``<html lang>`` and ``|zh`` for
Chinese text shown on the English site without a translation, ``|zh_runs`` for Chinese
terms inside English text (core.i18n)."""

from __future__ import annotations

from typing import Any

from django import template

from lantian.core import i18n

register = template.Library()


@register.simple_tag
def html_lang() -> str:
    """``zh-Hans`` or ``en``: the active language as a BCP 47 tag."""
    return i18n.html_lang()


@register.filter
def zh(text: Any) -> Any:
    """``{{ item.display_title|zh }}``: marked ``lang="zh-Hans"`` when English is active and
    the text is Chinese."""
    return i18n.mark_chinese(text)


@register.filter
def zh_attr(text: Any) -> str:
    """`` lang="zh-Hans"`` for the element that holds ``text`` (a Chinese body of HTML on
    the English site), nothing otherwise: ``<div{{ body|zh_attr }}>``."""
    return i18n.chinese_lang_attribute(text)


@register.filter
def zh_runs(html: Any) -> Any:
    """``{% filter zh_runs %}{% blocktrans %}…{% endblocktrans %}{% endfilter %}``: each
    Chinese term inside an English paragraph (a document number, 行政复议) marked
    ``lang="zh-Hans"`` on the English site; nothing on the Chinese site."""
    return i18n.mark_chinese_runs(html)
