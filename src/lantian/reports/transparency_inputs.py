"""The transparency self-score's inputs for a year, counted from the apps' records
through their selectors (docs/transparency-score.md says what each count means).

Every count is ``met`` of ``total`` records with the records that missed; an obligation
not yet due on ``today`` is left out rather than counted as met or missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.complaints import selectors as complaints
from lantian.eia import selectors as eia
from lantian.enforcement import selectors as enforcement
from lantian.reports.transparency import Count, Miss, Score, Weights, score
from lantian.sources import selectors as sources

MAX_MISSES = 100  # records named per count; the count itself stays whole
FINE_TYPES = {"fine", "daily_fine"}

Inputs = dict[str, dict[str, list[Count]]]

# User-friendliness: the public column, its search, its download and its feed or API,
# as (label, URL name, query) — a deployment without one of them loses its share.
FEATURES: dict[str, list[tuple[str, str, str]]] = {
    "supervision": [
        ("penalty_column", "enforcement:penalties", ""),
        ("penalty_search", "enforcement:penalties", "?q="),
        ("penalty_download", "enforcement:penalties", "?format=csv"),
        ("penalty_feed", "enforcement:penalties_rss", ""),
        ("exceedance_column", "sources:exceedances", ""),
        ("exceedance_download", "sources:exceedances", "?format=csv"),
    ],
    "self_monitoring": [
        ("enterprise_column", "sources:enterprises", ""),
        ("enterprise_search", "sources:enterprises", "?q="),
        ("enterprise_download", "sources:enterprises", "?format=csv"),
        ("supervisory_column", "sources:supervisory_index", ""),
    ],
    "complaints": [
        ("reply_column", "complaints:replies", ""),
        ("reply_feed", "complaints:replies_rss", ""),
        ("statistics", "complaints:statistics", ""),
    ],
    "emissions": [
        ("report_column", "enforcement:reports", ""),
        ("enterprise_column", "sources:enterprises", ""),
    ],
    "eia": [
        ("project_column", "eia:projects", ""),
        ("project_search", "eia:projects", "?q="),
        ("project_download", "eia:projects", "?format=csv"),
        ("notice_feed", "eia:notices_rss", ""),
    ],
}


def weights() -> Weights:
    """The configured weights: the module's defaults with the settings laid over them."""
    return Weights.from_mapping(getattr(settings, "LANTIAN_TRANSPARENCY_WEIGHTS", None) or {})


def _admin(name: str, pk: int | None = None) -> str:
    try:
        return reverse(name, args=[pk] if pk is not None else [])
    except NoReverseMatch:
        return ""


def _count(key: str, label: str, pairs: Iterable[tuple[bool, Miss]]) -> Count:
    """A count from (met, miss) per record."""
    met = total = 0
    misses: list[Miss] = []
    for ok, miss in pairs:
        total += 1
        if ok:
            met += 1
        elif len(misses) < MAX_MISSES:
            misses.append(miss)
    return Count(key, label, met, total, tuple(misses))


def _features(class_key: str) -> Count:
    labels = {
        "penalty_column": _("penalty decisions have their own public column"),
        "penalty_search": _("penalty decisions can be searched"),
        "penalty_download": _("penalty decisions can be downloaded (CSV/XLSX)"),
        "penalty_feed": _("penalty decisions have a feed"),
        "exceedance_column": _("exceedances have their own public list"),
        "exceedance_download": _("exceedances can be downloaded"),
        "enterprise_column": _("key units have public pages with their data"),
        "enterprise_search": _("key units can be searched"),
        "enterprise_download": _("key units can be downloaded"),
        "supervisory_column": _("supervisory monitoring has its own column"),
        "reply_column": _("replies to complaints are published in a column"),
        "reply_feed": _("replies to complaints have a feed"),
        "statistics": _("complaint statistics are public"),
        "report_column": _("enterprise disclosure reports have their own column"),
        "project_column": _("EIA projects have their own column"),
        "project_search": _("EIA projects can be searched"),
        "project_download": _("EIA projects can be downloaded"),
        "notice_feed": _("EIA notices have a feed"),
    }
    pairs = []
    for key, name, query in FEATURES[class_key]:
        url = _admin(name)
        pairs.append((bool(url), Miss(str(labels[key]), url + query if url else "")))
    return _count("features", _("public features (column, search, download, feed)"), pairs)


# --------------------------------------------------------------------------- classes


