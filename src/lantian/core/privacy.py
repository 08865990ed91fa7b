"""Masking of personal data for anything a person other than staff may see.

Names, phones, ID numbers, emails and addresses never appear in full on a public page or
in the public API (DESIGN.md). Where a page must refer to a person at all (the applicant's
own tracking page), it shows these masks. The rules:

- name: the first character, every other character starred (张三 → 张*, 欧阳小明 → 欧***);
- phone: the first 3 and last 4 digits (13812345678 → 138****5678, 010-12345678 →
  010-****5678); separators kept; shorter numbers keep only their last 2 digits;
- ID number: the first 3 and last 4 characters (110101199003071234 → 110***********1234);
  shorter numbers (passports, permits) keep the first and the last 2;
- email: the first character of the mailbox and the domain (zhangsan@example.com →
  z*******@example.com);
- address: the administrative divisions down to the district or county
  (江苏省示范市东城区人民路100号 → 江苏省示范市东城区****); anything else is starred;
- free text (what an applicant wrote): each ID number, passport or permit number, phone
  number and email in it masked as above, and each person's name it names — those the
  caller knows and those :func:`lantian.core.text.person_names` finds.

Pure functions; no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STAR = "*"
HIDDEN = STAR * 4  # a fixed-length mark where even the length would say too much


def mask_name(name: str) -> str:
    """Keep the first character; star the rest (spaces kept)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return STAR if name else ""
    return name[0] + "".join(c if c.isspace() else STAR for c in name[1:])


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits; separators (spaces, hyphens, +) stay."""
    phone = (phone or "").strip()
    digits = [i for i, c in enumerate(phone) if c.isdigit()]
    if not digits:
        return HIDDEN if phone else ""
    keep = set(digits[:3] + digits[-4:]) if len(digits) >= 8 else set(digits[-2:])
    return "".join(c if (i in keep or not c.isdigit()) else STAR for i, c in enumerate(phone))


def mask_id_number(number: str) -> str:
    """Keep the first 3 and last 4 characters (resident ID, credit code); for shorter
    numbers the first and the last 2; 4 characters or fewer are starred entirely."""
    number = (number or "").strip()
    n = len(number)
    if n == 0:
        return ""
    if n <= 4:
        return STAR * n
    head, tail = (3, 4) if n >= 10 else (1, 2)
    return number[:head] + STAR * (n - head - tail) + number[n - tail :]


def mask_email(email: str) -> str:
    """Keep the first character of the mailbox and the whole domain."""
    email = (email or "").strip()
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return HIDDEN
    return local[0] + STAR * (len(local) - 1) + "@" + domain


# Divisions named by their suffix, largest first. Each name is a run of characters that
# are not themselves division suffixes, so "东城区人民路" stops after "区"; 州 ends a
# prefecture (自治州, 州) unless 市 follows (杭州市, 通州区).
_UNIT = r"[^省市区县旗盟\s\d]+?"
_ADDRESS_DIVISIONS = re.compile(
    rf"^(?:{_UNIT}(?:省|自治区|特别行政区))?"
    rf"(?:{_UNIT}(?:自治州|地区|市|盟|州(?!市)))?"
    rf"(?:{_UNIT}(?:区|县|旗|市))?"
)


def mask_address(address: str) -> str:
    """Keep the province, city and district or county; star the rest (street, number)."""
    address = (address or "").strip()
    if not address:
        return ""
    match = _ADDRESS_DIVISIONS.match(address)
    kept = match.group(0) if match else ""
    if kept == address:
        return kept
    return kept + HIDDEN


# Personal numbers inside free text, each bounded so that it is not part of a longer
# number or code: resident ID numbers (18 characters, or the old 15 digits); passports
# and travel permits (E12345678, H12345678: one or two letters and 7 to 10 digits);
# mobiles (+86, spaces or hyphens allowed); landlines with their area code.
_IN_TEXT = re.compile(
    r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?<![0-9A-Za-z])(?P<id>[1-9]\d{16}[\dXx]|[1-9]\d{14}|[A-Za-z]{1,2}\d{7,10})(?![0-9A-Za-z])"
    r"|(?<![\d+])(?P<phone>(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}[\s-]?\d{7,8})"
    r"(?!\d)"
)


def _mask_number(match: re.Match[str]) -> str:
    if match.group("email"):
        return mask_email(match.group("email"))
    if match.group("id"):
        return mask_id_number(match.group("id"))
    return mask_phone(match.group("phone"))


# A house number in a street address: "人民路100号", "滨河路88-2号3幢502室", "阳光小区5栋1单元
# 302室". Only after a street or estate word, so that a document number such as
# "环办〔2009〕101号" is left alone.
_HOUSE_NUMBER = re.compile(
    r"(?<=[路街道巷弄村里苑园院厦寓庄区])"
    r"(?:\s*\d+(?:[-－]\d+)?\s*号(?!文))?"
    r"(?:\s*\d+(?:[-－]\d+)?\s*(?:号楼|幢|栋|座|单元|层|楼|室|户))*"
)


def mask_house_numbers(text: str) -> str:
    """``text`` with the house, building and flat numbers of street addresses in it
    hidden (人民路100号3幢502室 → 人民路****): where a person lives is personal data,
    the street alone is not."""

    def hide(match: re.Match[str]) -> str:
        return HIDDEN if match.group(0).strip() else match.group(0)

    return _HOUSE_NUMBER.sub(hide, text or "")


def mask_text(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with the personal data in it masked: numbers and emails by their rule,
    ``names`` (the people the caller knows of, e.g. the applicant) and the names
    :func:`~lantian.core.text.person_names` finds by :func:`mask_name`. Finding names
    in prose is a heuristic, so pass every name you know."""
    from lantian.core.text import person_names  # jieba loads only when text is masked

    masked = _IN_TEXT.sub(_mask_number, text or "")
    known = {n.strip() for n in names if n and len(n.strip()) >= 2}
    for name in sorted(known | person_names(masked), key=len, reverse=True):
        masked = masked.replace(name, mask_name(name))
    return masked
