"""统一社会信用代码 (unified social credit code) check, GB 32100-2015 (no Django import).

An 18-character code:

=========  ===================================================================
position   content
=========  ===================================================================
1          registration authority (登记管理部门代码)
2          organisation type within that authority (机构类别代码)
3–8        administrative division of the registering office (GB/T 2260), digits
9–17       subject identifier (主体标识码): the organisation code of GB 11714,
           eight body characters and its own check character (9th)
18         check character over positions 1–17
=========  ===================================================================

Characters come from the 31-character set ``0-9 A-H J-N P-R T U W-Y`` (no I, O, Z, S, V).
The check character (GB 32100-2015, 4.3 and Appendix B): ``C18 = 31 − (Σ Ci·Wi mod 31)``
with weights ``Wi = 3^(i−1) mod 31`` for i = 1…17, a result of 31 written as 0. The
organisation-code part is checked with GB 11714-1997's rule: weights 3 7 9 10 5 8 4 2 on
the eight body characters (digits by value, letters A=10 … Z=35), ``C9 = 11 − (Σ mod 11)``,
10 written as ``X`` and 11 as ``0``.

:func:`validate` returns a :class:`CreditCodeError` (a ``str``: a short English reason the
caller may translate) or ``None`` when the code is valid.
"""

from __future__ import annotations

import enum

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority → organisation types (GB 32100-2015 Appendix A, code tables of
# 登记管理部门代码 and 机构类别代码). The 2015 text lists 1 (机构编制), 5 (民政), 9 (工商)
# and Y (其他); the other authorities (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会,
# A 中央军委改革和编制办公室, N 农业) were assigned later by the standard's administrator
# and are taken from published code tables, not checked against an official text.
AUTHORITIES: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {
        "1": "外国旅游部门常驻代表机构",
        "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "9": "其他",
    },
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}


class CreditCodeError(enum.StrEnum):
    """Why a code is not valid; the value is the English reason."""

    EMPTY = "the code is empty"
    LENGTH = "the code must have 18 characters"
    CHARACTER = "the code contains a character not allowed (I, O, Z, S, V or a symbol)"
    AUTHORITY = "the first character is not a registration authority code"
    ORGANISATION_TYPE = "the second character is not an organisation type of that authority"
    DIVISION = "characters 3 to 8 must be digits (administrative division code)"
    ORG_CODE_CHECK = "the organisation code part (characters 9 to 17) fails its check"
    CHECK = "the check character (the 18th) is wrong"


def normalise(code: str) -> str:
    """Strip surrounding white space (including full-width spaces) and upper-case."""
    return code.strip().replace("\u3000", "").upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 Appendix B).

    Raises ``ValueError`` unless ``first17`` has 17 characters from :data:`CHARSET`.
    """
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError("expected 17 characters from the credit-code character set")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def org_code_check_character(body8: str) -> str:
    """The 9th character of a GB 11714 organisation code for its 8 body characters."""
    if len(body8) != 8 or not all(c.isdigit() or "A" <= c <= "Z" for c in body8):
        raise ValueError("expected 8 digits or capital letters")
    total = sum(_org_value(c) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return "X" if remainder == 10 else "0" if remainder == 11 else str(remainder)


def validate(code: str) -> CreditCodeError | None:
    """The first reason ``code`` is not a valid credit code, or ``None``.

    The code is normalised first (:func:`normalise`), so lower case and surrounding
    spaces are accepted; callers should store ``normalise(code)``.
    """
    code = normalise(code)
    if not code:
        return CreditCodeError.EMPTY
    if len(code) != 18:
        return CreditCodeError.LENGTH
    if any(c not in _VALUE for c in code):
        return CreditCodeError.CHARACTER
    types = AUTHORITIES.get(code[0])
    if types is None:
        return CreditCodeError.AUTHORITY
    if code[1] not in types:
        return CreditCodeError.ORGANISATION_TYPE
    if not code[2:8].isdigit():
        return CreditCodeError.DIVISION
    if org_code_check_character(code[8:16]) != code[16]:
        return CreditCodeError.ORG_CODE_CHECK
    if check_character(code[:17]) != code[17]:
        return CreditCodeError.CHECK
    return None


def is_valid(code: str) -> bool:
    return validate(code) is None
