"""Read the back-office dashboard as a browser would: its main content's links and the
user's attention sections, and follow every link."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client

DASHBOARD = "/admin/"


@dataclass
class Dashboard:
    links: list[str] = field(default_factory=list)  # every href under /admin/ in <main>
    sections: dict[str, list[str]] = field(default_factory=dict)  # heading -> item texts
    empty: bool = False  # the "nothing needs you" line is shown


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Dashboard()
        self.in_main = False
        self.heading: str | None = None
        self.reading_heading = False
        self.item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith(DASHBOARD):
            self.page.links.append(href)
        if "lantian-attention-section__heading" in classes:
            self.reading_heading, self.heading = True, ""
        if "lantian-attention--empty" in classes:
            self.page.empty = True
        if tag == "li" and self.heading is not None:
            self.item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag == "h4" and self.reading_heading:
            self.reading_heading = False
            self.page.sections.setdefault(self.heading or "", [])
        if tag == "li" and self.item is not None and self.heading is not None:
            self.page.sections[self.heading].append(" ".join(self.item))
            self.item = None
        if tag == "section":
            self.heading = None

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self.reading_heading:
            self.heading = (self.heading or "") + text
        elif self.item is not None and text:
            self.item.append(text)


def read(client: Client) -> Dashboard:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    reader = _Reader()
    reader.feed(response.content.decode())
    return reader.page


def broken_links(client: Client, page: Dashboard) -> list[tuple[str, int, str]]:
    """Links that answer 403 or 404 (redirects followed), or whose redirects end on the
    dashboard or the sign-in page (Wagtail's way of refusing): (link, status, where)."""
    broken = []
    for link in sorted(set(page.links)):
        response = client.get(link, follow=True)
        chain = [url for url, _status in response.redirect_chain]
        landed = chain[-1] if chain else link
        refused_by_redirect = bool(chain) and landed.split("?")[0] in (DASHBOARD, "/admin/login/")
        if response.status_code in (403, 404) or refused_by_redirect:
            broken.append((link, response.status_code, landed))
    return broken


def heading(msgid: str) -> str:
    """A dashboard section's heading as the back office shows it (in Chinese)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.gettext(msgid)
