"""信息处理费: the information processing fee of 国办函〔2020〕109号, with no Django import.

Two progressive methods, one per application, never both (Art. 3):

* 按件 (:data:`PER_APPLICATION`), counted per applicant per calendar month (Art. 4): the
  1st–10th application of the month is free, the 11th–30th costs ¥100 each, the
  31st–40th ¥200, the 41st–50th ¥300, and every further band of 10 costs ¥100 more.
* 按量 (:data:`PER_VOLUME`), per page of the information provided: pages 1–30 free,
  31–100 ¥10 a page, 101–200 ¥20 a page, from 201 ¥40 a page.

Tiers are marginal (rules-foi §4 [I]): each application or page is charged at its own
band's rate, so 150 pages cost 70 × ¥10 + 50 × ¥20 = ¥1,700.
"""

from __future__ import annotations

from decimal import Decimal

PER_APPLICATION = "per_application"
PER_VOLUME = "per_volume"
METHODS = (PER_APPLICATION, PER_VOLUME)

# (first unit of the band, yuan per unit); a band runs until the next one starts.
VOLUME_BANDS: tuple[tuple[int, int], ...] = ((1, 0), (31, 10), (101, 20), (201, 40))
APPLICATION_FREE = 10  # applications 1–10 of the month
APPLICATION_FIRST_BAND_END = 30  # 11–30: ¥100
APPLICATION_BAND = 10  # then bands of 10, each ¥100 dearer


def application_fee(nth: int) -> Decimal:
    """The fee of the applicant's ``nth`` application in the calendar month (按件)."""
    if nth < 1:
        raise ValueError("the application's number in the month starts at 1")
    if nth <= APPLICATION_FREE:
        return Decimal(0)
    if nth <= APPLICATION_FIRST_BAND_END:
        return Decimal(100)
    band = (nth - APPLICATION_FIRST_BAND_END - 1) // APPLICATION_BAND  # 31–40 → 0
    return Decimal(200 + 100 * band)


def applications_total(count: int) -> Decimal:
    """What ``count`` applications by one applicant in one month cost together (按件)."""
    if count < 0:
        raise ValueError("the number of applications must not be negative")
    return sum((application_fee(n) for n in range(1, count + 1)), Decimal(0))


def volume_fee(pages: int) -> Decimal:
    """The fee for ``pages`` pages (按量), each page at its own band's rate."""
    if pages < 0:
        raise ValueError("the number of pages must not be negative")
    total = 0
    for index, (first, rate) in enumerate(VOLUME_BANDS):
        last = VOLUME_BANDS[index + 1][0] - 1 if index + 1 < len(VOLUME_BANDS) else pages
        if pages >= first:
            total += (min(pages, last) - first + 1) * rate
    return Decimal(total)


def fee(method: str, quantity: int) -> Decimal:
    """The fee of one application: ``quantity`` is its number in the applicant's month
    (按件) or the number of pages provided (按量)."""
    if method == PER_APPLICATION:
        return application_fee(quantity)
    if method == PER_VOLUME:
        return volume_fee(quantity)
    raise ValueError(f"unknown fee method: {method!r} (one of {', '.join(METHODS)})")
