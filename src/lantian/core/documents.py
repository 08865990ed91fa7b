"""Building blocks of the reports every app prints as PDF (WeasyPrint) and DOCX
(python-docx) in the CJK font of :mod:`lantian.core.fonts`: a DOCX whose styles name that
font, a table whose header row repeats on each page, and a PDF laid out from HTML that
never reaches the network or the disk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lantian.core import fonts

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_document(title: str, language: str) -> Any:
    """A new document with its title and language set and the CJK font named in the
    styles a report uses (Word picks the eastAsia font for Chinese)."""
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    fonts.docx_east_asian(document.styles["Normal"], size=10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        fonts.docx_east_asian(document.styles[name])
    return document


def docx_table(
    document: Any, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> Any:
    """A captioned grid table with a bold header row repeated on each page (w:tblHeader)."""
    from docx.oxml.ns import qn

    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(table.rows[0]._tr.makeelement(qn("w:tblHeader")))
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)
    return table


def pdf_layout(html: str) -> Any:
    """The laid-out WeasyPrint document of a self-contained page (its ``pages`` can be
    read before writing): only ``data:`` URLs are fetched, so a render never reaches the
    network or the disk."""
    # Imported late: loading Pango costs time at startup.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()


def pdf_from_html(html: str) -> bytes:
    """The PDF of a self-contained page (see :func:`pdf_layout`)."""
    return pdf_layout(html).write_pdf()
