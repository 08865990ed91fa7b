"""Reading rendered pages as a reader does: the text outside scripts, styles and hidden
elements, with the language each piece of text is declared in (its nearest ``lang``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
HIDDEN = {"script", "style", "template"}
CJK = re.compile("[\u3400-\u9fff]")


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  # the nearest lang attribute, "" without one
    tag: str


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # tag, lang, hidden
        self.texts: list[Text] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
        if tag in VOID:
            return
        lang, hidden = self.stack[-1][1:] if self.stack else ("", False)
        hidden = hidden or tag in HIDDEN or "hidden" in found
        self.stack.append((tag, found.get("lang") or lang, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        tag, lang, hidden = self.stack[-1] if self.stack else ("", "", False)
        if data.strip() and not hidden:
            self.texts.append(Text(data.strip(), lang, tag))


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def texts(html: str) -> list[Text]:
    return read(html).texts


def visible_text(html: str) -> str:
    """The text a reader sees (and a screen reader reads), one piece per line."""
    return "\n".join(t.text for t in texts(html))


def html_lang(html: str) -> str | None:
    return read(html).html_lang


def unmarked_chinese(html: str) -> list[str]:
    """Chinese text on a page declared English: what a screen reader would read with the
    wrong voice (the page's <title> cannot carry markup, so it is left out)."""
    return [
        t.text
        for t in texts(html)
        if CJK.search(t.text) and t.lang.lower().startswith("en") and t.tag != "title"
    ]
