"""Background jobs: the scheduled-publishing job, its schedule, enqueue-after-commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from wagtail.models import Page

from lantian.core.jobs import enqueue_on_commit
from lantian.core.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db

ran: list[str] = []


@task
def remember(value: str) -> None:
    ran.append(value)


def test_publish_scheduled_publishes_a_due_page_once(demo) -> None:
    page = Page.objects.get(slug="functions").specific
    page.title = "机构职能（2026年修订）"
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    publish_scheduled_pages.enqueue()
    page.refresh_from_db()
    assert page.title == "机构职能（2026年修订）"
    assert page.live
    # Idempotent: a second run finds nothing to do and changes nothing.
    published_at = page.last_published_at
    publish_scheduled_pages.enqueue()
    page.refresh_from_db()
    assert page.last_published_at == published_at


def test_the_scheduler_runs_publishing_every_five_minutes() -> None:
    from crontask import scheduler

    job = next(j for j in scheduler.get_jobs() if j.name.endswith("publish_scheduled_pages"))
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert fields["minute"] == "*/5"
    assert fields["hour"] == "*"


def test_jobs_wait_for_the_commit(django_capture_on_commit_callbacks) -> None:
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(remember, "after")
        assert ran == []
    assert ran == ["after"]


def test_jobs_of_a_rolled_back_transaction_never_run(django_capture_on_commit_callbacks) -> None:
    ran.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_on_commit(remember, "never")
        raise RuntimeError("rolled back")
    assert ran == []
