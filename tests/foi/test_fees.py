"""信息处理费 tiers of 国办函〔2020〕109号 with the edges of every band."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lantian.foi import fees


@pytest.mark.parametrize(
    ("nth", "yuan"),
    [
        (1, 0),
        (10, 0),  # 1–10 free
        (11, 100),
        (30, 100),  # 11–30: ¥100
        (31, 200),
        (40, 200),  # 31–40: ¥200
        (41, 300),
        (50, 300),  # 41–50: ¥300
        (51, 400),
        (60, 400),
        (61, 500),  # +¥100 per further band of 10
    ],
)
def test_per_application_band_of_the_nth_application_in_the_month(nth: int, yuan: int) -> None:
    assert fees.application_fee(nth) == Decimal(yuan)
    assert fees.fee(fees.PER_APPLICATION, nth) == Decimal(yuan)


@pytest.mark.parametrize(
    ("count", "yuan"),
    [
        (10, 0),
        (11, 100),
        (30, 2_000),  # 20 × 100
        (31, 2_200),
        (40, 4_000),  # 2,000 + 10 × 200
        (41, 4_300),
        (50, 7_000),  # 4,000 + 10 × 300
    ],
)
def test_per_application_totals_are_marginal(count: int, yuan: int) -> None:
    assert fees.applications_total(count) == Decimal(yuan)


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (0, 0),
        (30, 0),  # 1–30 free
        (31, 10),
        (100, 700),  # 70 × ¥10
        (101, 720),
        (150, 1_700),  # 700 + 50 × ¥20: the worked example
        (200, 2_700),  # 700 + 100 × ¥20
        (201, 2_740),
        (250, 4_700),  # 2,700 + 50 × ¥40
    ],
)
def test_per_volume_pages_are_charged_at_their_own_band(pages: int, yuan: int) -> None:
    assert fees.volume_fee(pages) == Decimal(yuan)
    assert fees.fee(fees.PER_VOLUME, pages) == Decimal(yuan)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        fees.application_fee(0)
    with pytest.raises(ValueError, match="negative"):
        fees.volume_fee(-1)
    with pytest.raises(ValueError, match="unknown fee method"):
        fees.fee("per_hour", 3)
