"""The demo's content pages link where they say: the FOI guide to the online application
form and the tracking page, in both languages, and every link in a demo page opens."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from lantian.demo import bureau
from lantian.portal.models import ContentPage

GUIDE = "/services/foi-application/"
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


def links(html: str) -> list[str]:
    return HREF.findall(html)


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_foi_guide_links_the_form_and_the_tracking_page(demo: Any) -> None:
    wanted = [reverse("foi:apply"), reverse("foi:track")]  # the paths the body spells out
    for body in (bureau.FOI_GUIDE_BODY, bureau.FOI_GUIDE_BODY_EN):
        assert links(body) == wanted
    for client, words in (
        (Client(), "在线提交政府信息公开申请"),
        (english(Client()), "apply for government information online"),
    ):
        response = client.get(GUIDE)
        assert response.status_code == 200
        page = response.content.decode()
        assert words in page
        for href in wanted:
            assert f'href="{href}"' in page
            assert client.get(href).status_code == 200


def test_every_link_in_a_demo_page_opens(demo: Any) -> None:
    client = Client()
    pages = ContentPage.objects.live()
    checked = {
        href
        for page in pages
        for href in links(page.body) + links(page.body_en)
        if href.startswith("/")
    }
    assert {reverse("foi:apply"), reverse("foi:track")} <= checked
    assert {href: client.get(href).status_code for href in sorted(checked)} == dict.fromkeys(
        sorted(checked), 200
    )
