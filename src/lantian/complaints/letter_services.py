"""Writes for complaint letters: seeding the default templates and issuing a letter on a
case (DOCX and PDF kept in the private storage, on the timeline and in the audit log)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantian.complaints.letters import DEFAULT_TEMPLATES, letter_text, render_docx, render_pdf
from lantian.complaints.models import Complaint, ComplaintEvent, Letter, LetterTemplate
from lantian.complaints.services import Step
from lantian.core import audit, letters
from lantian.core.clock import EventKind

# audit action (the "lantian.complaint" prefix puts it in the case's audit scope)
LETTER_ISSUED = "lantian.complaint_letter_issued"
# ComplaintEvent kind: shown to the complainant, who may download the letter
LETTER_EVENT = Step.LETTER_ISSUED

Kind = LetterTemplate.Kind
State = Complaint.State


def ensure_letter_templates(*, actor: Any = None, using: str = "default") -> list[str]:
    """Create the default template of every kind that has none; never overwrite an
    administrator's text. Returns the kinds created (empty on a second run)."""
    return letters.ensure_templates(LetterTemplate, DEFAULT_TEMPLATES, actor=actor, using=using)


def seed_letter_templates(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver: the default templates once the tables exist."""
    ensure_letter_templates(actor=None, using=using)


def connect(app_config: Any) -> None:
    """Called from ``ComplaintsConfig.ready``: seed the templates after migrate."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(
        seed_letter_templates,
        sender=app_config,
        dispatch_uid="lantian.complaints.seed_letter_templates",
    )


def _extended(complaint: Complaint) -> bool:
    from lantian.complaints.selectors import handling_clock_spec
    from lantian.core.deadlines import event_rows

    rows = event_rows(complaint, handling_clock_spec(complaint))
    return rows.filter(kind=EventKind.EXTEND).exists()


def letter_problem(complaint: Complaint, kind: str) -> str | None:
    """Why the letter ``kind`` cannot be issued on the case as it stands, or None: each
    letter tells a decision the case must already record."""
    if kind == Kind.ACCEPTANCE and complaint.accepted_on is None:
        return _("The case has not been accepted.")
    if kind == Kind.REFUSAL and complaint.state != State.REFUSED:
        return _("The case was not refused.")
    if kind == Kind.EXTENSION and not _extended(complaint):
        return _("The handling period of the case was not extended.")
    if kind == Kind.REPLY and complaint.state not in (State.REPLIED, State.CLOSED):
        return _("The case has not been answered.")
    if kind == Kind.DUPLICATE and (complaint.state != State.DUPLICATE or not complaint.master_id):
        return _("The case was not merged into another case.")
    return None


@transaction.atomic
def issue_letter(
    *,
    actor: Any,
    complaint: Complaint,
    kind: str,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> Letter:
    """Render the letter ``kind`` for the case as DOCX and PDF, keep both on a
    :class:`Letter` (private storage, random names), and record it on the case timeline
    (shown to the complainant) and in the audit log.

    Raises ValueError for an unknown kind and ValidationError when the case does not
    record the decision the letter tells (:func:`letter_problem`). ``extra`` overrides
    facts of the letter's context (:func:`lantian.complaints.letters.letter_context`)."""
    if kind not in Kind.values:
        raise ValueError(f"unknown letter kind: {kind}")
    problem = letter_problem(complaint, kind)
    if problem is not None:
        raise ValidationError(problem, code="letter_not_applicable")
    text = letter_text(complaint, kind, on=on, extra=extra)
    user = actor if getattr(actor, "is_authenticated", False) else None
    letter = Letter(complaint=complaint, kind=kind, issued_on=on, issued_by=user)
    # stored under random names in the private storage (models.Letter)
    letters.save_files(letter, docx=render_docx(text), pdf=render_pdf(text))
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=LETTER_EVENT,
        on=on,
        actor=user,
        note=text.title,
        public=True,
        data={"kind": kind, "letter": letter.pk},
    )
    audit.record(
        actor=actor,
        instance=complaint,
        action=LETTER_ISSUED,
        data={"kind": kind, "letter": letter.pk, "title": text.title, "on": on.isoformat()},
    )
    return letter
