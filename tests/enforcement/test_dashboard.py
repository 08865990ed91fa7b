"""The dashboard's enforcement work: "Disclosure reports late or missing" (counts, to the
late-reports screen) and "Penalties not yet published or published late" (the oldest
unpublished decisions, urgent past the 7-working-day limit, and this year's late
publications), for the enforcement brigade and administrators; every link opens for
them, and nobody else sees the sections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lantian.core.roles import Role
from lantian.enforcement import services
from lantian.enforcement.models import Penalty
from tests.complaints.conftest import signed_in
from tests.core import dashboard_links
from tests.enforcement.conftest import Plants
from tests.enforcement.test_admin import brigade, decision, url

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTS = "Disclosure reports late or missing"
PENALTIES = "Penalties not yet published or published late"
__all__ = ["brigade", "decision"]  # the back office's fixtures


def like(decision: Penalty, number: str, decided_on: date) -> Penalty:
    """Another decision of the same facts."""
    fields = ("enterprise", "offender_kind", "facts", "legal_basis", "penalty_types", "fine")
    return services.record_penalty(
        actor=None,
        document_number=number,
        decided_on=decided_on,
        decision_text=decision.decision_text,
        **{name: getattr(decision, name) for name in fields},
    )


@pytest.fixture
def work(plants: Plants, decision: Penalty) -> dict[str, Penalty]:
    """On 20 October 2026: a decision of 30 September still unpublished (past its limit,
    across National Day), one of 19 October unpublished within it, one of March published
    late in April; the waste-water plant's 2025 annual report missing."""
    fresh = like(decision, "示环罚〔2026〕102号", date(2026, 10, 19))
    late = like(decision, "示环罚〔2026〕31号", date(2026, 3, 2))
    services.publish_penalty(actor=None, penalty=late, on=date(2026, 4, 30), to_disclosure=False)
    services.open_annual_reports(actor=None, year=2025, enterprises=[plants.wwtp])
    return {"overdue": decision, "fresh": fresh, "late": late}


@time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_the_brigade_sees_late_reports_and_unpublished_penalties(
    staff: dict[Role, Any], brigade: dict[str, Any], work: dict[str, Penalty]
) -> None:
    from lantian.enforcement import selectors

    late_list = selectors.late_and_missing_reports(date(2026, 10, 20))
    missing = sum(1 for s in late_list if s.check.missing)
    assert missing >= 2  # the annual report and the 30 September decision's ad-hoc report
    for who in (brigade["handler"], brigade["head"], staff[Role.ADMINISTRATOR]):
        client = signed_in(who, language="en")
        page = dashboard_links.read(client)
        reports = page.sections[REPORTS]
        assert reports[0] == (
            f"{missing} disclosure reports are missing past their due date. {missing}"
        ), who
        penalties = page.sections[PENALTIES]
        # the urgent first (past the limit), then the rest, oldest first
        assert penalties[0].startswith("示环罚〔2026〕101号 decided 2026-09-30"), who
        assert penalties[1] == "1 decision is unpublished past the 7-working-day limit. 1"
        assert (
            penalties[2] == "示环罚〔2026〕102号 decided 2026-10-19 · to be published by 2026-10-28"
        )
        assert penalties[3] == "1 decision of 2026 was published late. 1"
        for link in (
            url("late_reports"),
            url("penalty", work["overdue"].pk),
            url("penalty", work["fresh"].pk),
            url("penalties") + "?late=1",
            url("penalties") + "?late=1&year=2026",
        ):
            assert link in page.links, (who, link)
            assert client.get(link).status_code == 200, (who, link)
        assert dashboard_links.broken_links(client, page) == [], who
    # the late filter lists what the counts count
    client = signed_in(brigade["handler"], language="en")
    rows = client.get(url("penalties"), {"late": "1", "year": "2026"}).context["rows"]
    assert {r["penalty"].pk for r in rows} == {work["overdue"].pk, work["late"].pk}


@time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_other_roles_do_not_see_the_sections(
    staff: dict[Role, Any], work: dict[str, Penalty]
) -> None:
    for role in (
        Role.CASE_HANDLER,  # the demo's handler and head are of other departments
        Role.DEPARTMENT_HEAD,
        Role.DATA_MANAGER,
        Role.EDITOR,
        Role.REVIEWER,
    ):
        client = signed_in(staff[role], language="en")
        page = dashboard_links.read(client)
        assert REPORTS not in page.sections and PENALTIES not in page.sections, role
        assert url("late_reports") not in page.links, role
        assert client.get(url("late_reports")).status_code == 403, role


@time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_nothing_late_shows_no_section(brigade: dict[str, Any]) -> None:
    page = dashboard_links.read(signed_in(brigade["handler"], language="en"))
    assert REPORTS not in page.sections and PENALTIES not in page.sections
