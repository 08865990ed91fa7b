"""Every upload path of the complaints app checks the file by its content with the core
checker (issue 15, item 3): a photo (public form, staff upload, site inspection, all
through services.add_photo) and an inspection team's sheet (batch_services.import_batch)
refuse HTML under an image or workbook name, SVG with a script and polyglots, and keep
nothing then."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lantian.complaints import batch_services, services
from lantian.complaints.models import Complaint, InspectionBatch, Photo
from lantian.core.roles import Role
from tests.complaints.batch_fixtures import places  # noqa: F401
from tests.core.sample_files import (
    ELF,
    PAGE,
    PE,
    html_named_pdf,
    jpeg_polyglot,
    png_bytes,
    svg_with_script,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def png_with_page() -> bytes:
    """A valid PNG with a web page right after it, within the first kilobytes."""
    return png_bytes() + PAGE


def png_with_zip() -> bytes:
    """A valid PNG with a ZIP archive appended: both readers accept it."""
    return png_bytes() + zip_bytes({"readme.txt": b"hello"})


def xlsx_with_page() -> bytes:
    """A genuine workbook with a web page added as one of its parts."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/media/index.html"] = PAGE
    return zip_bytes(members)


DISGUISED_PHOTOS: list[tuple[str, Callable[[], bytes], str]] = [
    ("现场.jpg", html_named_pdf, "html named .jpg"),
    ("现场.png", html_named_pdf, "html named .png"),
    ("现场.svg", svg_with_script, "svg with script"),
    ("现场.jpg", svg_with_script, "svg with script named .jpg"),
    ("现场.jpg", jpeg_polyglot, "jpeg with a script in its first KB"),
    ("现场.png", png_with_page, "png with a page after it"),
    ("现场.png", png_with_zip, "png that is also a zip"),
    ("现场.jpg", lambda: PE, "executable renamed .jpg"),
]

DISGUISED_SHEETS: list[tuple[str, Callable[[], bytes], str]] = [
    ("交办单.xlsx", html_named_pdf, "html named .xlsx"),
    ("交办单.xlsx", svg_with_script, "svg with script named .xlsx"),
    ("交办单.xlsx", xlsx_with_page, "xlsx holding a web page"),
    ("交办单.xlsx", lambda: PE, "executable renamed .xlsx"),
    ("交办单.xlsx", lambda: ELF, "ELF renamed .xlsx"),
]


@pytest.mark.parametrize(
    ("name", "maker", "what"), DISGUISED_PHOTOS, ids=[d[2] for d in DISGUISED_PHOTOS]
)
def test_a_disguised_photo_is_refused_and_nothing_is_kept(
    case: Complaint, staff: dict[Role, Any], name: str, maker: Callable[[], bytes], what: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_photo(
            actor=staff[Role.ADMINISTRATOR], complaint=case, filename=name, content=maker()
        )
    assert name in " ".join(refused.value.messages), what
    assert not Photo.objects.filter(complaint=case).exists()


@pytest.mark.parametrize(
    ("name", "maker", "what"), DISGUISED_SHEETS, ids=[d[2] for d in DISGUISED_SHEETS]
)
def test_a_disguised_batch_sheet_is_refused_and_nothing_is_kept(
    places: dict[str, Any],  # noqa: F811
    staff: dict[Role, Any],
    name: str,
    maker: Callable[[], bytes],
    what: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        batch_services.import_batch(actor=staff[Role.ADMINISTRATOR], filename=name, content=maker())
    assert name in " ".join(refused.value.messages), what
    assert not InspectionBatch.objects.exists()
