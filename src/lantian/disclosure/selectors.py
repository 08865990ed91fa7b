"""Reads of proactive disclosure that views, the API and other apps use."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from lantian.core import search as core_search
from lantian.core import text
from lantian.core.models import Department
from lantian.disclosure import catalogue
from lantian.disclosure.models import Attachment, Category, DisclosureItem

# ---- search


def categories() -> QuerySet[Category]:
    """The catalogue's categories, in catalogue order (for other apps' choice fields)."""
    return Category.objects.all()


def category_ids(*categories: str | Category) -> list[int]:
    """The categories (by code or instance) and every category beneath them; [] for
    unknown codes. One query for the codes and one per level of the tree beneath."""
    ids = [c.pk for c in categories if isinstance(c, Category)]
    codes = [c for c in categories if not isinstance(c, Category)]
    if codes:
        ids += [
            pk
            for pk in Category.objects.filter(code__in=codes).values_list("pk", flat=True)
            if pk not in ids
        ]
    level = list(ids)
    while level:  # a parent loop in the data ends it
        level = [
            pk
            for pk in Category.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in ids
        ]
        ids += level
    return ids


def plain_text(item: DisclosureItem) -> str:
    """The item's summary and body as plain text, for snippets."""
    body = html.unescape(strip_tags(item.body or ""))
    return " ".join(part for part in (item.summary, body) if part)


class SearchResults(Sequence[DisclosureItem]):
    """Lazy, sliceable results (``len()`` and ``[a:b]`` for paginators): the items of a
    slice come with ``snippet`` (safe HTML, the matched words in ``<mark>``) and
    ``title_html`` (the title, escaped, matches marked); both plain when nothing is
    searched."""

    def __init__(self, source: Any, terms: list[set[str]], width: int = 120) -> None:
        self._source = source
        self.terms = terms
        self.width = width
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            source = self._source
            self._count = source.count() if hasattr(source, "count") else len(source)
        return self._count

    def count(self) -> int:
        return len(self)

    def _decorate(self, item: DisclosureItem) -> DisclosureItem:
        # text.highlight escapes everything but its own <mark> tags.
        item.searched = bool(self.terms)
        item.snippet = mark_safe(text.highlight(plain_text(item), self.terms, self.width))
        item.title_html = mark_safe(text.highlight(item.title, self.terms, 255))
        return item

    @overload
    def __getitem__(self, index: int) -> DisclosureItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[DisclosureItem]: ...
    def __getitem__(self, index: int | slice) -> DisclosureItem | list[DisclosureItem]:
        if isinstance(index, slice):
            return [self._decorate(item) for item in self._source[index]]
        if index < 0:
            index += len(self)
        return self[index : index + 1][0]

    def __iter__(self) -> Iterator[DisclosureItem]:
        return iter(self[0 : len(self)])


def live_items() -> QuerySet[DisclosureItem]:
    """Published items with an index number, with what lists and the API show; an item
    marked not to be disclosed stays out even if it was published by mistake."""
    return (
        DisclosureItem.objects.filter(live=True, index_no__isnull=False)
        .exclude(attribute=DisclosureItem.Attribute.WITHHELD)
        .select_related("category__parent", "department")
        .prefetch_related("attachments")
    )


BY_RELEVANCE = "relevance"
BY_DATE = "date"
NEWEST_FIRST = ("-published_on", "-formed_on")


