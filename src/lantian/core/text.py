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
- :func:`person_names` — the words of a text that look like people's names, for masking.

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
_tagger: Any = None
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


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` NFKC-normalised one character at a time, and for each character of the
    result the position of the original character it came from (NFKC may turn one
    character into several: ``Ⅲ`` → ``III``)."""
    parts: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        parts.append(normal)
        positions.extend([index] * len(normal))
    return "".join(parts), positions


def highlight(text: str, terms: Iterable[str | Iterable[str]], width: int = 120) -> str:
    """An HTML-escaped snippet of about ``width`` characters around the first match of
    any of ``terms`` (strings, or sets of them as :func:`query_terms` returns), each match
    in ``<mark>``. Without a match, the start of the text. Safe to render as HTML.

    The text is shown as written: matching runs on its NFKC form (``ＰＭ２．５`` matches
    ``pm25``), but the snippet keeps the original characters, the full-width punctuation
    of Chinese (，。、；：“”（）) included; only runs of white space become one space."""
    text = " ".join((text or "").split())
    matcher = _matcher(terms)
    normal, positions = _normalised_with_positions(text)
    spans = []
    if matcher is not None:
        for match in matcher.finditer(normal):
            if match.end() > match.start():
                spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    if not spans:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    start = max(0, min(spans[0][0] - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out: list[str] = ["…"] if start > 0 else []
    position = start
    for first, last in spans:
        if first < position or last > end:  # starts before the window, or runs past it
            continue
        out.append(html.escape(text[position:first]))
        out.append(f"<mark>{html.escape(text[first:last])}</mark>")
        position = last
    out.append(html.escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


# ---------------------------------------------------------------- people's names

# Common surnames (the few hundred most frequent, then the rarer ones of the 百家姓) and
# the compound ones still in use, two characters each. A name starts with one of them.
_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹"
    "申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
    "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑"
    "迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权"
    "强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸"
    # the rest of the 百家姓 that are not also the first character of everyday words (水,
    # 东, 公, 山 … stay out: jieba's name tag alone would mask too many ordinary words)
    "萧洪赖阎杭慕酆湛茅昝裘贲钮嵇荀於羿汲邴糜隗宓郗钭戎韶蓟邰鄂籍莘贡逄堵郦雍璩濮郏宦庾暨弘"
    "殳沃蔚夔厍訾毋乜蒯竺逯桓"
)
_COMPOUND_SURNAMES = (
    "欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙令狐夏侯宇文轩辕端木司徒南宫西门独孤呼延"
    "万俟闻人澹台公冶宗政濮阳太叔申屠钟离赫连"
)
SURNAMES = frozenset(_SINGLE_SURNAMES) | frozenset(
    _COMPOUND_SURNAMES[i : i + 2] for i in range(0, len(_COMPOUND_SURNAMES), 2)
)
# jieba tags some common words as names (许可证, 白鹭): a dictionary word this frequent
# is a word, not a person (the names jieba knows, 王建华 or 陈建国, are rare).
NAME_MAX_FREQUENCY = 20
# A "name" an organisation's suffix follows closely is part of the organisation's name
# (华芯半导体有限公司), unless a particle separates them (王建华的公司).
_ORGANISATION_AFTER = re.compile(
    r"(?:(?![的和与及])[\u4e00-\u9fff]){0,4}?(?:有限公司|公司|集团|工厂|厂|协会|研究院)"
)


def _pos_tagger() -> Any:
    """jieba's part-of-speech tagger over :func:`tokenizer`, built once per process."""
    global _tagger
    if _tagger is None:
        dt = tokenizer()
        with _lock:
            if _tagger is None:
                from jieba.posseg import POSTokenizer

                _tagger = POSTokenizer(dt)
    return _tagger


def _surname(word: str) -> bool:
    return word[:2] in SURNAMES or word[0] in SURNAMES


def person_names(text: str) -> set[str]:
    """Words of ``text`` that look like a Chinese person's name: tagged a name (``nr``)
    by jieba, two to four characters, starting with a surname, and not a common word.

    A heuristic: it finds most names written in full (王建华, 林晓梅) and misses some
    (given names alone, rare surnames); callers that know a name pass it to
    :func:`lantian.core.privacy.mask_text` as well."""
    if not text:
        return set()
    tagger = _pos_tagger()
    frequency = tagger.tokenizer.FREQ
    found: set[str] = set()
    text = unicodedata.normalize("NFKC", text)
    position = 0
    for word, flag in tagger.cut(text):
        position = text.find(word, position) + len(word)
        if (
            flag.startswith("nr")
            and 2 <= len(word) <= 4
            and _surname(word)
            and frequency.get(word, 0) <= NAME_MAX_FREQUENCY
            and not _ORGANISATION_AFTER.match(text, position)
        ):
            found.add(word)
    return found
