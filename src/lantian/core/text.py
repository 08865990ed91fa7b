"""The one Chinese text service: segmentation for the search index and for queries,
synonyms, and highlighted snippets. Pure Python (jieba), no Django import.

Chinese has no spaces, and every database full-text index (SQLite FTS5 ``unicode61``,
PostgreSQL's parser) keeps an unbroken run of Chinese characters as one token, so a word
inside a sentence is never found. Text is therefore segmented here, before it reaches the
index, and queries are segmented the same way: index and query must use the same
segmenter, dictionary and normalisation (changing any of them means a full reindex).

- :func:`segment_for_index` — the tokens of a text, space-joined: every word jieba finds
  and every dictionary word inside it (``大气污染防治`` → ``大气污染防治 大气 污染 大气污染
  防治``), so a query for any of them matches.
- :func:`query_terms` — the words of a query, each with its synonyms: the terms are ANDed,
  the alternatives inside a term ORed.
- :func:`highlight` — an HTML-escaped snippet around the first match, matches in ``<mark>``.

Tokens are normalised alike on both sides: NFKC (full-width → half-width), lower case,
punctuation dropped (``PM2.5`` → ``pm25``), so SQLite and PostgreSQL tokenise them alike.
"""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARY_FILE = DATA_DIR / "dictionary.txt"
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"

# Words that carry no meaning on their own; dropped from a query that has other words.
STOP_WORDS = frozenset(
    ["的", "了", "和", "与", "及", "或", "在", "对", "是", "之", "等", "关于", "有关"]
)

_NON_WORD = re.compile(r"[\W_]+")
_lock = threading.Lock()
_tokenizer: Any = None
_synonyms: dict[str, frozenset[str]] | None = None


def _cache_dir() -> str:
    """A writable folder for jieba's prefix-dictionary cache (LANTIAN_HOME/cache or tmp)."""
    home = os.environ.get("LANTIAN_HOME")
    if home:
        folder = Path(home) / "cache"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return str(folder)
        except OSError:
            pass
    return tempfile.gettempdir()


def _read_lines(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def tokenizer() -> Any:
    """jieba's tokenizer with the project dictionary, built once per process."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                logging.getLogger("jieba").setLevel(logging.WARNING)
                dt = jieba.Tokenizer()
                dt.tmp_dir = _cache_dir()
                dt.initialize()
                for line in _read_lines(DICTIONARY_FILE):
                    word, *rest = line.split()
                    freq = int(rest[0]) if rest else None
                    tag = rest[1] if len(rest) > 1 else None
                    dt.add_word(word, freq, tag)
                _tokenizer = dt
    return _tokenizer


def normalize(token: str) -> str:
    """The indexed form of a token: NFKC, lower case, only letters and digits."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", token).lower())


def _inner_words(word: str, freq: dict[str, int]) -> Iterator[str]:
    """Dictionary words inside ``word`` (two characters or more), longest first."""
    n = len(word)
    for size in range(n - 1, 1, -1):
        for start in range(n - size + 1):
            part = word[start : start + size]
            if freq.get(part):
                yield part


def index_tokens(text: str) -> list[str]:
    """The normalised tokens of ``text`` for the index, in order, repeats kept."""
    if not text:
        return []
    dt = tokenizer()
    text = unicodedata.normalize("NFKC", text)
    tokens: list[str] = []
    for word in dt.cut(text):
        token = normalize(word)
        if not token:
            continue
        tokens.append(token)
        if len(word) > 2:
            tokens.extend(t for t in map(normalize, _inner_words(word, dt.FREQ)) if t)
    return tokens


@lru_cache(maxsize=1024)
def segment_for_index(text: str) -> str:
    """``text`` as space-separated tokens, ready for a whitespace-tokenising index.

    Cached: Wagtail's indexer reads every search field once per index column (three
    times per object)."""
    return " ".join(index_tokens(text))


def synonyms() -> dict[str, frozenset[str]]:
    """Normalised word → the normalised forms of its whole group (itself included)."""
    global _synonyms
    if _synonyms is None:
        table: dict[str, frozenset[str]] = {}
        for line in _read_lines(SYNONYMS_FILE):
            group = frozenset(" ".join(index_words(word)) for word in line.split())
            for form in group:
                table[form] = table.get(form, frozenset()) | group
        _synonyms = table
    return _synonyms


def index_words(text: str) -> list[str]:
    """The normalised words jieba cuts ``text`` into (no inner words), for queries."""
    dt = tokenizer()
    words = (normalize(w) for w in dt.cut(unicodedata.normalize("NFKC", text)))
    return [w for w in words if w]


def query_terms(q: str) -> list[set[str]]:
    """The terms of a query: each a set of alternatives (the word and its synonyms).

    A document matches when it matches every term, and a term when it holds any of its
    alternatives; an alternative of several space-separated tokens needs all of them
    (a synonym jieba splits). Stop words are dropped unless nothing else is left.
    """
    table = synonyms()
    words = index_words(q)
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    terms: list[set[str]] = []
    for word in dict.fromkeys(meaningful):
        alternatives = {word} | set(table.get(word, ()))
        terms.append(alternatives)
    return terms


def _pattern(token: str) -> str:
    # "pm25" also matches "PM2.5", "ｐｍ２．５": letters and digits with anything
    # non-word between them, as normalisation dropped it.
    if token.isascii():
        return r"[\W_]*".join(re.escape(ch) for ch in token)
    return re.escape(token)


def _matcher(terms: Iterable[str | Iterable[str]]) -> re.Pattern[str] | None:
    tokens: set[str] = set()
    for term in terms:
        for alternative in [term] if isinstance(term, str) else term:
            tokens.update(t for t in (normalize(p) for p in alternative.split()) if t)
    if not tokens:
        return None
    ordered = sorted(tokens, key=len, reverse=True)  # longest first: 环境影响评价 over 环境
    return re.compile("|".join(_pattern(t) for t in ordered), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str | Iterable[str]], width: int = 120) -> str:
    """An HTML-escaped snippet of about ``width`` characters around the first match of
    any of ``terms`` (strings, or sets of them as :func:`query_terms` returns), each match
    in ``<mark>``. Without a match, the start of the text. Safe to render as HTML."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").split())
    matcher = _matcher(terms)
    first = matcher.search(text) if matcher else None
    if first is None:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    start = max(0, min(first.start() - width // 3, len(text) - width))
    end = min(len(text), start + width)
    window = text[start:end]
    out: list[str] = ["…"] if start > 0 else []
    position = 0
    for match in matcher.finditer(window):  # type: ignore[union-attr]
        out.append(html.escape(window[position : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    out.append(html.escape(window[position:]))
    if end < len(text):
        out.append("…")
    return "".join(out)