def supervision(year: int, today: date) -> dict[str, list[Count]]:
    """日常监管: penalty decisions (双公示, 7 working days), the key-unit list (by 31
    March), exceedances and the enterprises' explanations."""
    checked = [
        (p, enforcement.publication_check(p, today)) for p in enforcement.penalties(year=year)
    ]

    def miss(p: Any) -> Miss:
        return Miss(
            f"{p.document_number} {enforcement.public_offender(p)}",
            _admin("enforcement_admin:penalty", p.pk),
        )

    published = [p for p, _c in checked if p.published_on is not None]
    due = [(p, c) for p, c in checked if c.published or c.late]
    systematic = [
        _count(
            "penalties_published",
            _("penalty decisions of the year published"),
            ((p.published_on is not None, miss(p)) for p, _c in due),
        )
    ]
    timely = [
        _count(
            "penalties_on_time",
            _("penalty decisions published within 7 working days"),
            ((not c.late, miss(p)) for p, c in due),
        )
    ]
    complete = [
        _count(
            "penalty_fields",
            _("published decisions with facts, legal basis, penalty and full text"),
            ((_penalty_complete(p), miss(p)) for p in published),
        )
    ]
    if sources.key_units(year).exists():
        status = sources.key_unit_list_status(year, today)
        label = _("key-unit list %(year)s") % {"year": year}
        link = Miss(label, _admin("sources_admin:index"))
        if status.status != "pending":
            systematic.append(
                _count(
                    "key_unit_list",
                    _("the key-unit list published"),
                    [(status.published_on is not None, link)],
                )
            )
            timely.append(
                _count(
                    "key_unit_list_on_time",
                    _("the key-unit list published by 31 March"),
                    [(status.status == "on_time", link)],
                )
            )
    complete.append(
        _count(
            "exceedances_explained",
            _("exceedances with the enterprise's explanation"),
            (
                (
                    bool(e.explanation.strip()),
                    Miss(
                        _event_label(e),
                        _admin("sources_admin:exceedance", e.pk),
                    ),
                )
                for e in sources.year_exceedances(year)
            ),
        )
    )
    return {"systematic": systematic, "timely": timely, "complete": complete}


def _event_label(event: Any) -> str:
    start = timezone.localtime(event.start)
    pollutant = sources.pollutant_label(event.pollutant)
    return f"{event.outlet.enterprise.name} {event.outlet.code} {pollutant} {start:%Y-%m-%d %H:%M}"


def _penalty_complete(penalty: Any) -> bool:
    texts = (penalty.facts, penalty.legal_basis, penalty.decision_text, penalty.document_number)
    if not all(str(t or "").strip() for t in texts) or not penalty.penalty_types:
        return False
    return not (FINE_TYPES & set(penalty.penalty_types)) or penalty.fine is not None


def self_monitoring(year: int, today: date) -> dict[str, list[Count]]:
    """自行监测: the key units' self-monitoring values of the year."""
    units = sources.unit_monitoring(year)

    def miss(u: Any, detail: str = "") -> Miss:
        name = f"{u.enterprise.name} {detail}".strip()
        return Miss(name, _admin("sources_admin:enterprise", u.enterprise.pk))

    def share(met: int, total: int) -> str:
        return _("%(met)s of %(total)s values") % {"met": met, "total": total}

    late = [u for u in units if u.timed and u.on_time < u.timed]
    invalid = [u for u in units if u.valid < u.values]
    return {
        "systematic": [
            _count(
                "units_reporting",
                _("key units that published self-monitoring data in the year"),
                ((u.values > 0, miss(u)) for u in units),
            )
        ],
        "timely": [
            Count(
                "values_on_time",
                _("values received within the limit (automatic 2 hours, manual 5 working days)"),
                sum(u.on_time for u in units),
                sum(u.timed for u in units),
                tuple(miss(u, share(u.timed - u.on_time, u.timed)) for u in late[:MAX_MISSES]),
            )
        ],
        "complete": [
            Count(
                "values_valid",
                _("values valid (flag N, with a value)"),
                sum(u.valid for u in units),
                sum(u.values for u in units),
                tuple(miss(u, share(u.values - u.valid, u.values)) for u in invalid[:MAX_MISSES]),
            )
        ],
    }


def complaints_class(year: int, today: date) -> dict[str, list[Count]]:
    """举报回应: complaints, reports and letters received in the year."""
    cases = list(complaints.cases_received(year))
    clocks = complaints.case_clocks(cases, today)
    answered_states = {"replied", "closed"}

    def miss(c: Any) -> Miss:
        return Miss(f"{c.case_no} {c.title}", _admin("complaints_admin:case", c.pk))

    done = [c for c in cases if clocks[c.pk].stage == "done" or clocks[c.pk].overdue]
    answered = [c for c in cases if c.state in answered_states]
    timed = [c for c in done if clocks[c.pk].on_time is not None or clocks[c.pk].overdue]
    return {
        "systematic": [
            _count(
                "cases_answered",
                _("cases answered or referred (open cases still in time left out)"),
                ((clocks[c.pk].stage == "done", miss(c)) for c in done),
            ),
            _count(
                "replies_published",
                _("replies published where the complainant agreed"),
                ((c.published, miss(c)) for c in answered if c.agrees_to_publication),
            ),
        ],
        "timely": [
            _count(
                "cases_on_time",
                _("cases answered within their limit"),
                ((clocks[c.pk].on_time is True, miss(c)) for c in timed),
            )
        ],
        "complete": [
            _count(
                "replies_complete",
                _("answered cases with the findings and the reply recorded"),
                (
                    (bool(c.reply.strip() and c.findings.strip() and c.replied_on), miss(c))
                    for c in answered
                ),
            )
        ],
    }


