"""Projects, notices, the decision and pauses through the services: audited, linked to the
enterprise register, each notice a disclosure item of its 06.xx category in review, a
short notice refused naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lantian.disclosure.models import DisclosureItem
from lantian.eia import selectors, services
from lantian.eia.models import Project
from tests.eia.conftest import OUTSIDER, Plants, project

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def actions(found: Project) -> list[str]:
    entries = ModelLogEntry.objects.filter(
        content_type__model="project", object_id=str(found.pk)
    ).order_by("pk")
    return [entry.action for entry in entries]


def test_a_project_is_registered_audited_and_linked_to_the_enterprise(plants: Plants) -> None:
    found = project(plants)
    assert found.enterprise == plants.power
    assert actions(found) == ["wagtail.create"]
    services.save_project(actor=None, project=found, builder_name="示范热电股份有限公司")
    entry = ModelLogEntry.objects.filter(
        content_type__model="project", object_id=str(found.pk), action="wagtail.edit"
    ).get()
    assert entry.data["changes"]["builder_name"][1] == "示范热电股份有限公司"
    other = project(plants, builder_credit_code=OUTSIDER.lower(), name="外来项目")
    assert other.builder_credit_code == OUTSIDER and other.enterprise is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("builder_credit_code", "91320500MA1XAB1266"),  # wrong check character
        ("industry_code", "44121"),
        ("category", "report"),
        ("latitude", "91"),
    ],
)
def test_bad_project_fields_are_refused_by_name(plants: Plants, field: str, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        project(plants, **{field: value})
    assert field in refused.value.message_dict
    assert not Project.objects.exists()


def test_each_notice_is_a_disclosure_item_in_its_category_sent_to_review(plants: Plants) -> None:
    found = project(plants)
    notice = services.add_notice(
        actor=None,
        project=found,
        kind="acceptance",
        starts_on=D("2026-02-10"),
        ends_on=D("2026-02-28"),
    )
    item = DisclosureItem.objects.get(pk=notice.disclosure_item_id)
    assert item.category.code == "06.01" and not item.live and item.workflow_in_progress
    assert item.title == "关于示范热电2×350MW热电联产扩建项目环境影响报告书受理情况的公示"
    assert f'href="/eia/projects/{found.pk}/"' in item.body and "示范热电有限公司" in item.body
    assert notice.published_on == D("2026-02-10")
    assert actions(found) == ["wagtail.create", services.NOTICE_ADDED]
    pre = services.add_notice(
        actor=None,
        project=found,
        kind="pre_approval",
        starts_on=D("2026-03-02"),
        ends_on=D("2026-03-06"),
    )
    assert pre.disclosure_item.category.code == "06.02"


def test_a_short_notice_is_refused_naming_the_end(plants: Plants) -> None:
    found = project(plants)
    with pytest.raises(ValidationError) as refused:
        services.add_notice(
            actor=None,
            project=found,
            kind="acceptance",
            starts_on=D("2026-02-10"),
            ends_on=D("2026-02-27"),  # 9 working days across the Spring Festival
        )
    assert "2026-02-28" in refused.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError) as backwards:
        services.add_notice(
            actor=None,
            project=found,
            kind="completion",
            starts_on=D("2026-05-10"),
            ends_on=D("2026-05-01"),
        )
    assert "ends_on" in backwards.value.message_dict
    assert (
        not found.notices.exists()
        and not DisclosureItem.objects.filter(category__code__startswith="06.").exists()
    )


def test_the_decision_notice_needs_the_decision_and_a_late_one_is_flagged(
    plants: Plants,
) -> None:
    found = project(plants, accepted_on=D("2026-08-17"))
    with pytest.raises(ValidationError) as refused:
        services.add_notice(
            actor=None,
            project=found,
            kind="decision",
            starts_on=D("2026-10-16"),
            ends_on=D("2026-10-22"),
        )
    assert "kind" in refused.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.record_decision(
            actor=None, project=found, decision="approved", decided_on=D("2026-08-01")
        )
    assert "decided_on" in early.value.message_dict
    services.record_decision(
        actor=None,
        project=found,
        decision="approved",
        decided_on=D("2026-09-30"),
        decision_number="示环审〔2026〕88号",
        conditions="落实烟气超低排放措施。",
    )
    notice = services.add_notice(
        actor=None,
        project=found,
        kind="decision",
        starts_on=D("2026-10-16"),  # the 8th working day after the decision
        ends_on=D("2026-10-22"),
    )
    item = notice.disclosure_item
    assert item.category.code == "06.03" and item.doc_number == "示环审〔2026〕88号"
    assert item.formed_on == D("2026-09-30") and "审批决定的公告" in item.title
    found.refresh_from_db()
    (row,) = selectors.notice_rows(found)
    assert (row.working_days, row.late) == (5, True)
    assert actions(found) == [
        "wagtail.create",
        services.DECISION_RECORDED,
        services.NOTICE_ADDED,
    ]
    with pytest.raises(ValidationError):  # the notice is out: the decision stays
        services.record_decision(
            actor=None, project=found, decision="not_approved", decided_on=D("2026-10-01")
        )


def test_a_pause_is_excluded_from_the_decision_period_and_audited(plants: Plants) -> None:
    found = project(plants, category="report_form", accepted_on=D("2026-03-02"))
    assert selectors.decision_check(found, D("2026-03-05")).due == D("2026-04-01")
    pause = services.record_pause(
        actor=None, project=found, reason="expert_review", start=D("2026-03-10")
    )
    assert selectors.decision_check(found, D("2026-03-12")).due is None
    services.record_pause(
        actor=None,
        project=found,
        reason="expert_review",
        start=D("2026-03-10"),
        end=D("2026-03-19"),
        pause=pause,
    )
    check = selectors.decision_check(found, D("2026-04-05"))
    assert (check.due, check.paused_days, check.late) == (D("2026-04-11"), 10, False)
    with pytest.raises(ValidationError) as overlapping:
        services.record_pause(
            actor=None, project=found, reason="hearing", start=D("2026-03-15"), end=D("2026-03-20")
        )
    assert "start" in overlapping.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        services.record_pause(
            actor=None, project=found, reason="hearing", start=D("2026-03-25"), end=D("2026-03-20")
        )
    assert "end" in backwards.value.message_dict
    assert actions(found).count(services.PAUSE_RECORDED) == 2


def test_the_notices_follow_the_procedure(plants: Plants) -> None:
    found = project(plants, accepted_on=D("2026-03-02"))

    def refused(kind: str, starts_on: str, ends_on: str) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as error:
            services.add_notice(
                actor=None,
                project=found,
                kind=kind,
                starts_on=D(starts_on),
                ends_on=D(ends_on),
            )
        return error.value.message_dict

    assert "kind" in refused("pre_approval", "2026-03-23", "2026-03-27")  # no acceptance yet
    assert "kind" in refused("completion", "2026-03-23", "2026-04-30")  # not approved
    assert "starts_on" in refused("acceptance", "2026-02-27", "2026-03-16")  # before acceptance
    services.add_notice(
        actor=None,
        project=found,
        kind="acceptance",
        starts_on=D("2026-03-03"),
        ends_on=D("2026-03-16"),
    )
    assert "kind" in refused("acceptance", "2026-03-03", "2026-03-16")  # one of each kind
    assert "starts_on" in refused("pre_approval", "2026-03-16", "2026-03-20")  # overlaps
    filed = project(plants, name="仓储物流中心项目", category="registration_form")
    with pytest.raises(ValidationError) as only_filing:
        services.add_notice(
            actor=None,
            project=filed,
            kind="acceptance",
            starts_on=D("2026-02-10"),
            ends_on=D("2026-02-28"),
        )
    assert "kind" in only_filing.value.message_dict


def test_a_late_decision_notice_is_late_in_the_disclosure_timeliness_report(
    record: Any,
) -> None:
    # decided 03-31, the notice published 04-20: 12 working days (limit 7, category 06.03)
    from lantian.demo.disclosure import backdate
    from lantian.disclosure import selectors as disclosure_selectors
    from lantian.disclosure import services as disclosure_services

    notice = record.book.notices.get(kind="decision")
    item = disclosure_services.publish_item(actor=None, item=notice.disclosure_item)
    backdate(item, notice.published_on)
    report = disclosure_selectors.timeliness_report(
        start=D("2026-01-01"), end=D("2026-12-31"), category="06.03", today=D("2026-05-01")
    )
    assert (report.total.total, report.total.published, report.total.published_late) == (1, 1, 1)
    ((late, result),) = report.rows
    assert late.pk == item.pk and result.limit == 7 and result.days_used > 7
