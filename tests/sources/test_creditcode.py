"""统一社会信用代码 check (GB 32100-2015) and its organisation-code part (GB 11714)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantian.sources.creditcode import (
    AUTHORITIES,
    CHARSET,
    CreditCodeError,
    check_character,
    is_valid,
    normalise,
    org_code_check_character,
    validate,
)

# Codes printed on published business licences and company disclosures.
PUBLISHED = [
    "91350100M000100Y43",  # the example commonly cited with GB 32100-2015
    "91440300708461136T",  # 腾讯科技（深圳）有限公司
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code):
    assert validate(code) is None
    assert is_valid(code)


def test_the_cited_example_worked_by_hand():
    # Σ Ci·Wi over 91350100M000100Y4 is 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    first17 = "91350100M000100Y4"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, weights, strict=True))
    assert (total, total % 31) == (1640, 28)
    assert check_character(first17) == "3"
    # The organisation code M000100Y-4 (GB 11714): M=22, Y=34; 22·3 + 1·5 + 34·2 = 139,
    # 139 mod 11 = 7, 11 − 7 = 4.
    assert org_code_check_character("M000100Y") == "4"


def test_constructed_codes():
    # An enterprise (9 1) registered in 示范市-like division 110105, organisation code
    # body MA01ABCD: compute both check characters and the result is valid.
    body = "MA01ABCD"
    prefix = "91110105" + body + org_code_check_character(body)
    code = prefix + check_character(prefix)
    assert is_valid(code)
    # A social organisation (5 1) and an institution (1 2).
    for head in ("51", "12", "Y1", "N2"):
        prefix = head + "440300" + "12345678" + org_code_check_character("12345678")
        assert is_valid(prefix + check_character(prefix))


def test_lower_case_and_spaces_are_normalised():
    assert normalise("  91350100m000100y43 ") == "91350100M000100Y43"
    assert is_valid(" 91350100m000100y43\u3000")


@pytest.mark.parametrize("last", [c for c in CHARSET if c != "3"])
def test_every_wrong_check_character_is_reported(last):
    assert validate("91350100M000100Y4" + last) is CreditCodeError.CHECK


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", CreditCodeError.EMPTY),
        ("   ", CreditCodeError.EMPTY),
        ("91350100M000100Y4", CreditCodeError.LENGTH),
        ("91350100M000100Y433", CreditCodeError.LENGTH),
        ("91350100I000100Y43", CreditCodeError.CHARACTER),
        ("91350100O000100Y43", CreditCodeError.CHARACTER),
        ("91350100Z000100Y43", CreditCodeError.CHARACTER),
        ("91350100S000100Y43", CreditCodeError.CHARACTER),
        ("91350100V000100Y43", CreditCodeError.CHARACTER),
        ("91350100-000100Y43", CreditCodeError.CHARACTER),
        ("B1350100M000100Y43", CreditCodeError.AUTHORITY),
        ("94350100M000100Y43", CreditCodeError.ORGANISATION_TYPE),
        ("Y2350100M000100Y43", CreditCodeError.ORGANISATION_TYPE),
        ("9135A100M000100Y43", CreditCodeError.DIVISION),
        ("91350100M000100Y53", CreditCodeError.ORG_CODE_CHECK),
    ],
)
def test_reasons(code, error):
    assert validate(code) is error
    assert not is_valid(code)


def test_reasons_are_short_english_strings():
    for error in CreditCodeError:
        assert isinstance(error, str) and error.value.isascii() and len(error.value) < 80


def test_check_character_rejects_bad_input():
    with pytest.raises(ValueError):
        check_character("9135")
    with pytest.raises(ValueError):
        check_character("91350100I000100Y4")


def test_org_code_check_maps_10_to_x_and_11_to_0():
    # Sums chosen so that 11 − (Σ mod 11) is 10 and 11.
    results = {org_code_check_character(f"{n:08d}") for n in range(200)}
    assert "X" in results and "0" in results
    assert results <= set("0123456789X")


_authority = st.sampled_from([a + t for a, types in AUTHORITIES.items() for t in types])
_body = st.text(alphabet=CHARSET, min_size=8, max_size=8)
_division = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(head=_authority, division=_division, body=_body, other=st.sampled_from(CHARSET))
def test_any_prefix_with_its_check_character_is_valid_and_no_other_is(head, division, body, other):
    prefix = head + division + body + org_code_check_character(body)
    right = check_character(prefix)
    assert validate(prefix + right) is None
    if other != right:
        assert validate(prefix + other) is CreditCodeError.CHECK


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17))
def test_check_character_is_in_the_charset_for_any_prefix(first17):
    assert check_character(first17) in CHARSET