def search(
    q: str = "",
    *,
    category: str | Category | None = None,
    department: str | Department | None = None,
    year: int | None = None,
    kind: str | None = None,
    within: Sequence[int] | None = None,
    order: str = BY_RELEVANCE,
) -> SearchResults:
    """Published items matching ``q`` (jieba-segmented, synonyms expanded, every word
    required), best first, or newest first when ``order`` is :data:`BY_DATE`; without
    ``q`` all published items, newest first.

    ``category`` (code or instance) includes its subcategories; ``department`` is a code
    or instance; ``year`` is the year of publication; ``within`` (category ids) limits
    the search to part of the catalogue. When the index finds nothing, items whose title
    contains ``q`` as typed are returned (a one-character query, a word jieba splits
    differently).
    """
    items = live_items()
    if within is not None:
        items = items.filter(category__in=within)
    if category is not None:
        items = items.filter(category__in=category_ids(category))
    if department is not None:
        if isinstance(department, Department):
            items = items.filter(department=department.pk)
        else:
            dept = Department.objects.filter(code=department).values_list("pk", flat=True)
            items = items.filter(department__in=list(dept))
    if year is not None:
        items = items.filter(
            published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31)
        )
    if kind:
        items = items.filter(kind=kind)
    q = " ".join(q.split())[:100]
    terms = text.query_terms(q) if q else []
    if not terms:
        return SearchResults(items, [])
    if order == BY_DATE:
        # Ordered by the index's filter fields (the backend sorts only on those).
        newest = items.order_by(*NEWEST_FIRST)
        found = core_search.search(newest, terms, order_by_relevance=False)
    else:
        found = core_search.search(items, terms)
    results = SearchResults(found, terms)
    if len(results) == 0:
        fallback = items.filter(title__icontains=q).order_by("-published_on", "-pk")
        return SearchResults(fallback, [*terms, {q}])
    return results


def annual_reports_path() -> str:
    """The catalogue's list of the annual disclosure reports (条例 Art. 49-50)."""
    return f"{reverse('disclosure:catalogue')}?category={catalogue.ANNUAL_REPORTS}"


def item_path(index_no: str) -> str:
    """The public page of an item, or "" while the public pages are not routed."""
    try:
        return reverse("disclosure:item", args=[index_no])
    except NoReverseMatch:
        return ""


def live_attachment(pk: int) -> Attachment | None:
    """An attachment of a live item (what :func:`live_items` shows), or None."""
    live = live_items().values("pk")
    return Attachment.objects.filter(pk=pk, item__in=live).first()


def attachment_path(attachment: Attachment) -> str:
    """Where the public downloads an attachment (checked headers, never MEDIA_URL), or ""
    while the public pages are not routed."""
    if not attachment.file:
        return ""
    try:
        return reverse(
            "disclosure:attachment", args=[attachment.pk, attachment.file.name.rsplit("/", 1)[-1]]
        )
    except NoReverseMatch:
        return ""


def item_by_index_no(index_no: str) -> DisclosureItem | None:
    """A published item by its index number; None for a draft, withdrawn or unknown one."""
    return live_items().filter(index_no=index_no).first()


# ---- workflow, timeliness, statistics


def _timeliness():  # imported late: timeliness reads the calendar
    from lantian.disclosure import timeliness

    return timeliness


def _period(items: QuerySet, field: str, start: date | None, end: date | None) -> QuerySet:
    if start is not None:
        items = items.filter(**{f"{field}__gte": start})
    if end is not None:
        items = items.filter(**{f"{field}__lte": end})
    return items


@dataclass
class TimelinessSummary:
    """Counts of one department or category for the timeliness report."""

    key: Any  # a Department or a Category (None: without one)
    total: int = 0
    published: int = 0
    published_late: int = 0
    pending: int = 0
    pending_late: int = 0
    due_soon: int = 0

    @property
    def late(self) -> int:
        return self.published_late + self.pending_late


@dataclass
class TimelinessReport:
    start: date | None
    end: date | None
    today: date
    rows: list[tuple[DisclosureItem, Any]]  # late or pending items with their Timeliness
    by_department: list[TimelinessSummary]
    by_category: list[TimelinessSummary]
    total: TimelinessSummary
    provisional: bool


def timeliness_report(
    *,
    start: date | None = None,
    end: date | None = None,
    department: Department | None = None,
    category: Category | str | None = None,
    today: date | None = None,
) -> TimelinessReport:
    """Items formed in [start, end] (all when open): counts per department and per
    top-level category, and the late or still unpublished items with days used / limit."""
    from django.utils import timezone

    today = today or timezone.localdate()
    items = DisclosureItem.objects.select_related("category", "category__parent", "department")
    items = _period(items, "formed_on", start, end)
    if department is not None:
        items = items.filter(department=department)
    if category is not None:
        items = items.filter(category__in=category_ids(category))
    assessed = _timeliness().assess_many(items.order_by("formed_on", "pk"), today=today)
    by_department: dict[Any, TimelinessSummary] = {}
    by_category: dict[Any, TimelinessSummary] = {}
    total = TimelinessSummary(key=None)
    rows = []
    for item, result in assessed:
        top = item.category.parent if item.category.parent_id else item.category
        for summary in (
            by_department.setdefault(item.department, TimelinessSummary(item.department)),
            by_category.setdefault(top, TimelinessSummary(top)),
            total,
        ):
            summary.total += 1
            if result.published:
                summary.published += 1
                summary.published_late += result.late
            else:
                summary.pending += 1
                summary.pending_late += result.late
                summary.due_soon += result.due_soon
        if result.late or not result.published:
            rows.append((item, result))
    rows.sort(key=lambda row: (not row[1].late, -row[1].days_used + row[1].limit, row[0].pk))
    return TimelinessReport(
        start=start,
        end=end,
        today=today,
        rows=rows,
        by_department=sorted(by_department.values(), key=lambda s: _order(s.key)),
        by_category=sorted(by_category.values(), key=lambda s: _order(s.key)),
        total=total,
        provisional=any(result.provisional for _item, result in assessed),
    )


