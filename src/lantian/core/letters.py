"""Official letters (FOI replies, complaint notices …): the machinery every app shares.

An app keeps its own content — the default texts, the placeholders, the facts of a case
— and builds a plain context (strings, numbers, lists of dicts: never model instances).
This module renders an administrator's template (Django template syntax) against it into
a :class:`LetterText`, and lays that one text out twice, as DOCX (python-docx, with the
CJK font named for East Asian text) and as PDF (WeasyPrint, ``core/letters/letter_pdf.html``),
so both files carry the same words.

Layout of every letter: the bureau's name (letterhead), the title, a reference line, the
salutation and body, the remedies paragraph, the list of attachments, the signature
(bureau name and date) and the bureau's contact line. The letters are official Chinese
documents: their text is Chinese whatever the staff member's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template import Context, Template
from django.template.loader import render_to_string

from lantian.core import audit, fonts
from lantian.core.bureau import Contact, contact

CJK_FONT = fonts.CJK_FAMILY  # named in the PDF template and the DOCX
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TEMPLATE = "core/letters/letter_pdf.html"

# The bureau's contact line, in print order: context key and its label.
CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("bureau_address", "联系地址"),
    ("bureau_postcode", "邮政编码"),
    ("bureau_phone", "联系电话"),
    ("bureau_fax", "传真"),
    ("bureau_email", "电子邮箱"),
)
CONTACT_KEYS: tuple[str, ...] = tuple(key for key, _label in CONTACT_FIELDS)


@dataclass(frozen=True)
class DefaultTemplate:
    """A built-in letter text, used until an administrator stores one of that kind."""

    title: str
    body: str
    remedies: str = ""


# --------------------------------------------------------------------------- context


def chinese_date(value: date | None) -> str:
    """2026年3月5日 — the form official documents print (no leading zeros)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def bureau_context(bureau: Contact | None = None) -> dict[str, str]:
    """The bureau's name and contact details (``bureau``, else the default site's), as
    the letter templates name them."""
    bureau = bureau or contact()
    return {
        "bureau_name": bureau.name,
        "bureau_address": bureau.address,
        "bureau_postcode": bureau.postcode,
        "bureau_phone": bureau.phone,
        "bureau_fax": bureau.fax,
        "bureau_email": bureau.email,
    }


