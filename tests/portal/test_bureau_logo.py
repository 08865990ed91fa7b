"""The bureau's own logo (site settings) in the back office, Lantian's icon without one."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Site

from lantian.core.roles import Role
from lantian.portal.site_settings import BureauSettings

pytestmark = pytest.mark.django_db

ICON = "lantian/icons/icon.svg"


def logo_srcs(html: str) -> list[str]:
    import re

    return re.findall(r'<img class="[^"]*lantian-logo" src="([^"]+)"', html)


def a_logo() -> Any:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (240, 120), (0, 90, 160)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="局徽", file=ImageFile(io.BytesIO(buffer.getvalue()), name="emblem.png")
    )


def test_without_a_logo_the_back_office_shows_lantians_icon(client_as: Any) -> None:
    srcs = logo_srcs(client_as(Role.EDITOR).get("/admin/").content.decode())
    assert srcs and all(ICON in src for src in srcs)
    assert any(ICON in src for src in logo_srcs(Client().get("/admin/login/").content.decode()))


def test_the_bureaus_logo_replaces_the_icon_on_every_back_office_page(client_as: Any) -> None:
    settings = BureauSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = a_logo()
    settings.save()
    rendition = settings.logo.get_rendition("max-96x96")
    assert (rendition.width, rendition.height) == (96, 48)  # kept whole, not squeezed
    for html in (
        client_as(Role.EDITOR).get("/admin/").content.decode(),
        Client().get("/admin/login/").content.decode(),
    ):
        srcs = logo_srcs(html)
        assert srcs and all(src == rendition.url for src in srcs)


def test_administrators_choose_the_logo_in_the_bureau_settings(client_as: Any) -> None:
    site = Site.objects.get(is_default_site=True)
    page = client_as(Role.ADMINISTRATOR).get(f"/admin/settings/portal/bureausettings/{site.pk}/")
    assert page.status_code == 200
    assert 'name="logo"' in page.content.decode()
    # an editor may not change the bureau's settings
    assert client_as(Role.EDITOR).get(
        f"/admin/settings/portal/bureausettings/{site.pk}/"
    ).status_code in (302, 403)