def emissions(year: int, today: date) -> dict[str, list[Count]]:
    """排放数据: enterprises' disclosure reports due in the year — the annual reports of
    the previous year (due 15 March) and the ad-hoc reports on documents received."""
    annual = [s for s in enforcement.annual_reports(year - 1, today) if s.status != "pending"]
    adhoc = [s for s in enforcement.adhoc_reports(year, today) if s.status != "pending"]
    reported = {s.report.enterprise_id for s in annual}
    unlisted = [e for e in sources.key_units(year - 1) if e.pk not in reported]
    late_url = _admin("enforcement_admin:late_reports")

    def miss(s: Any) -> Miss:
        return Miss(str(s.report), late_url)

    def report_miss(s: Any) -> Miss:
        return Miss(str(s.report), _admin("enforcement:report", s.report.pk))

    submitted = [s for s in annual + adhoc if s.report.submitted_on is not None]
    systematic = [(s.report.submitted_on is not None, miss(s)) for s in annual]
    no_record = _("%(name)s: no annual report recorded")
    systematic += [
        (False, Miss(no_record % {"name": e.name}, _admin("sources_admin:enterprise", e.pk)))
        for e in unlisted
    ]
    return {
        "systematic": [
            _count(
                "annual_reports",
                _("key units of the previous year with their annual report submitted"),
                systematic,
            )
        ],
        "timely": [
            _count(
                "reports_on_time",
                _("reports submitted on time (annual by 15 March, ad-hoc in 5 working days)"),
                ((s.status == "on_time", miss(s)) for s in annual + adhoc),
            )
        ],
        "complete": [
            _count(
                "reports_complete",
                _("submitted reports answering every required category"),
                (
                    (not s.report.missing_categories(s.report.content), report_miss(s))
                    for s in submitted
                ),
            )
        ],
    }


def eia_class(year: int, today: date) -> dict[str, list[Count]]:
    """环评信息: acceptance notices of the year's accepted projects, decision notices
    (7 working days) and decision documents of the year's decisions."""
    accepted = list(eia.projects_accepted(year))
    decided = list(eia.projects_decided(year))

    def miss(p: Any) -> Miss:
        return Miss(p.name, _admin("eia_admin:project", p.pk))

    notices = [eia.decision_notice(p, today) for p in decided]
    checks = [(p, eia.decision_check(p, today)) for p in decided]
    return {
        "systematic": [
            _count(
                "acceptance_notices",
                _("accepted projects with an acceptance notice"),
                ((any(n.kind == "acceptance" for n in p.notices.all()), miss(p)) for p in accepted),
            ),
            _count(
                "decision_notices",
                _("decided projects with a decision notice"),
                ((n.published_on is not None, miss(n.project)) for n in notices if not n.pending),
            ),
        ],
        "timely": [
            _count(
                "decision_notices_on_time",
                _("decision notices within 7 working days of the decision"),
                ((not n.late, miss(n.project)) for n in notices if not n.pending),
            ),
            _count(
                "decisions_in_time",
                _("decisions within the statutory period"),
                ((not c.late, miss(p)) for p, c in checks if c is not None and c.period_days),
            ),
        ],
        "complete": [
            _count(
                "decision_documents",
                _("decided projects with a decision number and a public decision document"),
                (
                    (bool(p.decision_number.strip() and eia.public_decision_documents(p)), miss(p))
                    for p in decided
                ),
            )
        ],
    }


GATHERERS: dict[str, Callable[[int, date], dict[str, list[Count]]]] = {
    "supervision": supervision,
    "self_monitoring": self_monitoring,
    "complaints": complaints_class,
    "emissions": emissions,
    "eia": eia_class,
}


def gather(year: int, today: date) -> Inputs:
    """Every class's counts for ``year``, measured on ``today``."""
    inputs: Inputs = {}
    for key, gatherer in GATHERERS.items():
        counts = gatherer(year, today)
        counts["user_friendly"] = [_features(key)]
        inputs[key] = counts
    return inputs


def year_score(year: int, today: date, configured: Weights | None = None) -> Score:
    return score(gather(year, today), configured or weights())


@checks.register()
def check_weights(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Bad LANTIAN_TRANSPARENCY_WEIGHTS are said at start-up, not as a server error when
    the score page is first opened."""
    try:
        weights()
    except (TypeError, ValueError) as error:
        return [
            checks.Error(
                f"LANTIAN_TRANSPARENCY_WEIGHTS cannot be used: {error}",
                hint="See docs/transparency-score.md for the keys and what each weight means.",
                id="reports.E001",
            )
        ]
    return []