def _order(key: Any) -> tuple[int, str]:
    return (getattr(key, "sort_order", 0), getattr(key, "code", ""))


def attention_items(
    *, department: Department | None, today: date | None = None
) -> list[tuple[DisclosureItem, Any]]:
    """Unpublished items (of ``department``; all when None) late or due soon."""
    items = DisclosureItem.objects.filter(published_on__isnull=True, live=False).select_related(
        "category"
    )
    if department is not None:
        items = items.filter(department=department)
    return [
        (item, result)
        for item, result in _timeliness().assess_many(items, today=today)
        if result.late or result.due_soon
    ]


@dataclass
class PublicationStatistics:
    """Items published in [start, end] (条例 Table 二 and the annual report)."""

    start: date
    end: date
    total: int
    by_category: list[tuple[Category, int]]  # second-level (or childless top-level)
    by_top_category: list[tuple[Category, int]]
    by_department: list[tuple[Department, int]]
    by_channel: list[tuple[str, str, int]]  # code, label, count
    by_month: list[tuple[str, int]]  # "YYYY-MM", count (every month of the period)


def publication_statistics(start: date, end: date) -> PublicationStatistics:
    """Counts of items published in [start, end]: on the website every live item with its
    publication date in the period; on other channels the outbox rows sent in it."""
    from collections import Counter

    from lantian.disclosure.models import Publication

    items = list(
        _period(DisclosureItem.objects.filter(live=True), "published_on", start, end)
        .select_related("category", "category__parent", "department")
        .only(
            "pk",
            "published_on",
            "category__code",
            "category__name",
            "category__name_en",
            "category__sort_order",
            "category__parent",
            "department__code",
            "department__name",
            "department__name_en",
            "department__sort_order",
        )
    )
    categories: Counter[Any] = Counter(item.category for item in items)
    tops: Counter[Any] = Counter(item.category.parent or item.category for item in items)
    departments: Counter[Any] = Counter(item.department for item in items)
    months: Counter[str] = Counter(item.published_on.strftime("%Y-%m") for item in items)
    sent = (
        Publication.objects.filter(
            state=Publication.State.SENT, sent_at__date__gte=start, sent_at__date__lte=end
        )
        .exclude(channel="website")
        .values_list("channel", flat=True)
    )
    channel_counts: Counter[str] = Counter(sent)
    channel_rows = [("website", _channel_label("website"), len(items))]
    for code in _channel_codes():
        if code != "website":
            channel_rows.append((code, _channel_label(code), channel_counts.pop(code, 0)))
    channel_rows += [(code, _channel_label(code), n) for code, n in sorted(channel_counts.items())]
    return PublicationStatistics(
        start=start,
        end=end,
        total=len(items),
        by_category=sorted(categories.items(), key=lambda pair: _order(pair[0])),
        by_top_category=sorted(tops.items(), key=lambda pair: _order(pair[0])),
        by_department=sorted(departments.items(), key=lambda pair: _order(pair[0])),
        by_channel=channel_rows,
        by_month=[(month, months.get(month, 0)) for month in _months(start, end)],
    )


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _channel_codes() -> list[str]:
    try:
        from lantian.disclosure import channels
    except ImportError:  # pragma: no cover - channels not installed
        return ["website"]
    return [channel.code for channel in channels.all_channels()]


