"""Completion acceptance (《建设项目竣工环境保护验收暂行办法》): the builder's report made
public within 5 working days and for at least 20, filed on the national platform within 5
working days after the publicity ends — counted on the 2026 calendar across Mid-autumn
(09-25) with its make-up Sunday 09-20 and National Day (10-01..07)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lantian.core.calendar import work_calendar
from lantian.eia import clock, selectors, services
from lantian.eia.models import Project
from tests.eia.conftest import D, Record, get

pytestmark = pytest.mark.django_db
REPORT = D("2026-09-18")  # a Friday
NOTICE_END = D("2026-11-06")  # a Friday


def completed(project: Project, **values: Any) -> Project:
    fields = {
        "completed_on": D("2026-08-03"),
        "commissioning_from": D("2026-08-10"),
        "commissioning_to": D("2026-09-10"),
        "acceptance_report_on": REPORT,
        "acceptance_result": "passed",
        "acceptance_monitor": "示范市环境监测技术有限公司",
        "acceptance_opinion": "项目基本落实了环评及批复要求，验收合格。",
    }
    fields.update(values)
    return services.record_completion(actor=None, project=project, **fields)


def notice(project: Project, starts_on: date, ends_on: date = NOTICE_END) -> None:
    services.add_notice(
        actor=None, project=project, kind="completion", starts_on=starts_on, ends_on=ends_on
    )


def test_the_report_is_public_within_5_working_days_the_make_up_sunday_counted() -> None:
    calendar = work_calendar()
    # 09-20 (a make-up Sunday), 21, 22, 23, 24: the fifth working day; 25 is Mid-autumn
    assert clock.completion_published_late(REPORT, D("2026-09-24"), calendar) == (5, False)
    assert clock.completion_published_late(REPORT, D("2026-09-28"), calendar) == (6, True)
    # after the notice ends on Friday 11-06: 11-09 … 11-13 is the fifth working day
    assert clock.acceptance_filed_late(D("2026-11-06"), D("2026-11-13"), calendar) == (5, False)
    assert clock.acceptance_filed_late(D("2026-11-06"), D("2026-11-16"), calendar) == (6, True)


def test_completion_on_time_and_late(record: Record) -> None:
    book = completed(record.book)
    notice(book, D("2026-09-24"))
    check = selectors.completion_check(book, today=D("2026-11-10"))
    assert (check.published_days, check.published_late) == (5, False)
    assert check.filing_due == D("2026-11-13") and not check.filing_late
    assert selectors.completion_check(book, today=D("2026-11-16")).filing_late  # not filed
    book = services.record_completion(actor=None, project=book, acceptance_filed_on=D("2026-11-16"))
    check = selectors.completion_check(book, today=D("2026-11-20"))
    assert (check.filed_days, check.filing_late) == (6, True)
    page = get(book.get_absolute_url())
    assert "Completion acceptance" in page and "2026-11-16" in page and "late" in page
    assert "示范市环境监测技术有限公司" in page
    row = next(r for r in selectors.notice_rows(book) if r.kind == "completion")
    assert not row.late
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(book.pk), action=services.COMPLETION_RECORDED
        ).count()
        == 2
    )


def test_a_notice_published_after_5_working_days_is_late(record: Record) -> None:
    book = completed(record.book)
    notice(book, D("2026-09-28"))
    row = next(r for r in selectors.notice_rows(book) if r.kind == "completion")
    assert row.late
    check = selectors.completion_check(book, today=D("2026-10-01"))
    assert (check.published_days, check.published_late) == (6, True)
    assert "made public after 6 working days" in get(book.get_absolute_url())


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"commissioning_from": D("2026-07-01")}, "commissioning_from"),
        ({"commissioning_to": D("2026-08-01")}, "commissioning_to"),
        ({"acceptance_report_on": D("2026-07-30")}, "acceptance_report_on"),
        ({"acceptance_filed_on": D("2026-10-01")}, "acceptance_filed_on"),  # no notice yet
    ],
)
def test_impossible_dates_are_refused_naming_the_field(
    record: Record, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        completed(record.book, **values)
    assert field in refused.value.message_dict


def test_a_filing_before_the_notice_ends_is_refused(record: Record) -> None:
    book = completed(record.book)
    notice(book, D("2026-09-24"))
    with pytest.raises(ValidationError) as refused:
        services.record_completion(actor=None, project=book, acceptance_filed_on=D("2026-11-05"))
    assert "2026-11-06" in refused.value.message_dict["acceptance_filed_on"][0]


def test_only_an_approved_project_has_a_completion(record: Record) -> None:
    with pytest.raises(ValidationError):
        completed(record.form)
