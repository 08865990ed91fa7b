"""What an applicant may see of their own case, after proving it is theirs with the
tracking code and the verification code. Shared by the tracking pages and the API.

Nothing here says whether a tracking code exists: :func:`find_verified` answers None for
an unknown code and for a wrong verification code alike, and spends the same hashing
work on both.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lantian.complaints.selectors import complaint_channel_url
from lantian.core import calendar
from lantian.core.clock import Status
from lantian.core.privacy import mask_name, mask_text
from lantian.foi import receipt, selectors, services
from lantian.foi.models import Application, Letter, LetterTemplate
from lantian.foi.replies import BY_KEY, PETITION

S = Application.State

# Where the case stands, in words the applicant understands, not the bureau's internal
# steps: assignment, drafting and review are all "being handled". An online application
# is only "submitted" until staff confirm its receipt with the applicant (条例 Art. 31);
# from then on it is "accepted" and the reply period runs.
STATUS_LABELS: dict[str, Any] = {
    "submitted": pgettext_lazy("FOI status", "Submitted, awaiting confirmation of receipt"),
    "accepted": pgettext_lazy("FOI status", "Accepted"),
    "in_progress": _("Being handled"),
    "supplement": _("Waiting for you to supplement the application"),
    "consultation": _("Consulting a third party or another agency"),
    "fee": _("Waiting for the processing fee"),
    "replied": _("Replied"),
    "withdrawn": _("Withdrawn"),
    "closed": _("Closed: no supplement or fee received"),
}
PUBLIC_STATES: dict[str, str] = {
    S.RECEIVED: "accepted",
    S.ASSIGNED: "in_progress",
    S.DRAFTED: "in_progress",
    S.IN_REVIEW: "in_progress",
    S.SUPPLEMENT: "supplement",
    S.CONSULTATION: "consultation",
    S.FEE: "fee",
    S.REPLIED: "replied",
    S.ARCHIVED: "replied",
    S.WITHDRAWN: "withdrawn",
    S.ABANDONED: "closed",
}
# The four steps every application goes through, shown as its progress; the pauses
# (supplement, consultation, fee) are part of handling it.
STEPS: tuple[tuple[str, Any], ...] = (
    ("submitted", pgettext_lazy("FOI step", "Submitted")),
    ("accepted", pgettext_lazy("FOI step", "Accepted")),
    ("in_progress", _("Being handled")),
    ("replied", _("Replied")),
)
STEP_OF = {"supplement": "in_progress", "consultation": "in_progress", "fee": "in_progress"}
REPLIED_STATES = {S.REPLIED, S.ARCHIVED}
SUMMARY_LENGTH = 200  # characters of the request shown on the tracking page
MASK_MARGIN = 100  # longer than any number or email masked across the cut
# Letters addressed to the applicant (a third party's consultation letter is not theirs).
APPLICANT_LETTERS = [k for k in LetterTemplate.Kind.values if k != LetterTemplate.Kind.THIRD_PARTY]

SESSION_KEY = "foi_verified_case"
SESSION_SECONDS = 30 * 60


@cache
def _dummy() -> Application:
    """An unsaved case whose hash no code matches, checked when the tracking code is
    unknown so that the answer takes as long as for a wrong code."""
    probe = Application(tracking_code="")
    probe.verification_hash = make_password(secrets.token_urlsafe(16))
    return probe


def find_verified(tracking_code: str, verification_code: str) -> Application | None:
    """The case if the verification code is its code; None for a wrong or unknown code."""
    application = Application.objects.filter(tracking_code=tracking_code).first()
    if application is None:
        services.check_verification(_dummy(), verification_code)
        return None
    if not services.check_verification(application, verification_code):
        return None
    return application


# ---------------------------------------------------------------- the session pass


def remember(session: SessionBase, application: Application) -> None:
    """Let this browser see the case (and its letters) for 30 minutes."""
    session.cycle_key()  # a new session id once the case is opened
    session[SESSION_KEY] = {"id": application.pk, "until": time.time() + SESSION_SECONDS}


def forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def verified_case(session: SessionBase) -> Application | None:
    entry = session.get(SESSION_KEY)
    if not entry or entry.get("until", 0) < time.time():
        session.pop(SESSION_KEY, None)
        return None
    return Application.objects.filter(pk=entry.get("id")).first()


# ---------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    state: str  # done, current or todo


@dataclass(frozen=True)
class CaseStatus:
    tracking_code: str
    status: str  # a STATUS_LABELS key
    status_label: str
    steps: list[Step]  # empty once withdrawn or closed
    summary: str  # the information asked for, personal data masked
    document_hint: str  # masked too
    submitted_on: date
    received_on: date | None
    receipt_expected_on: date | None  # before receipt: when staff can confirm it
    statutory_due: date | None
    provisional: bool  # the due date runs into a year whose holidays are not confirmed
    extended: bool
    paused: bool
    reply_type: str | None
    reply_type_label: str | None
    replied_on: date | None
    masked_name: str
    # a complaint sent as an application (Art. 39): where to file it instead
    complaint_form_url: str | None = None


def _clock(application: Application) -> tuple[date | None, bool, bool, bool]:
    """(statutory due date, provisional, extended, paused) from the reply clock."""
    clock = selectors.case_clock(application)
    if clock.status == Status.NOT_STARTED:
        return None, False, False, False  # the clock starts once receipt is confirmed
    return (
        clock.statutory_due,
        clock.provisional,
        clock.extended_days > 0,
        clock.status == Status.PAUSED,
    )


def reply_label(key: str) -> str:
    reply = BY_KEY.get(key)
    if reply is None:
        return key
    return reply.label_zh if (get_language() or "zh").startswith("zh") else reply.label_en


def public_status(application: Application) -> str:
    """The STATUS_LABELS key of ``application``."""
    if application.state == S.RECEIVED and application.received_on is None:
        return "submitted"
    return PUBLIC_STATES.get(application.state, "in_progress")


def steps(status: str) -> list[Step]:
    """The four steps, each done, current or to come; none for a case that ended
    without a reply (withdrawn, closed)."""
    current = STEP_OF.get(status, status)
    keys = [key for key, _label in STEPS]
    if current not in keys:
        return []
    at = keys.index(current)
    return [
        Step(key, str(label), "done" if i < at else "current" if i == at else "todo")
        for i, (key, label) in enumerate(STEPS)
    ]


def receipt_expected_on(application: Application, now: datetime) -> date | None:
    """Before receipt is confirmed: the first day staff can confirm it (a working day,
    in office hours, not before the submission; 条例 Art. 31 and :mod:`foi.receipt`)."""
    if public_status(application) != "submitted":
        return None
    moment = max(timezone.localtime(application.submitted_at), timezone.localtime(now))
    return receipt.earliest_receipt_date(application.channel, moment, calendar.work_calendar())


def masked(text: str, application: Application, limit: int | None = None) -> str:
    """``text`` the applicant wrote, whitespace tidied, with personal data masked (the
    applicant's and contacts' names, and any name, number or email in it), cut to
    ``limit`` characters after masking so that no number is cut in half unmasked."""
    names = (application.name, application.legal_representative, application.contact_person)
    text = " ".join(text.split())
    if limit is not None:
        # only what is shown is masked, with room for a number or email across the cut
        text = text[: limit + MASK_MARGIN]
    result = mask_text(text, names=names)
    if limit is not None and len(result) > limit:
        return result[:limit].rstrip() + "…"
    return result


def case_status(application: Application, *, now: datetime | None = None) -> CaseStatus:
    key = public_status(application)
    replied = application.state in REPLIED_STATES and bool(application.reply_type)
    due, provisional, extended, paused = _clock(application)
    if replied:
        paused = False
    return CaseStatus(
        tracking_code=application.tracking_code,
        status=key,
        status_label=str(STATUS_LABELS[key]),
        steps=steps(key),
        summary=masked(application.description, application, SUMMARY_LENGTH),
        document_hint=masked(application.document_hint, application),
        submitted_on=timezone.localdate(application.submitted_at),
        received_on=application.received_on,
        receipt_expected_on=receipt_expected_on(application, now or timezone.now()),
        statutory_due=due,
        provisional=provisional,
        extended=extended,
        paused=paused,
        reply_type=application.reply_type if replied else None,
        reply_type_label=reply_label(application.reply_type) if replied else None,
        replied_on=application.replied_on if replied else None,
        masked_name=mask_name(application.name),
        complaint_form_url=(
            complaint_channel_url() if replied and application.reply_type == PETITION else None
        ),
    )


def applicant_letters(application: Application) -> list[Letter]:
    return list(application.letters.filter(kind__in=APPLICANT_LETTERS).order_by("issued_on", "pk"))