def _channel_label(code: str) -> str:
    try:
        from lantian.disclosure import channels
    except ImportError:  # pragma: no cover
        return code
    return str(channels.channel_label(code))


# ---- public reaction after publication (read by the watch of sensitive items)


def is_item(obj: Any) -> bool:
    """Whether ``obj`` is a disclosure item (for receivers of Wagtail's signals)."""
    return isinstance(obj, DisclosureItem)


def published_sensitive_items() -> QuerySet[DisclosureItem]:
    """Live items marked sensitive, whatever their disclosure attribute."""
    return DisclosureItem.objects.filter(live=True, sensitive=True, published_on__isnull=False)


def reviewer_of(item: DisclosureItem) -> Any:
    """The user who approved the item's confidentiality review (保密审查) most recently,
    or None (e.g. an item an administrator or a loader published directly)."""
    from wagtail.models import TaskState

    from lantian.disclosure.models import ConfidentialityReviewTask

    state = (
        TaskState.objects.for_instance(item)
        .filter(
            status=TaskState.STATUS_APPROVED,
            task__in=ConfidentialityReviewTask.objects.values("pk"),
            finished_by__isnull=False,
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    return state.finished_by if state is not None else None


def page_views_by_day(item_ids: list[int], start: date, end: date) -> dict[int, dict[date, int]]:
    """``{item_id: {day: views}}``: public page views per local day in [start, end]."""
    from lantian.disclosure import pageviews

    return pageviews.views_by_day(item_ids, start, end)


def page_views_total(item_ids: list[int], since: date | None = None) -> dict[int, int]:
    from lantian.disclosure import pageviews

    return pageviews.total_views(item_ids, since)


def item_admin_path(item: DisclosureItem) -> str:
    """The item's page in the back office (its inspect view)."""
    try:
        return reverse("disclosure_items:inspect", args=[item.pk])
    except NoReverseMatch:
        return ""


# ---- annual report (table 二 of 国办公开办函〔2021〕30号; lantian.reports.annual)

# Categories whose items are 规章: a municipal bureau makes none (立法法 Art. 93: only
# governments with legislative power do), so the standard catalogue has no such category;
# an administrator who adds one named so gets it counted.
REGULATIONS_CATEGORY_NAME = "规章"
NORMATIVE_DOCUMENTS_CATEGORY = "02.01"


def _policy_counts(category_pks: list[int], year: int) -> dict[str, int]:
    """Published items of the categories: formed (制发) in the year, repealed or expired
    in it, in force on 31 December, and those marked no longer valid without a date."""
    from django.db.models import Q

    start, end = date(year, 1, 1), date(year, 12, 31)
    items = DisclosureItem.objects.filter(
        live=True, index_no__isnull=False, category__in=category_pks
    ).exclude(attribute=DisclosureItem.Attribute.WITHHELD)
    ended = Q(validity__in=[DisclosureItem.Validity.EXPIRED, DisclosureItem.Validity.REPEALED])
    return {
        "issued": items.filter(formed_on__gte=start, formed_on__lte=end).count(),
        "repealed": items.filter(ended, invalid_from__gte=start, invalid_from__lte=end).count(),
        "in_force": items.filter(formed_on__lte=end)
        .filter(Q(validity=DisclosureItem.Validity.VALID) | Q(ended, invalid_from__gt=end))
        .count(),
        "undated": items.filter(ended, invalid_from__isnull=True, formed_on__lte=end).count(),
    }


def annual_report_policy_counts(year: int) -> dict[str, dict[str, int]]:
    """Table 二 第二十条第（一）项: 规章 and 行政规范性文件 issued, repealed (废止, expired
    included) and in force, counted from the published items and their validity."""
    regulations = Category.objects.filter(name=REGULATIONS_CATEGORY_NAME)
    return {
        "regulations": _policy_counts(category_ids(*regulations), year),
        "normative_documents": _policy_counts(category_ids(NORMATIVE_DOCUMENTS_CATEGORY), year),
    }


# ---- other apps' yearly publications


def item_titled(category_code: str, title: str) -> DisclosureItem | None:
    """The newest item (draft, in review or live) of the catalogue category with exactly
    this title: how an app finds the item it published before (a yearly bulletin)."""
    found = DisclosureItem.objects.filter(category__code=category_code, title=title)
    return found.order_by("-pk").first()
