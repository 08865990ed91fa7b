"""Staff page of the transparency self-score: a year's total, classes and dimensions,
what lost points (with links to the records), and the trend over the years."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core.roles import Role, roles_of
from lantian.reports import transparency, transparency_inputs

FIRST_YEAR = 2019  # the revised 条例 took effect on 15 May 2019
TREND_YEARS = 6
CACHE_SECONDS = 15 * 60
LOSSES_SHOWN = 30  # requirements listed under "what lost points"
RECORDS_SHOWN = 20  # records named under each
# Leaders (department heads), reviewers of publications, administrators.
ROLES = {Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.ADMINISTRATOR}

CLASS_LABELS = {
    "supervision": gettext_lazy("Daily supervision"),
    "self_monitoring": gettext_lazy("Self-monitoring"),
    "complaints": gettext_lazy("Response to complaints"),
    "emissions": gettext_lazy("Emission data"),
    "eia": gettext_lazy("EIA information"),
}
DIMENSION_LABELS = {
    "systematic": gettext_lazy("Systematic"),
    "timely": gettext_lazy("Timely"),
    "complete": gettext_lazy("Complete"),
    "user_friendly": gettext_lazy("User-friendly"),
}


def can_view_transparency(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or bool(ROLES & set(roles_of(user)))


def _year_data(year: int, today: date, weights: transparency.Weights) -> dict[str, Any]:
    """One year's score as plain data, cached a while (the trend recounts every year)."""
    digest = hashlib.sha256(json.dumps(weights.as_dict(), sort_keys=True).encode()).hexdigest()
    key = f"reports:transparency:{year}:{today.isoformat()}:{digest[:16]}"
    data = cache.get(key)
    if data is None:
        data = transparency.to_json(transparency_inputs.year_score(year, today, weights), year)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _chosen_year(request: HttpRequest, years: list[int], default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if year in years else default


def transparency_score(request: HttpRequest) -> HttpResponse:
    if not can_view_transparency(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    years = list(range(today.year, FIRST_YEAR - 1, -1))
    year = _chosen_year(request, years, today.year - 1)
    weights = transparency_inputs.weights()
    result = transparency_inputs.year_score(year, today, weights)
    if request.GET.get("format") == "json":
        body = json.dumps(transparency.to_json(result, year), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="transparency-{year}.json"'
        return response
    trend_years = [y for y in range(year - TREND_YEARS + 1, year + 1) if y >= FIRST_YEAR]
    trend = [
        _year_data(y, today, weights) if y != year else transparency.to_json(result, y)
        for y in trend_years
    ]
    context = {
        "page_title": _("Transparency self-score"),
        "years": years,
        "year": year,
        "in_progress": year >= today.year,
        "today": today,
        "result": result,
        "classes": [_class_row(c) for c in result.classes],
        "lacking": [CLASS_LABELS[key] for key in result.lacking],
        "losses": [_loss_row(x) for x in result.losses[:LOSSES_SHOWN]],
        "more_losses": max(len(result.losses) - LOSSES_SHOWN, 0),
        "trend": [_trend_row(d) for d in trend],
        "chart": _chart(trend),
        "weights": [
            {"label": CLASS_LABELS[k], "name": transparency.CLASS_NAMES[k], "value": v}
            for k, v in result.weights.classes.items()
        ],
        "dimension_weights": [
            {"label": DIMENSION_LABELS[k], "name": transparency.DIMENSION_NAMES[k], "value": v}
            for k, v in result.weights.dimensions.items()
        ],
    }
    return render(request, "reports/transparency.html", context)


def _class_row(c: transparency.ClassScore) -> dict[str, Any]:
    return {
        "key": c.key,
        "label": CLASS_LABELS[c.key],
        "name": c.name,
        "maximum": c.maximum,
        "points": c.points,
        "records": c.records,
        "dimensions": [
            {
                "label": DIMENSION_LABELS[d.dimension],
                "name": transparency.DIMENSION_NAMES[d.dimension],
                "maximum": d.maximum,
                "points": None if d.ratio is None else d.maximum * d.ratio,
                "met": d.met,
                "total": d.total,
                "percent": d.percent,
            }
            for d in c.dimensions
        ],
    }


def _loss_row(loss: transparency.Loss) -> dict[str, Any]:
    return {
        "class_label": CLASS_LABELS[loss.class_key],
        "dimension_label": DIMENSION_LABELS[loss.dimension],
        "label": loss.label,
        "points": loss.points,
        "missed": loss.missed,
        "total": loss.total,
        "records": loss.misses[:RECORDS_SHOWN],
        "more": max(loss.missed - RECORDS_SHOWN, 0),
    }


def _trend_row(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": data["year"],
        "total": data["total"],
        "points": data["points"],
        "scored_maximum": data["scored_maximum"],
        "sufficient": data["sufficient"],
        "classes": [c["points"] for c in data["classes"]],
    }


def _chart(trend: list[dict[str, Any]]) -> dict[str, Any]:
    """The trend chart's data: the total (null for a year with too little data) and each
    class's points per year; the table under the chart has the same figures."""
    return {
        "id": "transparency-trend",
        "x": [str(d["year"]) for d in trend],
        "series": [{"name": str(_("Total")), "data": [d["total"] for d in trend]}]
        + [
            {
                "name": str(CLASS_LABELS[c["key"]]),
                "data": [d["classes"][i]["points"] for d in trend],
            }
            for i, c in enumerate(trend[0]["classes"] if trend else [])
        ],
    }
