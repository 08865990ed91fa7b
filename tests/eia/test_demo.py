"""The demo's EIA projects: every category and stage, notices across the Spring Festival
and National Day, one late decision notice, items live in their categories; loading
again adds nothing."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from lantian.demo import eia as demo
from lantian.disclosure.models import DisclosureItem
from lantian.eia import selectors
from lantian.eia.models import Comment, Document, Notice, Project

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
LOCAL = ZoneInfo("Asia/Shanghai")


def test_the_demo_loads_every_stage_and_category_once() -> None:
    first = demo.load(today=TODAY, count=40)
    assert first["projects"] == 40 and first["notices"] > 24
    stages = set(selectors.public_projects().values_list("stage", flat=True))
    assert {"acceptance", "pre_approval", "decided", "completion"} <= stages
    assert set(Project.objects.values_list("category", flat=True)) == set(Project.Category.values)
    late = [
        row for p in selectors.public_projects() for row in selectors.notice_rows(p) if row.late
    ]
    assert len(late) >= 1
    notices = Notice.objects.select_related("disclosure_item__category")
    assert all(n.disclosure_item.live for n in notices)
    assert {n.disclosure_item.category.code for n in notices} == {
        "06.01",
        "06.02",
        "06.03",
        "06.04",
    }
    spring = Notice.objects.filter(
        kind="acceptance", starts_on__lt=date(2026, 2, 15), ends_on__gt=date(2026, 2, 23)
    )
    national = Notice.objects.filter(
        kind="pre_approval", starts_on__lt=date(2026, 10, 1), ends_on__gt=date(2026, 10, 7)
    )
    assert spring.exists() and national.exists()
    # every report book and form with a notice has its public version and its full text;
    # the completed ones their acceptance report's details
    for p in selectors.public_projects().exclude(category="registration_form"):
        versions = set(p.documents.filter(kind="eia_document").values_list("version", flat=True))
        assert versions == {"full", "public"}, p
    completed = Project.objects.filter(notices__kind="completion")
    assert completed.exists()
    assert all(p.acceptance_report_on and p.acceptance_result == "passed" for p in completed)
    assert Document.objects.filter(kind="decision", version="public").exists()
    # the public's comments: published ones answered, declined ones with their reason,
    # none on a decision notice, each sent while its notice was open
    comments = Comment.objects.select_related("notice")
    assert comments.filter(state="published").exclude(reply="").exists()
    assert all(c.reason for c in comments.filter(state="not_published"))
    assert not comments.filter(notice__kind="decision").exists()
    assert all(
        c.notice.starts_on <= c.submitted_at.astimezone(LOCAL).date() <= c.notice.ends_on
        for c in comments
    )
    published = DisclosureItem.objects.filter(category__code__startswith="06.").count()
    assert demo.load(today=TODAY, count=40) == {"projects": 0, "notices": 0}
    assert DisclosureItem.objects.filter(category__code__startswith="06.").count() == published
    assert Project.objects.count() == 40
