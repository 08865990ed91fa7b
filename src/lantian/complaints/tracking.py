"""What a complainant may see of their own case, after proving it is theirs with the case
number and the verification code: where it stands in words, its dates and due dates,
the steps shown to them, the reply and the letters to them.

Nothing here says whether a case number exists: :func:`find_verified` answers None for an
unknown number and for a wrong code alike (``selectors.find_by_case_no`` spends the same
hashing work on both). Texts the complainant wrote are shown masked (their own name,
numbers and emails partly hidden): a tracking page may be open on a shared screen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.complaints import selectors, services
from lantian.complaints.models import Complaint, ComplaintEvent, Letter
from lantian.core.privacy import mask_house_numbers, mask_name, mask_text

S = Complaint.State

SESSION_KEY = "complaints_verified_case"
SESSION_SECONDS = 30 * 60
SUMMARY_LENGTH = 300
MASK_MARGIN = 100  # longer than any number or email masked across the cut

# Where the case stands, in the complainant's words rather than the bureau's steps.
STATUS_LABELS: dict[str, Any] = {
    S.RECEIVED: pgettext_lazy("complaint status", "Received, awaiting the decision to accept it"),
    S.ACCEPTED: pgettext_lazy("complaint status", "Accepted and being handled"),
    S.REFUSED: pgettext_lazy(
        "complaint status", "Not accepted: outside the bureau's remit, sent on"
    ),
    S.DUPLICATE: pgettext_lazy("complaint status", "Handled together with an earlier report"),
    S.REPLIED: pgettext_lazy("complaint status", "Replied"),
    S.CLOSED: pgettext_lazy("complaint status", "Replied and closed"),
    S.SPAM: pgettext_lazy("complaint status", "Not accepted as a valid message"),
}
# Steps of the timeline the complainant sees (never internal ones such as the handler).
PUBLIC_STEPS = {
    services.Step.REGISTERED,
    services.Step.ACCEPTED,
    services.Step.REFUSED,
    services.Step.MERGED,
    services.Step.MASTER_OUTCOME,
    services.Step.EXTENDED,
    services.Step.INSPECTED,
    services.Step.REPLIED,
    services.Step.REOPENED,
    services.Step.CLOSED,
}
ANSWERED = {S.REPLIED, S.CLOSED}


def find_verified(case_no: str, verification_code: str) -> Complaint | None:
    """The case if the code is its verification code; None for a wrong or unknown one."""
    return selectors.find_by_case_no(case_no, verification_code)


# ---------------------------------------------------------------- the session pass


def remember(session: SessionBase, complaint: Complaint) -> None:
    """Let this browser see the case (and its letters) for 30 minutes."""
    session.cycle_key()  # a new session id once the case is opened
    session[SESSION_KEY] = {"id": complaint.pk, "until": time.time() + SESSION_SECONDS}


def forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def verified_case(session: SessionBase) -> Complaint | None:
    entry = session.get(SESSION_KEY)
    if not entry or entry.get("until", 0) < time.time():
        session.pop(SESSION_KEY, None)
        return None
    return (
        Complaint.objects.select_related("category", "district").filter(pk=entry.get("id")).first()
    )


# ---------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class PublicEvent:
    on: date
    label: str
    note: str  # masked


@dataclass(frozen=True)
class CaseStatus:
    case_no: str
    state: str
    status_label: str
    channel_label: str
    kind_label: str  # the mailbox letter's kind, else ""
    category: str
    title: str  # masked
    summary: str  # masked
    masked_name: str  # "" when anonymous
    anonymous: bool
    submitted_on: date
    received_on: date
    accepted_on: date | None
    intake_due: date | None
    handling_due: date | None
    provisional: bool
    extended: bool
    extension_days: int
    extension_reason: str  # masked
    refusal_reason: str  # masked
    referred_to: str
    events: list[PublicEvent]
    reply: str  # masked
    replied_on: date | None
    satisfaction: str
    satisfaction_label: str
    can_rate: bool  # the satisfaction form is offered


def masked(text: str, complaint: Complaint, limit: int | None = None) -> str:
    """``text`` with personal data masked (the complainant's name, any name, number,
    email or house number in it), whitespace tidied, cut to ``limit`` characters after masking."""
    text = " ".join((text or "").split())
    if limit is not None:
        text = text[: limit + MASK_MARGIN]
    result = mask_house_numbers(mask_text(text, names=[complaint.name] if complaint.name else []))
    if limit is not None and len(result) > limit:
        return result[:limit].rstrip() + "…"
    return result


def public_events(complaint: Complaint) -> list[PublicEvent]:
    events = ComplaintEvent.objects.filter(
        complaint=complaint, public=True, kind__in=PUBLIC_STEPS
    ).order_by("on", "at", "pk")
    return [
        PublicEvent(
            on=e.on,
            label=str(services.STEP_LABELS.get(e.kind, e.kind)),
            # a reply's text is shown as the reply; other notes (reasons) with the step
            note="" if e.kind == services.Step.REPLIED else masked(e.note, complaint),
        )
        for e in events
    ]


def _extension_reason(complaint: Complaint) -> str:
    event = (
        ComplaintEvent.objects.filter(complaint=complaint, kind=services.Step.EXTENDED)
        .order_by("-on", "-pk")
        .first()
    )
    return masked(event.note, complaint) if event else ""


def case_status(complaint: Complaint, *, today: date | None = None) -> CaseStatus:
    clock = selectors.case_clock(complaint, today or timezone.localdate())
    answered = complaint.state in ANSWERED
    return CaseStatus(
        case_no=complaint.case_no,
        state=complaint.state,
        status_label=str(STATUS_LABELS.get(complaint.state, complaint.get_state_display())),
        channel_label=complaint.get_channel_display(),
        kind_label=complaint.get_mailbox_kind_display() if complaint.mailbox_kind else "",
        category=complaint.category.display_name,
        title=masked(complaint.title, complaint),
        summary=masked(complaint.description, complaint, SUMMARY_LENGTH),
        masked_name="" if complaint.anonymous else mask_name(complaint.name),
        anonymous=complaint.anonymous,
        submitted_on=timezone.localdate(complaint.submitted_at),
        received_on=complaint.received_on,
        accepted_on=complaint.accepted_on,
        intake_due=clock.intake_due if complaint.state == S.RECEIVED else None,
        handling_due=clock.handling_due if complaint.state == S.ACCEPTED else None,
        provisional=clock.provisional,
        extended=clock.extended,
        extension_days=clock.extension_days,
        extension_reason=_extension_reason(complaint) if clock.extended else "",
        refusal_reason=masked(complaint.refusal_reason, complaint)
        if complaint.state == S.REFUSED
        else "",
        referred_to=complaint.referred_to if complaint.state == S.REFUSED else "",
        events=public_events(complaint),
        reply=masked(complaint.reply, complaint) if answered else "",
        replied_on=complaint.replied_on if answered else None,
        satisfaction=complaint.satisfaction,
        satisfaction_label=complaint.get_satisfaction_display() if complaint.satisfaction else "",
        can_rate=answered and not complaint.satisfaction,
    )


def complainant_letters(complaint: Complaint) -> list[Letter]:
    """The letters issued to the complainant, oldest first."""
    return list(complaint.letters.order_by("issued_on", "pk"))


SATISFACTION_HELP = _(
    "Your answer helps the bureau judge its handling; a dissatisfied answer is reviewed "
    "and the case may be handled again."
)
