"""Public disclosure pages under the 信息公开 section (`/disclosure/…`): the guide, the
catalogue, item pages and the lists of news, notices, press conferences and policy
interpretations. Only live items are public: a draft, a scheduled item not yet live and
a withdrawn item are absent from every list and answer 404 on their own page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import nh3
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from wagtail.rich_text import expand_db_html

from lantian.core import bureau, uploads
from lantian.core.i18n import has_cjk, localized
from lantian.core.models import Department
from lantian.disclosure import pageviews, selectors
from lantian.disclosure.lists import ItemFilter, category_path, download, filter_items, paginate
from lantian.disclosure.models import Category, DisclosureItem

PUBLIC = cache_control(public=True, max_age=300)
Kind = DisclosureItem.Kind

# ---- what the public may see


def public_items() -> QuerySet[DisclosureItem]:
    """Live items only (drafts, scheduled and withdrawn items are not live), the same the
    API lists: an item marked not to be disclosed stays off the public site even if it
    was published by mistake."""
    return selectors.live_items()


def bureau_name(request: HttpRequest) -> str:
    """The bureau's name from the site settings (through core.bureau: the portal is a
    reader of this app, not a dependency of it)."""
    return bureau.contact(request).display_name


def safe_html(html: str) -> str:
    """Rich text as stored (already cleaned when saved), expanded and cleaned once more on
    the way out: a row written by any other path can't put script on a public page."""
    return nh3.clean(expand_db_html(html or ""))


# ---- the catalogue tree


@dataclass
class Node:
    category: Category
    count: int = 0  # live items here and in every sub-category
    children: list[Node] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.category.code


def category_tree() -> list[Node]:
    """Active categories as a tree, each with its count of live items (sub-trees included)."""
    categories = list(Category.objects.filter(is_active=True).select_related("parent"))
    own = dict(
        public_items()
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    nodes = {c.pk: Node(c) for c in categories}
    roots: list[Node] = []
    for category in categories:
        parent = nodes.get(category.parent_id) if category.parent_id else None
        (parent.children if parent else roots).append(nodes[category.pk])

    def total(node: Node) -> int:
        node.count = own.get(node.category.pk, 0) + sum(total(c) for c in node.children)
        return node.count

    for root in roots:
        total(root)
    return roots


# ---- pages


@PUBLIC
def catalogue(request: HttpRequest) -> HttpResponse:
    form = ItemFilter(request.GET)
    values = form.values()
    items = filter_items(values)
    if response := download(request, items, "disclosure-catalogue"):
        return response
    selected = Category.objects.filter(code=values.get("category", "")).first()
    context = {
        "form": form,
        "filters": values,
        "tree": category_tree(),
        "category": selected,
        "feed_category": selected,
        **paginate(request, items),
    }
    return render(request, "disclosure/catalogue.html", context)


# The lists by kind: the slug in the URL, the kind, its heading.
LISTS: dict[str, tuple[str, Any]] = {
    "news": (Kind.NEWS, gettext_lazy("Work news")),
    "notices": (Kind.NOTICE, gettext_lazy("Notices")),
    "press": (Kind.PRESS, gettext_lazy("Press conferences")),
    "interpretations": (Kind.INTERPRETATION, gettext_lazy("Policy interpretations")),
}


@PUBLIC
def kind_list(request: HttpRequest, slug: str) -> HttpResponse:
    kind, heading = LISTS[slug]
    form = ItemFilter(request.GET, fields=("q", "department", "year"))
    values = form.values()
    items = filter_items({**values, "kind": kind})
    if kind == Kind.INTERPRETATION and isinstance(items, QuerySet):
        items = items.select_related("interprets")
    if kind == Kind.PRESS and isinstance(items, QuerySet):
        items = items.order_by("-held_at", "-published_on", "-pk")
    if response := download(request, items, f"disclosure-{slug}"):
        return response
    context = {
        "form": form,
        "filters": values,
        "kind": kind,
        "slug": slug,
        "heading": heading,
        **paginate(request, items),
    }
    return render(request, "disclosure/kind_list.html", context)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _metadata(item: DisclosureItem, bureau: str) -> list[tuple[str, str]]:
    """The per-item block that Chinese government portals show above a document; the
    publisher is named in full (bureau and department)."""
    rows: list[tuple[str, str]] = [
        (_("Index number"), item.index_no or ""),
        (_("Category"), category_path(item.category)),
        (_("Issuing body"), _join_name(bureau, item.department.display_name)),
        (_("Date formed"), _day(item.formed_on)),
        (_("Date published"), _day(item.published_on)),
        (_("Document number"), item.doc_number),
        (_("Validity"), item.get_validity_display()),
    ]
    if item.effective_from:
        rows.append((_("Effective from"), _day(item.effective_from)))
    if item.invalid_from:
        rows.append((_("Expired or repealed on"), _day(item.invalid_from)))
    rows += [
        (_("Keywords"), item.keywords),
        (_("Disclosure attribute"), item.get_attribute_display()),
    ]
    return rows


def _join_name(bureau: str, department: str) -> str:
    """示范市生态环境局办公室; Demo City … Bureau, General Office."""
    if not bureau or department.startswith(bureau):
        return department
    return f"{bureau}{department}" if has_cjk(bureau + department) else f"{bureau}, {department}"


FILE_TYPES = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/zip": "ZIP",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "text/csv": "CSV",
    "application/ofd": "OFD",
}


