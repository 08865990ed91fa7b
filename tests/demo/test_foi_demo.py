"""The demo disclosure applications: enough of them, every state and reply type, the
special paths (supplement, consultation, extension, fee, late reply, remedies), open
cases in every queue, and a second load that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from lantian.core.privacy import mask_id_number
from lantian.demo import foi
from lantian.foi import selectors, services
from lantian.foi.forms import credit_code_error, resident_id_error
from lantian.foi.models import Application, CaseEvent, Remedy
from lantian.foi.replies import REPLY_TYPES
from tests.demo.conftest import DEMO_NOW

pytestmark = pytest.mark.django_db

TODAY = DEMO_NOW.date()


@pytest.fixture
def loaded(demo) -> dict[str, int]:
    return foi.load(today=TODAY, password="x-demo-password-1")


def test_the_plan_is_the_same_every_time() -> None:
    first = [(p.received, p.applicant["name"], p.end, p.reply) for p in foi.plan(TODAY)]
    second = [(p.received, p.applicant["name"], p.end, p.reply) for p in foi.plan(TODAY)]
    assert first == second
    assert len(first) >= 80


def test_demo_covers_every_state_and_reply_type(loaded: dict[str, int]) -> None:
    cases = Application.objects.all()
    assert loaded["applications"] == cases.count() >= 80
    assert set(cases.values_list("state", flat=True)) == set(Application.State.values)
    assert {r.key for r in REPLY_TYPES} <= set(cases.values_list("reply_type", flat=True))
    received = cases.exclude(received_on=None).values_list("received_on", flat=True)
    assert min(received) < date(2025, 2, 1) and max(received) >= date(2026, 11, 1)
    types = set(cases.values_list("applicant_type", flat=True))
    assert len(types) >= 5
    persons = cases.filter(applicant_type="natural_person").count()
    assert persons > cases.count() / 2


def test_demo_has_every_path(loaded: dict[str, int]) -> None:
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    for step in (
        services.Step.SUPPLEMENT_REQUESTED,
        services.Step.SUPPLEMENT_RECEIVED,
        services.Step.CONSULTATION_STARTED,
        services.Step.CONSULTATION_ENDED,
        services.Step.EXTENDED,
        services.Step.FEE_NOTICE,
        services.Step.FEE_PAID,
        services.Step.REPLY_APPROVED,
        services.Step.ARCHIVED,
        services.Step.REMEDY,
    ):
        assert step in kinds, step
    assert Remedy.objects.count() >= 3
    carried = Application.objects.filter(received_on__year=2025, replied_on__year=2026)
    assert carried.exists()
    open_cases = list(Application.objects.filter(state__in=selectors.OPEN_STATES))
    clocks = selectors.case_clocks(open_cases, today=TODAY)
    assert any(c.overdue for c in clocks.values())
    assert any(c.due_soon for c in clocks.values())
    closed = list(Application.objects.filter(state__in=("replied", "archived")))
    late = [c for c in selectors.case_clocks(closed, today=TODAY).values() if c.on_time is False]
    assert late


def test_identity_numbers_have_valid_check_characters(loaded: dict[str, int]) -> None:
    for id_type, number in Application.objects.values_list("id_type", "id_number"):
        if id_type == "resident_id":
            assert resident_id_error(number) is None, number
        else:
            assert credit_code_error(number) is None, number
        assert mask_id_number(number) != number


def test_loading_again_changes_nothing(loaded: dict[str, int]) -> None:
    count, events = Application.objects.count(), CaseEvent.objects.count()
    assert foi.load(today=TODAY, password="x-demo-password-1") == {"applications": 0}
    assert Application.objects.count() == count and CaseEvent.objects.count() == events


def test_load_demo_can_skip_the_applications(capsys) -> None:
    call_command(
        "load_demo",
        "--no-air",
        "--no-disclosure",
        "--no-foi",
        "--no-complaints",
        "--no-sources",
        "--no-eia",
        "--no-approvals",
    )
    assert not Application.objects.exists()


def test_back_office_shows_the_demo(loaded: dict[str, int], client_as) -> None:
    from django.urls import reverse

    from lantian.core.roles import Role

    client = client_as(Role.ADMINISTRATOR)
    for queue in ("", "new", "mine", "due_soon", "overdue"):
        response = client.get(reverse("foi_admin:index"), {"queue": queue} if queue else {})
        assert response.status_code == 200
    with_letters = Application.objects.filter(letters__isnull=False).first()
    assert with_letters is not None
    page = client.get(reverse("foi_admin:case", args=[with_letters.pk]))
    assert page.status_code == 200
    letter = with_letters.letters.first()
    link = reverse("foi_admin:letter", args=[with_letters.pk, letter.pk, "pdf"])
    assert link in page.content.decode()
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