def apply_extra(context: dict[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """``extra`` overrides facts of ``context`` (in place); a date is printed the Chinese
    way."""
    for key, value in (extra or {}).items():
        context[key] = chinese_date(value) if isinstance(value, date) else value
    return context


# --------------------------------------------------------------------------- composing


def check_template(text: str) -> None:
    """Raise :class:`TemplateSyntaxError` when ``text`` is not a valid Django template."""
    Template(text)


def render(text: str, context: Mapping[str, Any]) -> str:
    # Plain text out: the PDF's HTML template escapes it, python-docx needs no escaping.
    return Template(text).render(Context(dict(context), autoescape=False))


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped: one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def contact_line(context: Mapping[str, Any], keys: Sequence[str] = CONTACT_KEYS) -> str:
    """“联系地址：…　联系电话：…” from the bureau's details in ``context`` that are set."""
    labels = dict(CONTACT_FIELDS)
    parts = [f"{labels[key]}：{context[key]}" for key in keys if context.get(key)]
    return "　".join(parts)


@dataclass(frozen=True)
class LetterText:
    """Everything printed on a letter, in order; both renderers read only this."""

    kind: str
    bureau_name: str
    title: str
    reference: str
    salutation: str
    paragraphs: list[str]
    remedies: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    date: str = ""
    contact: str = ""

    def lines(self) -> list[str]:
        """The whole text, line by line (what tests and previews compare)."""
        out = [self.bureau_name, self.title, self.reference]
        out += [self.salutation] if self.salutation else []
        out += self.paragraphs + self.remedies
        if self.attachments:
            out += ["附件：", *self.attachments]
        return [*out, self.bureau_name, self.date] + ([self.contact] if self.contact else [])


def compose(
    *,
    kind: str,
    title: str,
    body: str,
    context: Mapping[str, Any],
    reference: str,
    remedies: str = "",
    attachments: Iterable[str] = (),
    contact_keys: Sequence[str] = CONTACT_KEYS,
) -> LetterText:
    """The letter from its templates (``title``, ``body``, ``remedies``) filled with
    ``context``; a short first line ending in a colon is the salutation."""
    lines = paragraphs(render(body, context))
    salutation = ""
    if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 60:
        salutation = lines.pop(0)
    return LetterText(
        kind=kind,
        bureau_name=context.get("bureau_name", ""),
        title=render(title, context).strip(),
        reference=reference,
        salutation=salutation,
        paragraphs=lines,
        remedies=paragraphs(render(remedies, context)) if remedies else [],
        attachments=list(attachments),
        date=context.get("issued_on", ""),
        contact=contact_line(context, contact_keys),
    )


def template_for(
    model: type[models.Model], defaults: Mapping[str, DefaultTemplate], kind: str
) -> Any:
    """The administrators' template of ``kind`` (a row of ``model``); the built-in
    default if none is stored."""
    stored = model._default_manager.filter(kind=kind).first()
    if stored is not None:
        return stored
    try:
        return defaults[kind]
    except KeyError:
        raise ValueError(f"unknown letter kind: {kind}") from None


# --------------------------------------------------------------------------- PDF


def letter_html(text: LetterText, *, title: str | None = None) -> str:
    """The HTML the PDF is laid out from (also the back office's preview); ``title``
    names the document (the letter's title by default)."""
    return render_to_string(
        PDF_TEMPLATE,
        {
            "letter": text,
            "font": CJK_FONT,
            "document_title": text.title if title is None else title,
        },
    )


def pdf_document(text: LetterText, *, title: str | None = None, warn_as: str | None = None) -> Any:
    """The laid-out PDF; ``warn_as`` (e.g. "a complaint letter") logs a warning when no
    CJK font is installed."""
    # Imported late: loading Pango costs time at startup.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    if warn_as:
        fonts.warn_if_missing(warn_as)
    # Nothing to fetch: a render never reaches the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=letter_html(text, title=title), url_fetcher=fetcher).render()


def render_pdf(text: LetterText, *, title: str | None = None, warn_as: str | None = None) -> bytes:
    return pdf_document(text, title=title, warn_as=warn_as).write_pdf()


# --------------------------------------------------------------------------- DOCX


def _paragraph(
    document: Any,
    text: str,
    *,
    align: Any = None,
    indent: bool = False,
    size: float | None = None,
    bold: bool = False,
    color: Any = None,
) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * (size or 12))
    run = paragraph.add_run(text)
    fonts.docx_east_asian(run, size=size, bold=bold)
    if color is not None:
        run.font.color.rgb = color


def render_docx(text: LetterText, *, author: str | None = None) -> bytes:
    """The letter as DOCX (A4, red letterhead). ``author`` replaces python-docx's own
    name in the document properties."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, RGBColor

    document = Document()
    properties = document.core_properties
    properties.title = text.title
    properties.language = "zh-CN"
    if author is not None:
        properties.author = properties.last_modified_by = author
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    fonts.docx_east_asian(document.styles["Normal"], size=12)

    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(
        document, text.bureau_name, align=center, size=22, bold=True, color=RGBColor(0xC0, 0, 0)
    )
    _paragraph(document, text.title, align=center, size=18, bold=True)
    _paragraph(document, text.reference, align=right, size=10.5)
    if text.salutation:
        _paragraph(document, text.salutation)
    for line in text.paragraphs + text.remedies:
        _paragraph(document, line, indent=True)
    if text.attachments:
        _paragraph(document, "附件：")
        for line in text.attachments:
            _paragraph(document, line, indent=True)
    _paragraph(document, "")
    _paragraph(document, text.bureau_name, align=right)
    _paragraph(document, text.date, align=right)
    if text.contact:
        _paragraph(document, text.contact, size=9)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(content: bytes) -> str:
    """Every paragraph of a DOCX, one a line (for checks and tests)."""
    from docx import Document

    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


# --------------------------------------------------------------------------- storing


def save_files(letter: Any, *, docx: bytes, pdf: bytes) -> None:
    """Keep the rendered pair on ``letter`` (its ``docx`` and ``pdf`` file fields, in the
    private storage under random names) and save it."""
    letter.docx.save("letter.docx", ContentFile(docx), save=False)
    letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
    letter.save()


def ensure_templates(
    model: type[models.Model],
    defaults: Mapping[str, DefaultTemplate],
    *,
    actor: Any = None,
    using: str = "default",
    fields: Sequence[str] = ("title", "body"),
) -> list[str]:
    """Create the default template of every kind that has none in ``model``; never
    overwrite an administrator's text. ``fields`` are the default's attributes the model
    stores. Returns the kinds created (empty on a second run)."""
    created = []
    stored = model._default_manager.using(using)
    with transaction.atomic(using=using):
        existing = set(stored.values_list("kind", flat=True))
        for kind, default in defaults.items():
            if kind in existing:
                continue
            template = stored.create(kind=kind, **{name: getattr(default, name) for name in fields})
            if using == "default":
                audit.record(actor=actor, instance=template, action="wagtail.create")
            created.append(str(kind))
    return created
