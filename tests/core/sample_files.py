"""Small real files built in the tests, and the disguised ones every upload path refuses."""

from __future__ import annotations

import io
import zipfile


def pdf_bytes() -> bytes:
    """A minimal valid one-page PDF, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 6)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, fmt)
    return out.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("示范市生态环境局")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["站点", "AQI"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def html_named_pdf() -> bytes:
    return PAGE


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
    )


def svg_safe() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="#1e78c8"/></svg>'
    )


def gif_polyglot() -> bytes:
    """A valid GIF (image readers stop at its trailer) with a page right after it."""
    return image_bytes("GIF") + PAGE


def jpeg_polyglot() -> bytes:
    """A JPEG with a script in a comment segment near its start."""
    jpeg = image_bytes("JPEG")
    comment = b"\xff\xfe" + (len(PAGE) + 2).to_bytes(2, "big") + PAGE
    return jpeg[:2] + comment + jpeg[2:]


def pdf_polyglot() -> bytes:
    """A PDF whose first KB is also a web page."""
    pdf = pdf_bytes()
    return pdf[:15] + PAGE + b"\n" + pdf[15:]


def pdf_zip_polyglot() -> bytes:
    """A PDF with a ZIP archive appended: both readers accept it."""
    return pdf_bytes() + zip_bytes({"readme.txt": b"hello"})


def docx_with_page() -> bytes:
    """A genuine DOCX with a web page added as one of its parts."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    members = {name: source.read(name) for name in source.namelist()}
    members["word/media/index.html"] = PAGE
    return zip_bytes(members)


# executables, whatever their name says
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200

# (name, content, what it is) refused on every path that takes documents
DISGUISED = [
    ("lie.pdf", html_named_pdf, "html named .pdf"),
    ("chart.svg", svg_with_script, "svg with script"),
    ("scan.pdf", pdf_polyglot, "pdf with a page in its first KB"),
    ("scan.pdf", pdf_zip_polyglot, "pdf that is also a zip"),
    ("report.docx", lambda: PE, "executable renamed .docx"),
    ("report.docx", lambda: ELF, "ELF renamed .docx"),
    ("report.docx", docx_with_page, "docx holding a web page"),
]
# refused on the image paths
DISGUISED_IMAGES = [
    ("lie.png", html_named_pdf, "html named .png"),
    ("chart.svg", svg_with_script, "svg with script"),
    ("anim.gif", gif_polyglot, "gif with a page in its first KB"),
    ("photo.jpg", jpeg_polyglot, "jpeg with a script in its first KB"),
    ("photo.jpg", png_bytes, "png named .jpg"),
    ("photo.png", lambda: PE, "executable renamed .png"),
]
