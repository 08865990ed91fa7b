"""Template filters of the enforcement pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lantian.core.i18n import localized
from lantian.enforcement.models import Penalty

register = template.Library()


@register.filter
def penalty_types(codes: Any) -> str:
    """The penalty types' names in the page's language, joined."""
    labels = dict(Penalty.PenaltyType.choices)
    return localized("、", ", ").join(str(labels.get(code, code)) for code in codes or ())


@register.filter
def yuan(amount: Decimal | None) -> str:
    """A fine in yuan with thousands separators; — for none."""
    if not amount:
        return "—"
    return f"{amount:,.2f}"


@register.filter
def level_name(level: Any) -> str:
    """A credit level's name in the page's language (— for none)."""
    return localized(level.name_zh, level.name_en) if level else "—"


@register.filter
def colour_name(level: Any) -> str:
    """The colour of a credit level in words: colour is never the only carrier."""
    return localized(level.color_zh, level.color_en) if level else ""


@register.filter
def report_status(status: str) -> str:
    """A disclosure report's status in words."""
    labels = {
        "pending": pgettext("report status", "Not yet due"),
        "on_time": pgettext("report status", "On time"),
        "late": pgettext("report status", "Submitted late"),
        "missing": pgettext("report status", "Missing"),
    }
    return labels.get(status, status)


@register.filter
def indicator_class(value: Any) -> str:
    """An indicator class's name in the page's language."""
    names = {
        "pollution_control": _("Pollution control"),
        "ecological_protection": _("Ecological protection"),
        "environmental_management": _("Environmental management"),
        "social_supervision": _("Social supervision"),
    }
    return names.get(str(value), str(value))


@register.filter
def bilingual(item: Any, field: str = "name") -> str:
    """``item.<field>_zh`` or ``item.<field>_en`` by the page's language."""
    return localized(getattr(item, f"{field}_zh", ""), getattr(item, f"{field}_en", ""))
