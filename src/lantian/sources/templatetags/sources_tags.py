"""Template filters of the sources pages."""

from __future__ import annotations

from django import template

from lantian.sources import selectors

register = template.Library()


@register.filter
def pollutant_name(code: str) -> str:
    """The pollutant's name in the page's language (its HJ 212 code when unknown)."""
    return selectors.pollutant_label(code)


@register.filter
def number(value: float | None) -> str:
    """A value to four significant digits, without trailing zeros (51.44, 7.445, 0.0123);
    — for none."""
    return "—" if value is None else f"{value:.4g}"


@register.filter
def percent(share: float | None) -> str:
    """A share as a percentage with one decimal (12.3 %); — for none."""
    return "—" if share is None else f"{100 * share:.1f} %"
