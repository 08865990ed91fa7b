"""Filtered lists of live items: the catalogue's filters, its pages of 20 and its CSV/XLSX
downloads. The catalogue and the lists by kind use them, and — through :func:`item_list`,
part of this app's public interface beside its selectors — the pages of other apps that
list part of the catalogue (a portal section whose own app does not exist yet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import spreadsheets
from lantian.core.models import Department
from lantian.disclosure import selectors
from lantian.disclosure.models import Category, DisclosureItem

PER_PAGE = 20
Kind = DisclosureItem.Kind


def category_path(category: Category) -> str:
    names, seen = [], set()
    node: Category | None = category
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        names.append(node.display_name)
        node = node.parent
    return " / ".join(reversed(names))


# ---- filters


def _years(items: QuerySet[DisclosureItem]) -> list[tuple[str, str]]:
    dates = items.order_by().dates("published_on", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in dates]


class ItemFilter(forms.Form):
    """What a reader may narrow a list by; unknown values are ignored, never an error.

    ``within`` (category ids) limits the list to part of the catalogue: the category
    choices are those categories, the years those with items in them."""

    q = forms.CharField(label=gettext_lazy("Keywords"), required=False, max_length=100)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    department = forms.ChoiceField(label=gettext_lazy("Issuing department"), required=False)
    year = forms.ChoiceField(label=gettext_lazy("Year published"), required=False)
    validity = forms.ChoiceField(label=gettext_lazy("Validity"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        fields: tuple[str, ...] | None = None,
        within: Sequence[int] | None = None,
    ) -> None:
        super().__init__(data)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]
        categories = Category.objects.filter(is_active=True).select_related("parent")
        items = selectors.live_items()
        if within is not None:
            categories = categories.filter(pk__in=within)
            items = items.filter(category__in=within)
        every = [("", _("All"))]
        choices = {
            "category": lambda: [(c.code, category_path(c)) for c in categories],
            "department": lambda: [
                (d.code, d.display_name) for d in Department.objects.filter(is_active=True)
            ],
            "year": lambda: _years(items),
            "validity": lambda: list(DisclosureItem.Validity.choices),
            "kind": lambda: list(Kind.choices),
        }
        for name, make in choices.items():
            if name in self.fields:
                self.fields[name].choices = every + make()

    def values(self) -> dict[str, str]:
        """The valid, non-empty filters."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


def filter_items(
    values: dict[str, str],
    items: QuerySet[DisclosureItem] | None = None,
    *,
    within: Sequence[int] | None = None,
) -> Any:
    """The live items matching the filters (in the categories ``within`` when given): a
    category includes its sub-categories. With words to search, the search's results
    (best first, with highlighted snippets)."""
    if values.get("q"):
        return _search(values, within)
    items = selectors.live_items() if items is None else items
    if within is not None:
        items = items.filter(category__in=within)
    if (code := values.get("category")) and (ids := selectors.category_ids(code)):
        items = items.filter(category__in=ids)
    if code := values.get("department"):
        items = items.filter(department__code=code)
    if year := values.get("year"):
        items = items.filter(published_on__year=int(year))
    if validity := values.get("validity"):
        items = items.filter(validity=validity)
    if kind := values.get("kind"):
        items = items.filter(kind=kind)
    return items


def _search(values: dict[str, str], within: Sequence[int] | None = None) -> Any:
    results = selectors.search(
        values["q"],
        category=values.get("category") or None,
        department=values.get("department") or None,
        year=int(values["year"]) if values.get("year") else None,
        kind=values.get("kind") or None,
        within=within,
    )
    if validity := values.get("validity"):
        return [item for item in results if item.validity == validity]
    return results


def paginate(request: HttpRequest, items: Any) -> dict[str, Any]:
    """A page of the list (20 items) and the page numbers to link, elided when many."""
    page: Page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
    }


# ---- downloads of a filtered list


def catalogue_rows(items: Any) -> tuple[list[str], list[list[Any]]]:
    """The catalogue columns of Art. 12: index number, title, summary, dates, publisher."""
    header = [
        _("Index number"),
        _("Title"),
        _("Category"),
        _("Issuing department"),
        _("Document number"),
        _("Date formed"),
        _("Date published"),
        _("Validity"),
        _("Summary"),
    ]
    rows = [
        [
            item.index_no or "",
            item.display_title,
            category_path(item.category),
            item.department.display_name,
            item.doc_number,
            item.formed_on,
            item.published_on,
            item.get_validity_display(),
            item.summary,
        ]
        for item in items
    ]
    return header, rows


def download(request: HttpRequest, items: Any, stem: str) -> HttpResponse | None:
    """The filtered list as ``?format=csv|xlsx`` (every page, not only the one shown);
    CSV carries a byte-order mark so that Excel opens Chinese text correctly."""
    fmt = request.GET.get("format", "")
    if fmt not in spreadsheets.FORMATS:
        return None
    header, rows = catalogue_rows(items)
    return spreadsheets.attachment(
        fmt, f"{stem}-{date.today().isoformat()}", [(stem, header, rows)]
    )


@dataclass
class ItemList:
    """A filtered list of live items as the catalogue shows it, for another app's page:
    ``context`` is what ``disclosure/includes/filters.html`` and ``results.html`` need
    (form, filters, page_obj, page_range, feed_category); ``download`` the CSV or XLSX
    file when ``?format=`` asks for one."""

    context: dict[str, Any]
    download: Any = None  # an HttpResponse, or None


def item_list(request: Any, *, categories: Sequence[str], stem: str) -> ItemList:
    """The catalogue's list, filters, pages and downloads limited to ``categories`` (codes,
    sub-categories included): the same form, rules and templates as the catalogue."""
    within = selectors.category_ids(*categories)
    form = ItemFilter(request.GET, within=within)
    values = form.values()
    items = filter_items(values, within=within)
    found = download(request, items, stem)
    if found is not None:
        return ItemList({}, found)
    single = Category.objects.filter(code=categories[0]).first() if len(categories) == 1 else None
    chosen = (
        Category.objects.filter(code=values["category"]).first() if "category" in values else None
    )
    return ItemList(
        {
            "form": form,
            "filters": values,
            "feed_category": chosen or single,
            **paginate(request, items),
        }
    )