def _attachment(attachment: Any) -> dict[str, Any]:
    name = attachment.file.name or ""
    extension = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    return {
        "title": attachment.title or name.rsplit("/", 1)[-1],
        "url": selectors.attachment_path(attachment),
        "type": FILE_TYPES.get(attachment.content_type, extension or _("file")),
        "size": attachment.size,
    }


@PUBLIC
def item(request: HttpRequest, index_no: str) -> HttpResponse:
    found = public_items().filter(index_no=index_no).first()
    if found is None:
        raise Http404("no published item with this index number")
    if request.method == "GET":  # the watch of sensitive items reads these counts
        pageviews.record_view(found.pk)
    public = public_items()
    questions = [
        {
            "question": block.value["question"],
            "asked_by": block.value["asked_by"],
            "answer": safe_html(block.value["answer"].source),
        }
        for block in found.questions
        if block.block_type == "qa"
    ]
    context = {
        "item": found,
        "metadata": _metadata(found, bureau_name(request)),
        "body": safe_html(localized(found.body, found.body_en)),
        "transcript": safe_html(found.transcript),
        "questions": questions,
        "attachments": [_attachment(a) for a in found.attachments.all()],
        # policy ↔ interpretations, both ways; only what is itself public
        "interprets": public.filter(pk=found.interprets_id).first()
        if found.interprets_id
        else None,
        "interpretations": list(public.filter(interprets=found)),
        "related": list(public.filter(pk__in=found.related_items.values("pk"))),
    }
    return render(request, "disclosure/item.html", context)


@PUBLIC
def attachment_file(request: HttpRequest, pk: int, filename: str) -> HttpResponse:
    """An attachment of a live item, served by the type its content was checked to be:
    PDF and images inline, everything else as a download, never sniffed (core.uploads)."""
    found = selectors.live_attachment(pk)
    if found is None or found.file.name.rsplit("/", 1)[-1] != filename:
        raise Http404("no attachment of a published item with this number and name")
    return uploads.file_response(found.file, filename=filename, content_type=found.content_type)


@PUBLIC
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 with the contents Art. 12 of the Regulations requires."""
    office = Department.objects.filter(code="office").first()
    context = {
        "tree": category_tree(),
        "office": office,
        "annual_reports": selectors.annual_reports_path(),
    }
    return render(request, "disclosure/guide.html", context)


BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|td|th|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain_summary(item: DisclosureItem, length: int = 200) -> str:
    """The item's summary, or the start of its body as plain text."""
    if item.summary:
        return item.summary
    body = BLOCK_END.sub(" ", localized(item.body, item.body_en) or "")
    text = " ".join(html.unescape(strip_tags(body)).split())
    return text if len(text) <= length else text[: length - 1] + "…"
