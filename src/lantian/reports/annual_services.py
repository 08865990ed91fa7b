"""Writes of the annual disclosure report, each in one transaction with an audit entry:
the narrative, and its publication as a disclosure item in the catalogue's
政府信息公开工作年度报告 category (sent to the disclosure review)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantian.core import audit
from lantian.reports import annual, annual_documents
from lantian.reports.models import AnnualReportText

TEXT_SAVED = "lantian.annual_report_text_saved"
PUBLISHED = "lantian.annual_report_published"
TEXT_FIELDS = tuple(annual.TEXT_SECTIONS.values())
ATTACHMENT_TITLE = "年度报告全文"


@transaction.atomic
def save_text(*, actor: Any, year: int, **texts: str) -> AnnualReportText:
    """Save the narrative of sections 一 (``overview``), 五 (``problems``) and 六
    (``other_matters``); a blank field means "use the default written from the figures"."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"save_text() got unknown fields: {sorted(unknown)}")
    text, _created = AnnualReportText.objects.select_for_update().get_or_create(year=year)
    before = audit.snapshot(text, TEXT_FIELDS)
    for name, value in texts.items():
        setattr(text, name, (value or "").strip())
    text.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    text.full_clean()
    text.save()
    audit.record(
        actor=actor,
        instance=text,
        action=TEXT_SAVED,
        changes=audit.changed_fields(before, audit.snapshot(text, TEXT_FIELDS)),
        data={"year": year},
    )
    return text


def _item_body(doc: dict[str, Any], public_path: str) -> str:
    parts = []
    for section in doc["sections"].values():
        parts.append(f"<h2>{escape(section['title'])}</h2>")
        if "table" in section:
            parts.append("<p>详见附件中的表格。</p>")
        parts += [f"<p>{escape(text)}</p>" for text in annual.paragraphs(section)]
    if public_path:
        parts.append(f'<p>报告全文：<a href="{escape(public_path)}">{escape(public_path)}</a></p>')
    return "".join(parts)


@transaction.atomic
def publish(
    *, actor: Any, year: int, on: date | None = None, review: bool = True
) -> AnnualReportText:
    """Freeze the year's report (its document as now) and publish it as a disclosure item
    in the annual reports' category, with the DOCX and PDF attached: a new item the first
    time, a new draft of the same item after. ``review``: send the item to the disclosure
    review (four eyes); without it (system loaders, ``actor=None``) it is published at once.
    """
    from django.urls import NoReverseMatch, reverse

    from lantian.disclosure import catalogue
    from lantian.disclosure import services as disclosure

    on = on or timezone.localdate()
    text, _created = AnnualReportText.objects.select_for_update().get_or_create(year=year)
    sent_at = timezone.now()  # before the item's publication (``live_snapshot`` compares)
    live = text.live_snapshot()  # what the public sees until this version is approved
    doc = annual.build(year, text=text, today=on)
    try:
        public_path = reverse("reports:annual_public", args=[year])
    except NoReverseMatch:
        public_path = ""
    overview = annual.paragraphs(doc["sections"]["1"])
    item = disclosure.save_item_in_category(
        actor=actor,
        item=text.published_item,
        category_code=catalogue.ANNUAL_REPORTS,
        kind="document",
        title=doc["title"],
        formed_on=on,
        summary=(overview[0] if overview else doc["title"])[:300],
        body=_item_body(doc, public_path),
        legal_ground="《中华人民共和国政府信息公开条例》第四十九条、第五十条",
    )
    stem = f"annual-report-{year}"
    for extension, content in (
        ("docx", annual_documents.render_docx(doc)),
        ("pdf", annual_documents.render_pdf(doc)),
    ):
        disclosure.add_attachment(
            actor=actor,
            item=item,
            filename=f"{stem}.{extension}",
            content=content,
            title=f"{ATTACHMENT_TITLE}（{extension.upper()}）",
            replacing_title=f"{ATTACHMENT_TITLE}（{extension.upper()}）",
        )
    if review:
        disclosure.send_to_review(actor=actor, item=item)
    else:
        disclosure.publish_item(actor=actor, item=item)
    if live is not None:
        text.previous_snapshot = live
    text.published_item = item
    text.published_snapshot = doc
    text.published_at = sent_at
    text.save(
        update_fields=["published_item", "published_snapshot", "published_at", "previous_snapshot"]
    )
    audit.record(
        actor=actor,
        instance=text,
        action=PUBLISHED,
        data={"year": year, "item": item.pk, "index_no": item.index_no, "review": review},
    )
    return text
