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
from datetime import date
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lantian.core.clock import Status
from lantian.core.privacy import mask_name
from lantian.foi import selectors, services
from lantian.foi.models import Application, Letter, LetterTemplate
from lantian.foi.replies import BY_KEY

S = Application.State

# The applicant sees where the case stands, not the bureau's internal steps (assignment,
# drafting, review are all "being handled").
PUBLIC_STATES: dict[str, tuple[str, Any]] = {
    S.RECEIVED: ("received", _("Received")),
    S.ASSIGNED: ("in_progress", _("Being handled")),
    S.DRAFTED: ("in_progress", _("Being handled")),
    S.IN_REVIEW: ("in_progress", _("Being handled")),
    S.SUPPLEMENT: ("supplement", _("Waiting for you to supplement the application")),
    S.CONSULTATION: ("consultation", _("Consulting a third party or another agency")),
    S.FEE: ("fee", _("Waiting for the processing fee")),
    S.REPLIED: ("replied", _("Replied")),
    S.ARCHIVED: ("replied", _("Replied")),
    S.WITHDRAWN: ("withdrawn", _("Withdrawn")),
    S.ABANDONED: ("closed", _("Closed: no supplement or fee received")),
}
REPLIED_STATES = {S.REPLIED, S.ARCHIVED}
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
class CaseStatus:
    tracking_code: str
    status: str  # a PUBLIC_STATES key
    status_label: str
    submitted_on: date
    received_on: date | None
    statutory_due: date | None
    provisional: bool  # the due date runs into a year whose holidays are not confirmed
    extended: bool
    paused: bool
    reply_type: str | None
    reply_type_label: str | None
    replied_on: date | None
    masked_name: str


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


def case_status(application: Application) -> CaseStatus:
    key, label = PUBLIC_STATES.get(application.state, ("in_progress", _("Being handled")))
    replied = application.state in REPLIED_STATES and bool(application.reply_type)
    due, provisional, extended, paused = _clock(application)
    if replied:
        paused = False
    return CaseStatus(
        tracking_code=application.tracking_code,
        status=key,
        status_label=str(label),
        submitted_on=timezone.localdate(application.submitted_at),
        received_on=application.received_on,
        statutory_due=due,
        provisional=provisional,
        extended=extended,
        paused=paused,
        reply_type=application.reply_type if replied else None,
        reply_type_label=reply_label(application.reply_type) if replied else None,
        replied_on=application.replied_on if replied else None,
        masked_name=mask_name(application.name),
    )


def applicant_letters(application: Application) -> list[Letter]:
    return list(application.letters.filter(kind__in=APPLICANT_LETTERS).order_by("issued_on", "pk"))
