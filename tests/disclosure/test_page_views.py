"""Page views of disclosure items: counted per item and local day from the public page,
read back by the selectors the watch of sensitive items uses."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from lantian.core.models import Department
from lantian.disclosure import pageviews, selectors
from lantian.disclosure.models import Category, DisclosureItem, ItemViewDay

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def item(demo: Any) -> DisclosureItem:
    category = Category.objects.create(code="PV1", name="计数测试")
    return DisclosureItem.objects.create(
        title="关于某化工园区环境问题的情况通报",
        index_no="MB1C00001/2026-90001",
        category=category,
        department=Department.objects.get(code="office"),
        formed_on=date(2026, 11, 1),
        published_on=date(2026, 11, 2),
        live=True,
    )


def _page(item: DisclosureItem) -> str:
    return f"/disclosure/items/{item.index_no}/"


def test_each_get_of_the_public_page_counts_on_its_local_day(item: DisclosureItem) -> None:
    client = Client()
    # 07:30 on 3 Nov in Shanghai is still 2 Nov in UTC: the local day counts
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=CST), tick=False):
        assert client.get(_page(item)).status_code == 200
        assert client.get(_page(item)).status_code == 200
        assert client.head(_page(item)).status_code == 200  # not a reading
    with time_machine.travel(datetime(2026, 11, 3, 7, 30, tzinfo=CST), tick=False):
        assert client.get(_page(item)).status_code == 200
    rows = dict(ItemViewDay.objects.filter(item=item).values_list("day", "views"))
    assert rows == {date(2026, 11, 2): 2, date(2026, 11, 3): 1}
    by_day = selectors.page_views_by_day([item.pk], date(2026, 11, 1), date(2026, 11, 30))
    assert by_day == {item.pk: {date(2026, 11, 2): 2, date(2026, 11, 3): 1}}
    assert selectors.page_views_total([item.pk]) == {item.pk: 3}
    assert selectors.page_views_total([item.pk], since=date(2026, 11, 3)) == {item.pk: 1}


def test_a_withdrawn_or_unknown_item_counts_nothing(item: DisclosureItem) -> None:
    DisclosureItem.objects.filter(pk=item.pk).update(live=False)
    assert Client().get(_page(item)).status_code == 404
    assert not ItemViewDay.objects.exists()


def test_counting_is_one_cheap_write(item: DisclosureItem) -> None:
    """The measurement behind the choice in ``pageviews``: an increment in place."""
    pageviews.record_view(item.pk, day=date(2026, 11, 2))
    started = time.perf_counter()
    for _ in range(200):
        pageviews.record_view(item.pk, day=date(2026, 11, 2))
    per_view = (time.perf_counter() - started) / 200
    assert ItemViewDay.objects.get(item=item).views == 201
    assert per_view < 0.02  # generous for CI; a few hundred microseconds locally
