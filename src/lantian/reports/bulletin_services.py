"""Publication of the yearly bulletin as a disclosure item in the catalogue's
环境质量公报 category (05.03), with its PDF and DOCX attached, sent to the disclosure
review (four eyes) or, for system loaders, published at once."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantian.core import audit, bureau
from lantian.disclosure import selectors as disclosure_selectors
from lantian.disclosure import services as disclosure
from lantian.reports import bulletin as engine
from lantian.reports import bulletin_documents as documents

CATEGORY = "05.03"  # 环境质量 → 环境质量公报 (disclosure/catalogue.py)
PUBLISHED = "lantian.bulletin_published"
ATTACHMENT_TITLE = "环境状况公报全文"


def item_titles(year: int) -> tuple[str, str]:
    """The item's Chinese and English titles, named after the bureau."""
    who = bureau.contact()
    return (
        f"{who.name}{year}年环境状况公报",
        f"{who.name_en or who.name}: state of the environment bulletin {year}",
    )


def _body(b: engine.Bulletin, c: dict[str, Any], path: str) -> str:
    parts = [f"<p>{escape(c['summary'])}</p>"]
    if c["status"]:
        parts.append(f"<p>{escape(c['status']['headline'])}</p>")
    parts.append(f'<p>公报全文及图表：<a href="{escape(path)}">{escape(path)}</a></p>')
    return "".join(parts)


@transaction.atomic
def publish(*, actor: Any, year: int, today: date | None = None, review: bool = True) -> Any:
    """Publish ``year``'s bulletin: a new item the first time, a new draft of the same
    item after (its PDF and DOCX replaced). Refused (ValidationError) unless the year's
    air data make an annual assessment: an incomplete year is shown on the site, marked
    so, but not published as the year's bulletin."""
    today = today or timezone.localdate()
    b = engine.bulletin(year, today=today)
    if not b.complete:
        raise ValidationError(
            _(
                "The %(year)s bulletin cannot be published: the year is not over or has "
                "fewer than 324 valid days of air-quality data."
            )
            % {"year": year}
        )
    title, title_en = item_titles(year)
    with translation.override("zh-hans"):
        c = documents.context(b)
        files = (("pdf", documents.render_pdf(b, c)), ("docx", documents.render_docx(b, c)))
    path = reverse("bulletin:page", args=[year])
    item = disclosure.save_item_in_category(
        actor=actor,
        item=disclosure_selectors.item_titled(CATEGORY, title),
        category_code=CATEGORY,
        departments=["monitoring"],
        kind="document",
        title=title,
        title_en=title_en,
        formed_on=today,
        summary=c["summary"][:300],
        body=_body(b, c, path),
        legal_ground="《中华人民共和国环境保护法》第五十四条；《政府信息公开条例》第二十条第（十三）项",
    )
    for extension, content in files:
        label = f"{ATTACHMENT_TITLE}（{extension.upper()}）"
        disclosure.add_attachment(
            actor=actor,
            item=item,
            filename=f"environment-bulletin-{year}.{extension}",
            content=content,
            title=label,
            replacing_title=label,
        )
    if review:
        disclosure.send_to_review(actor=actor, item=item)
    else:
        disclosure.publish_item(actor=actor, item=item)
    audit.record(
        actor=actor,
        instance=item,
        action=PUBLISHED,
        data={"year": year, "index_no": item.index_no, "review": review},
    )
    return item
