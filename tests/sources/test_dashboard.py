"""The dashboard's "Exceedances awaiting review": the enforcement brigade's case handlers
and heads and administrators (who may review) see the count and the oldest few, each
link opening for them; data managers (who see the events but do not review), other
departments' staff, editors and reviewers do not see the section."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from lantian.core.roles import Role
from lantian.sources.admin import dashboard
from lantian.sources.models import ExceedanceEvent
from tests.complaints.conftest import signed_in
from tests.core import dashboard_links
from tests.sources.conftest import Plants
from tests.sources.test_admin import brigade, url

pytestmark = pytest.mark.django_db
MAY_20 = datetime(2026, 5, 20, 9, tzinfo=UTC)
HEADING = "Exceedances awaiting review"
__all__ = ["brigade"]  # the back office's fixture


@pytest.fixture
def events(plants: Plants) -> list[ExceedanceEvent]:
    """Seven unreviewed events, a day apart from 1 May 2026, and one confirmed."""
    made = []
    for n in range(8):
        start = datetime(2026, 5, 1, 1, tzinfo=UTC) + timedelta(days=n)
        made.append(
            ExceedanceEvent.objects.create(
                outlet=plants.stack,
                pollutant="a21026",
                start=start,
                end=start + timedelta(hours=2),
                periods=2,
                maximum=180.0,
                mean=150.0,
                limit=100.0,
                multiple=1.8,
                limit_source="GB 13223-2011 表1",
                review=ExceedanceEvent.Review.CONFIRMED if n == 0 else "unreviewed",
            )
        )
    return made


@time_machine.travel(MAY_20, tick=False)
def test_reviewers_see_the_count_and_the_oldest_and_every_link_opens(
    staff: dict[Role, Any], brigade: dict[str, Any], events: list[ExceedanceEvent]
) -> None:
    waiting = events[1:]  # the confirmed one is not waiting
    oldest = waiting[: dashboard.OLDEST_SHOWN]
    expected = [url("exceedance", e.pk) for e in oldest]
    expected.append(url("exceedances") + "?review=unreviewed")
    for who in (brigade["handler"], brigade["head"], staff[Role.ADMINISTRATOR]):
        client = signed_in(who, language="en")
        page = dashboard_links.read(client)
        items = page.sections[HEADING]
        assert len(items) == dashboard.OLDEST_SHOWN + 1, who
        assert items[0].startswith("示范热电有限公司 DA001")
        assert "from 2026-05-02 09:00 · up to 1.8 × the limit" in items[0]
        assert items[-1] == "All exceedances awaiting review 7"
        for link in expected:
            assert link in page.links, (who, link)
            response = client.get(link)
            assert response.status_code == 200, (who, link)
        listed = client.get(expected[-1]).context["rows"]
        assert {row["event"].pk for row in listed} == {e.pk for e in waiting}
        assert dashboard_links.broken_links(client, page) == [], who


@time_machine.travel(MAY_20, tick=False)
def test_roles_that_do_not_review_do_not_see_it(
    staff: dict[Role, Any], events: list[ExceedanceEvent]
) -> None:
    for role in (
        Role.DATA_MANAGER,  # sees the events, does not review them
        Role.CASE_HANDLER,  # the demo's handler and head are of other departments
        Role.DEPARTMENT_HEAD,
        Role.EDITOR,
        Role.REVIEWER,
    ):
        client = signed_in(staff[role], language="en")
        page = dashboard_links.read(client)
        assert HEADING not in page.sections, role
        assert url("exceedance", events[1].pk) not in page.links, role
        if role != Role.DATA_MANAGER:
            assert client.get(url("exceedance", events[1].pk)).status_code == 403, role


@time_machine.travel(MAY_20, tick=False)
def test_nothing_waiting_shows_no_section(
    brigade: dict[str, Any], events: list[ExceedanceEvent]
) -> None:
    ExceedanceEvent.objects.update(review=ExceedanceEvent.Review.DISMISSED)
    page = dashboard_links.read(signed_in(brigade["handler"], language="en"))
    assert HEADING not in page.sections
