"""The demo bureau's two years of disclosure items: enough, varied, realistic, loaded
through the services, and loaded once however often the loader runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from lantian.core.calendar import working_days_between
from lantian.demo import disclosure
from lantian.disclosure import catalogue as standard
from lantian.disclosure import selectors
from lantian.disclosure.models import Category, DisclosureItem, Publication
from tests.demo.conftest import DEMO_NOW

TODAY = DEMO_NOW.date()


def test_two_years_of_items_across_the_catalogue(demo: Any) -> None:
    first = disclosure.load(today=TODAY)
    items = DisclosureItem.objects.select_related("category")
    assert first["items"] >= 300 and items.count() == first["items"]

    # every kind, and most of the catalogue's second-level categories
    assert set(items.values_list("kind", flat=True)) == set(DisclosureItem.Kind.values)
    used = set(items.values_list("category__code", flat=True))
    catalogue = set(Category.objects.values_list("code", flat=True))
    assert used <= catalogue and len(used) >= 25
    assert {"09.01", "06.01", "06.03", "14", "15", "16", "03.01"} <= used
    formed = sorted(items.values_list("formed_on", flat=True))
    assert formed[0] < date(2025, 1, 1) and formed[-1] >= date(2026, 11, 1)

    # every item has an index number and a document number where the story gives one
    assert not items.filter(index_no__isnull=True).exists()
    assert items.filter(doc_number__startswith="示环罚〔2026〕").count() >= 10
    assert items.filter(title__contains="环境影响评价文件受理情况的公示").exists()
    assert items.filter(title__contains="双随机、一公开").exists()

    # timeliness: most on time, some late (25–40 working days)
    live = [item for item in items.filter(live=True) if item.published_on]
    waits = [
        (working_days_between(item.formed_on, item.published_on).value, item.category)
        for item in live
    ]
    late = [days for days, category in waits if days > category.time_limit_days]
    assert 0.04 <= len(late) / len(live) <= 0.13
    assert all(25 <= days <= 40 for days in late)

    # scheduled for the coming days, withdrawn with reasons, expired and repealed policies
    scheduled = items.filter(live=False, go_live_at__isnull=False, withdrawn_reason="")
    assert scheduled.count() >= 3
    assert all(item.go_live_at.date() > TODAY for item in scheduled)
    assert not scheduled.filter(published_on__isnull=False).exists()
    withdrawn = items.exclude(withdrawn_reason="")
    assert withdrawn.count() >= 3 and not withdrawn.filter(live=True).exists()
    assert items.filter(validity=DisclosureItem.Validity.REPEALED).exists()
    assert items.filter(validity=DisclosureItem.Validity.EXPIRED).exists()

    # interpretations linked to their policies; press conferences with questions
    interpretations = items.filter(kind=DisclosureItem.Kind.INTERPRETATION)
    assert interpretations.count() >= 6
    for interpretation in interpretations:
        assert interpretation.interprets.kind == DisclosureItem.Kind.POLICY
        assert interpretation.interprets in interpretation.related_items.all()
    press = items.filter(kind=DisclosureItem.Kind.PRESS).first()
    assert press.held_at and press.speakers and "主持人" in press.transcript
    assert len(press.questions) == 2 and press.questions[0].value["asked_by"]

    # delivery state: the website for every live item, WeChat and Weibo for news
    website = Publication.objects.filter(channel="website", state=Publication.State.SENT)
    assert website.count() == items.filter(live=True).count()
    news = items.filter(kind=DisclosureItem.Kind.NEWS, live=True).first()
    assert set(news.publications.values_list("channel", flat=True)) == {
        "website",
        "wechat",
        "weibo",
    }
    assert news.publications.get(channel="wechat").sent_at.date() >= news.formed_on

    # searchable
    assert selectors.search("行政处罚决定书").count() >= 10
    assert selectors.search("新闻发布会").count() >= 8

    # every category of the standard catalogue has live items, 机构职能 among them
    live_by_code = set(selectors.live_items().values_list("category__code", flat=True))
    empty = [
        entry.code
        for entry, _parent in standard.entries()
        if not any(code == entry.code or code.startswith(f"{entry.code}.") for code in live_by_code)
    ]
    assert empty == []
    functions = selectors.live_items().filter(category__code__startswith="01.")
    assert set(functions.values_list("category__code", flat=True)) == {
        "01.01",
        "01.02",
        "01.03",
        "01.04",
    }
    assert functions.filter(title="示范市生态环境局主要职责").exists()
    reports = selectors.live_items().filter(category__code="17")
    assert [item.published_on <= date(item.formed_on.year, 1, 31) for item in reports] == [
        True,
        True,
    ]
    # the standing 一图读懂 and the routine one that keeps the column within its period
    illustrated = items.filter(category__code="03.02")
    assert illustrated.count() == 2
    assert all(item.interprets.kind == DisclosureItem.Kind.POLICY for item in illustrated)

    # a second load changes nothing
    counts = dict(Publication.objects.values_list("channel").annotate(n=Count("pk")))
    assert disclosure.load(today=TODAY)["items"] == 0
    assert DisclosureItem.objects.count() == first["items"]
    assert dict(Publication.objects.values_list("channel").annotate(n=Count("pk"))) == counts


def test_the_story_is_the_same_every_time(db: Any) -> None:
    import random

    one = disclosure._specs(random.Random(disclosure.SEED), TODAY)
    two = disclosure._specs(random.Random(disclosure.SEED), TODAY)
    assert [(s.title, s.formed_on) for s in one] == [(s.title, s.formed_on) for s in two]
