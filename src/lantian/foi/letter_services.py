"""Writes for letters: seeding the default templates and issuing a letter on a case."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from lantian.core import audit, letters
from lantian.foi.letters import DEFAULT_TEMPLATES, letter_text, render_docx, render_pdf
from lantian.foi.models import Application, CaseEvent, Letter, LetterTemplate

LETTER_ISSUED = "lantian.foi_letter_issued"  # audit action, labelled in letter_admin.py


def ensure_letter_templates(*, actor: Any = None, using: str = "default") -> list[str]:
    """Create the default template of every kind that has none; never overwrite an
    administrator's text. Returns the kinds created (empty on a second run)."""
    return letters.ensure_templates(
        LetterTemplate,
        DEFAULT_TEMPLATES,
        actor=actor,
        using=using,
        fields=("title", "body", "remedies"),
    )


@transaction.atomic
def issue_letter(
    *,
    actor: Any,
    application: Application,
    kind: str,
    on: date,
    extra: Mapping[str, Any] | None = None,
) -> Letter:
    """Render the letter ``kind`` for the case as DOCX and PDF, keep both on a
    :class:`Letter`, and record it on the case timeline and in the audit log.

    ``extra`` overrides facts of the letter's context (see
    :func:`lantian.foi.letters.letter_context`), e.g. the items to supplement."""
    if kind not in LetterTemplate.Kind.values:
        raise ValueError(f"unknown letter kind: {kind}")
    text = letter_text(application, kind, on=on, extra=extra)
    user = actor if getattr(actor, "is_authenticated", False) else None
    letter = Letter(application=application, kind=kind, issued_on=on, issued_by=user)
    # stored under random names in the private storage (models.Letter)
    letters.save_files(letter, docx=render_docx(text), pdf=render_pdf(text))
    CaseEvent.objects.create(
        application=application,
        kind="letter_issued",
        on=on,
        actor=user,
        data={"kind": kind, "letter": letter.pk},
    )
    audit.record(
        actor=actor,
        instance=application,
        action=LETTER_ISSUED,
        data={"kind": kind, "letter": letter.pk, "title": text.title, "on": on.isoformat()},
    )
    return letter
