"""Every write of a disclosure application (依申请公开), from registration to archive.

Each function is keyword-only, runs in one transaction, writes an audit entry and a
:class:`~lantian.foi.models.CaseEvent` (the case timeline) and, where the law moves the
reply clock, an event of the core legal clock (:data:`lantian.foi.clock.REPLY_CLOCK`):

| step                    | clock   | law                                                  |
|-------------------------|---------|------------------------------------------------------|
| receipt                 | START   | Art. 31 (receipt date by channel), Art. 33 (20 WD)   |
| supplement requested    | PAUSE   | Art. 30 (within 7 WD of receipt, once)               |
| supplement received     | RESTART | Art. 30 (the period counts afresh)                   |
| not supplemented        | STOP    | Art. 30 (deemed abandoned, table 三 (六)1)           |
| consultation            | PAUSE / RESUME | Arts. 32, 34 (15 WD for the answer; not counted) |
| extension               | EXTEND  | Art. 33 (once, ≤ 20 WD, head of the office approves) |
| fee notice / paid       | PAUSE / RESUME | 国办函〔2020〕109号 (20 WD to pay, else (六)2)    |
| reply approved          | STOP    | Art. 36 ff.                                          |
| withdrawn               | STOP    | table 三 (六)3                                       |

While a supplement is awaited the clock is paused rather than left running: the old
period no longer matters once the supplement restarts it, and a paused clock keeps the
case off the overdue lists while the applicant has the next move.

Every refusal is a :class:`CaseError` (a ``ValidationError``) with a message for staff;
nothing is written when a step is refused. :data:`TRANSITIONS` is the state machine.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import audit, calendar, numbering, uploads
from lantian.core.clock import ClockError, EventKind
from lantian.core.deadlines import clock_state
from lantian.core.models import Department
from lantian.core.roles import Role, roles_of
from lantian.core.services import record_clock_event
from lantian.foi import fees, receipt
from lantian.foi.clock import CONSULTATION_LIMIT, REPLY_CLOCK, SUPPLEMENT_NOTICE_LIMIT
from lantian.foi.models import Application, CaseEvent, ReleasedFile, Remedy
from lantian.foi.replies import BY_KEY
from lantian.foi.selectors import OPEN_STATES

State = Application.State

AUDIT_ACTION = "lantian.foi_case"  # one audit action; the step is in its data
DOCUMENT_DOWNLOADED = "lantian.foi_document_downloaded"  # labelled in wagtail_hooks.py
TRACKING_PREFIX = "YSQ"
TRACKING_SCOPE = "foi"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
FEE_PAYMENT_LIMIT = 20  # working days to pay after a fee notice (109号, rules-foi §2 [U])
CONSULTATION_KINDS = ("third_party", "co_agency")
CLOSING_REPLY_TYPES = ("other_no_supplement", "other_fee_unpaid")  # set by close_* only
# What may be released to an applicant, each checked by its content (core.uploads).
RELEASED_FILE_EXTENSIONS = ("pdf", "ofd", "docx", "xlsx", "odt", "ods", "csv", "png", "jpg", "jpeg")


class Step:
    """CaseEvent kinds: the steps of the timeline."""

    REGISTERED = "registered"
    RECEIPT_CONFIRMED = "receipt_confirmed"
    ASSIGNED = "assigned"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    CLOSED_UNSUPPLEMENTED = "closed_unsupplemented"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENDED = "extended"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    CLOSED_FEE_UNPAID = "closed_fee_unpaid"
    REPLY_DRAFTED = "reply_drafted"
    REPLY_SUBMITTED = "reply_submitted"
    REPLY_RETURNED = "reply_returned"
    REPLY_APPROVED = "reply_approved"
    FILE_RELEASED = "file_released"
    WITHDRAWN = "withdrawn"
    ARCHIVED = "archived"
    REMEDY = "remedy"
    PUBLISHED_PROACTIVELY = "published_proactively"
    REMINDER_SENT = "reminder_sent"


STEP_LABELS = {
    Step.REGISTERED: gettext_lazy("Registered"),
    Step.RECEIPT_CONFIRMED: gettext_lazy("Receipt confirmed"),
    Step.ASSIGNED: gettext_lazy("Assigned"),
    Step.SUPPLEMENT_REQUESTED: gettext_lazy("Supplement requested"),
    Step.SUPPLEMENT_RECEIVED: gettext_lazy("Supplement received"),
    Step.CLOSED_UNSUPPLEMENTED: gettext_lazy("Closed: not supplemented"),
    Step.CONSULTATION_STARTED: gettext_lazy("Consultation started"),
    Step.CONSULTATION_ENDED: gettext_lazy("Consultation ended"),
    Step.EXTENDED: gettext_lazy("Reply period extended"),
    Step.FEE_NOTICE: gettext_lazy("Fee notice issued"),
    Step.FEE_PAID: gettext_lazy("Fee paid"),
    Step.CLOSED_FEE_UNPAID: gettext_lazy("Closed: fee not paid"),
    Step.REPLY_DRAFTED: gettext_lazy("Reply drafted"),
    Step.REPLY_SUBMITTED: gettext_lazy("Reply submitted for review"),
    Step.REPLY_RETURNED: gettext_lazy("Reply returned"),
    Step.REPLY_APPROVED: gettext_lazy("Reply approved and sent"),
    Step.FILE_RELEASED: gettext_lazy("Released file added"),
    Step.WITHDRAWN: gettext_lazy("Withdrawn"),
    Step.ARCHIVED: gettext_lazy("Archived"),
    Step.REMEDY: gettext_lazy("Reconsideration or lawsuit recorded"),
    Step.PUBLISHED_PROACTIVELY: gettext_lazy("Published proactively"),
    Step.REMINDER_SENT: gettext_lazy("Deadline reminder sent"),
}

CLOSED_STATES = (State.REPLIED, State.WITHDRAWN, State.ABANDONED, State.ARCHIVED)

# step -> the states it may start from; the resulting state is set by the step.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Step.RECEIPT_CONFIRMED: (State.RECEIVED, State.ASSIGNED),
    Step.ASSIGNED: (
        State.RECEIVED,
        State.ASSIGNED,
        State.SUPPLEMENT,
        State.CONSULTATION,
        State.FEE,
        State.DRAFTED,
    ),
    Step.SUPPLEMENT_REQUESTED: (State.RECEIVED, State.ASSIGNED),
    Step.SUPPLEMENT_RECEIVED: (State.SUPPLEMENT,),
    Step.CLOSED_UNSUPPLEMENTED: (State.SUPPLEMENT,),
    Step.CONSULTATION_STARTED: (State.ASSIGNED,),
    Step.CONSULTATION_ENDED: (State.CONSULTATION,),
    Step.EXTENDED: (State.ASSIGNED, State.CONSULTATION, State.DRAFTED, State.IN_REVIEW),
    Step.FEE_NOTICE: (State.ASSIGNED,),
    Step.FEE_PAID: (State.FEE,),
    Step.CLOSED_FEE_UNPAID: (State.FEE,),
    Step.REPLY_DRAFTED: (State.RECEIVED, State.ASSIGNED, State.DRAFTED),
    Step.REPLY_SUBMITTED: (State.DRAFTED,),
    Step.REPLY_RETURNED: (State.IN_REVIEW,),
    Step.REPLY_APPROVED: (State.IN_REVIEW,),
    # before the reply goes to review, so the reviewer sees what is released
    Step.FILE_RELEASED: (
        State.RECEIVED,
        State.ASSIGNED,
        State.CONSULTATION,
        State.FEE,
        State.DRAFTED,
    ),
    Step.WITHDRAWN: OPEN_STATES,
    Step.ARCHIVED: (State.REPLIED, State.WITHDRAWN, State.ABANDONED),
    Step.REMEDY: (State.REPLIED, State.WITHDRAWN, State.ABANDONED, State.ARCHIVED),
    Step.PUBLISHED_PROACTIVELY: (State.REPLIED, State.ARCHIVED),
}

# What a registration may set; everything else is the case flow's.
APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_hint",
    "form",
    "delivery",
    "fee_waiver_requested",
)


class CaseError(ValidationError):
    """A step that the law or the case's state does not allow; nothing was written."""


# --- helpers -------------------------------------------------------------------------


def _check_step(application: Application, step: str) -> None:
    allowed = TRANSITIONS[step]
    if application.state not in allowed:
        raise CaseError(
            _("“%(step)s” is not possible while the application is “%(state)s”.")
            % {"step": STEP_LABELS[step], "state": application.get_state_display()},
            code="state",
        )


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock, so two staff cannot race a step."""
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    application.__dict__.update(fresh.__dict__)
    return application


def _event(
    *,
    actor: Any,
    application: Application,
    step: str,
    on: date,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    payload = {key: audit._plain(value) for key, value in (data or {}).items()}
    event = CaseEvent.objects.create(
        application=application, kind=step, on=on, actor=user, note=note, data=payload
    )
    audit.record(
        actor=actor,
        instance=application,
        action=AUDIT_ACTION,
        data={"step": step, "on": on.isoformat(), "note": note, **payload},
    )
    return event


def _clock(
    *,
    actor: Any,
    application: Application,
    kind: EventKind,
    on: date,
    days: int = 0,
    note: str = "",
) -> None:
    try:
        record_clock_event(
            actor=actor,
            subject=application,
            spec=REPLY_CLOCK,
            kind=kind,
            on=on,
            days=days,
            note=note,
        )
    except ClockError as error:
        raise CaseError(
            _("The reply clock refuses this step: %(error)s") % {"error": error}, code="clock"
        ) from error


def _save(application: Application, *fields: str) -> None:
    application.save(update_fields=[*fields, "updated_at"])


def _today() -> date:
    return timezone.localdate()


def _not_before_receipt(application: Application, on: date, what: str) -> None:
    if application.received_on is None:
        raise CaseError(
            _("The receipt has not been confirmed yet: confirm it before %(what)s.")
            % {"what": what},
            code="not_received",
        )
    if on < application.received_on:
        raise CaseError(
            _("The date cannot be before the date of receipt (%(date)s).")
            % {"date": application.received_on.isoformat()},
            code="date",
        )


def _last_event(application: Application, *steps: str) -> CaseEvent | None:
    return application.events.filter(kind__in=steps).order_by("-at", "-pk").first()


def _has_role(user: Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r in roles_of(user) for r in roles)


def department_of(user: Any) -> Department | None:
    profile = getattr(user, "staff_profile", None) if user is not None else None
    return profile.department if profile is not None else None


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


# --- registration and receipt ----------------------------------------------------------


@transaction.atomic
def register_application(
    *,
    actor: Any,
    channel: str,
    submitted_at: Any,
    received_on: date | None = None,
    **fields: Any,
) -> tuple[Application, str]:
    """Register an application; return it and its verification code (shown only once).

    ``submitted_at`` is an aware datetime. ``received_on`` defaults to the day handed
    in (in person) or signed for (registered post); the other channels wait for
    :func:`confirm_receipt` unless staff give the confirmed date here. The reply clock
    starts as soon as the receipt date is known.
    """
    unknown = sorted(set(fields) - set(APPLICANT_FIELDS))
    if unknown:
        raise CaseError({name: _("This field cannot be set on registration.") for name in unknown})
    if channel not in Application.Channel.values:
        raise CaseError({"channel": _("Choose a valid channel.")})
    if submitted_at is None or timezone.is_naive(submitted_at):
        raise CaseError({"submitted_at": _("Give the time of submission with its time zone.")})
    local = timezone.localtime(submitted_at)
    if received_on is None:
        received_on = receipt.receipt_on_registration(channel, local)
    if received_on is not None:
        problem = receipt.check_receipt_date(channel, local, received_on, calendar.work_calendar())
        if problem:
            raise CaseError({"received_on": _("Invalid date of receipt: %s") % problem})
    application = Application(
        channel=channel,
        submitted_at=submitted_at,
        received_on=received_on,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        tracking_code="-",
        verification_hash="-",
        **fields,
    )
    application.full_clean(exclude=["tracking_code", "verification_hash"])
    serial = numbering.next_number(TRACKING_SCOPE, local.year)
    application.tracking_code = f"{TRACKING_PREFIX}{local.year}{serial:05d}"
    code = new_verification_code()
    application.verification_hash = make_password(code)
    application.save()
    _event(
        actor=actor,
        application=application,
        step=Step.REGISTERED,
        on=local.date(),
        data={"channel": channel, "received_on": received_on},
    )
    if received_on is not None:
        _clock(actor=actor, application=application, kind=EventKind.START, on=received_on)
    return application, code


def check_verification(application: Application, code: str) -> bool:
    """Whether ``code`` is the application's verification code (constant-time)."""
    if not code or not application.verification_hash:
        return False
    return check_password(normalise_code(code), application.verification_hash)


@transaction.atomic
def confirm_receipt(*, actor: Any, application: Application, received_on: date) -> Application:
    """Record the day staff confirmed receipt with the applicant (Art. 31); starts the clock."""
    _lock(application)
    _check_step(application, Step.RECEIPT_CONFIRMED)
    if application.received_on is not None:
        raise CaseError(_("The receipt was already confirmed."), code="confirmed")
    problem = receipt.check_receipt_date(
        application.channel,
        timezone.localtime(application.submitted_at),
        received_on,
        calendar.work_calendar(),
    )
    if problem:
        raise CaseError({"received_on": _("Invalid date of receipt: %s") % problem})
    application.received_on = received_on
    _save(application, "received_on")
    _event(actor=actor, application=application, step=Step.RECEIPT_CONFIRMED, on=received_on)
    _clock(actor=actor, application=application, kind=EventKind.START, on=received_on)
    return application


# --- handling --------------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    actor: Any,
    application: Application,
    department: Department,
    handler: Any = None,
    internal_due: date | None = None,
) -> Application:
    """Give the case to a handling department (and handler) with an internal deadline.

    Without ``internal_due`` the internal deadline is derived, ``FOI_INTERNAL_MARGIN_DAYS``
    working days before the statutory due date, and follows that date when it moves
    (:func:`lantian.foi.selectors.case_clock`).
    """
    _lock(application)
    _check_step(application, Step.ASSIGNED)
    if handler is not None and department_of(handler) != department:
        raise CaseError({"handler": _("The handler must be a member of the handling department.")})
    if internal_due is not None:
        state = clock_state(application, REPLY_CLOCK)
        if state.due is not None and internal_due > state.due:
            raise CaseError(
                {
                    "internal_due": _(
                        "The internal deadline cannot be after the statutory due date (%(date)s)."
                    )
                    % {"date": state.due.isoformat()}
                }
            )
        if application.received_on and internal_due < application.received_on:
            raise CaseError({"internal_due": _("The internal deadline is before the receipt.")})
    before = audit.snapshot(application, ["department_id", "handler_id", "internal_due"])
    application.department, application.handler = department, handler
    application.internal_due = internal_due
    if application.state == State.RECEIVED:
        application.state = State.ASSIGNED
    _save(application, "department", "handler", "internal_due", "state")
    changes = audit.changed_fields(before, audit.snapshot(application, before.keys()))
    _event(
        actor=actor,
        application=application,
        step=Step.ASSIGNED,
        on=_today(),
        data={
            "department": department.pk,
            "handler": handler.pk if handler is not None else None,
            "internal_due": internal_due,
            "changes": changes,
        },
    )
    return application


@transaction.atomic
def request_supplement(
    *, actor: Any, application: Application, on: date, deadline: date, note: str
) -> Application:
    """Notify the applicant, once, what to supplement by ``deadline`` (Art. 30): within 7
    working days of receipt. Pauses the clock until the supplement arrives."""
    _lock(application)
    _check_step(application, Step.SUPPLEMENT_REQUESTED)
    _not_before_receipt(application, on, _("asking for a supplement"))
    if application.events.filter(kind=Step.SUPPLEMENT_REQUESTED).exists():
        raise CaseError(
            _("A supplement may be requested only once (Art. 30)."), code="supplement_once"
        )
    assert application.received_on is not None
    used = calendar.working_days_between(application.received_on, on).value
    if used > SUPPLEMENT_NOTICE_LIMIT:
        last = calendar.add_working_days(application.received_on, SUPPLEMENT_NOTICE_LIMIT)
        raise CaseError(
            _(
                "A supplement must be requested within %(limit)s working days of receipt "
                "(by %(date)s, Art. 30)."
            )
            % {"limit": SUPPLEMENT_NOTICE_LIMIT, "date": last.value.isoformat()},
            code="supplement_late",
        )
    if deadline <= on:
        raise CaseError({"deadline": _("The deadline must be after the notice.")})
    if not note.strip():
        raise CaseError({"note": _("Say what the applicant must supplement.")})
    application.state = State.SUPPLEMENT
    _save(application, "state")
    _event(
        actor=actor,
        application=application,
        step=Step.SUPPLEMENT_REQUESTED,
        on=on,
        note=note,
        data={"deadline": deadline},
    )
    _clock(actor=actor, application=application, kind=EventKind.PAUSE, on=on, note="supplement")
    return application


def _supplement_deadline(application: Application) -> date:
    event = _last_event(application, Step.SUPPLEMENT_REQUESTED)
    assert event is not None
    return date.fromisoformat(event.data["deadline"])


@transaction.atomic
def receive_supplement(*, actor: Any, application: Application, on: date) -> Application:
    """The supplement arrived on ``on``: the 20 working days count afresh from that day."""
    _lock(application)
    _check_step(application, Step.SUPPLEMENT_RECEIVED)
    deadline = _supplement_deadline(application)
    application.state = State.ASSIGNED if application.department_id else State.RECEIVED
    _save(application, "state")
    _event(
        actor=actor,
        application=application,
        step=Step.SUPPLEMENT_RECEIVED,
        on=on,
        data={"late": on > deadline},
    )
    _clock(actor=actor, application=application, kind=EventKind.RESTART, on=on, note="supplement")
    return application


def _close(
    *, actor: Any, application: Application, on: date, reply_type: str, step: str, note: str
) -> Application:
    application.state = State.ABANDONED
    application.reply_type, application.replied_on = reply_type, on
    _save(application, "state", "reply_type", "replied_on")
    _event(actor=actor, application=application, step=step, on=on, note=note)
    _clock(actor=actor, application=application, kind=EventKind.STOP, on=on, note=step)
    return application


@transaction.atomic
def close_unsupplemented(*, actor: Any, application: Application, on: date) -> Application:
    """No supplement by the stated date: deemed abandoned (Art. 30, table 三 (六)1)."""
    _lock(application)
    _check_step(application, Step.CLOSED_UNSUPPLEMENTED)
    deadline = _supplement_deadline(application)
    if on <= deadline:
        raise CaseError(
            _("The supplement deadline (%(date)s) has not passed yet.")
            % {"date": deadline.isoformat()},
            code="not_yet",
        )
    return _close(
        actor=actor,
        application=application,
        on=on,
        reply_type="other_no_supplement",
        step=Step.CLOSED_UNSUPPLEMENTED,
        note="",
    )


@transaction.atomic
def start_consultation(
    *, actor: Any, application: Application, on: date, party: str, kind: str
) -> Application:
    """Ask a third party (Art. 32) or a co-producing agency (Art. 34) for its opinion; the
    answer is due in 15 working days and the time does not count (clock paused)."""
    _lock(application)
    _check_step(application, Step.CONSULTATION_STARTED)
    _not_before_receipt(application, on, _("a consultation"))
    if kind not in CONSULTATION_KINDS:
        raise CaseError({"kind": _("Choose a third party or a co-producing agency.")})
    if not party.strip():
        raise CaseError({"party": _("Name the party consulted.")})
    answer_due = calendar.add_working_days(on, CONSULTATION_LIMIT).value
    application.state = State.CONSULTATION
    _save(application, "state")
    _event(
        actor=actor,
        application=application,
        step=Step.CONSULTATION_STARTED,
        on=on,
        data={"party": party, "kind": kind, "answer_due": answer_due},
    )
    _clock(actor=actor, application=application, kind=EventKind.PAUSE, on=on, note=kind)
    return application


@transaction.atomic
def end_consultation(
    *, actor: Any, application: Application, on: date, opinion: str
) -> Application:
    """Record the opinion (or the silence once 15 WD passed); the clock runs again."""
    _lock(application)
    _check_step(application, Step.CONSULTATION_ENDED)
    started = _last_event(application, Step.CONSULTATION_STARTED)
    application.state = State.ASSIGNED
    _save(application, "state")
    _event(
        actor=actor,
        application=application,
        step=Step.CONSULTATION_ENDED,
        on=on,
        note=opinion,
        data={"kind": started.data.get("kind") if started else ""},
    )
    _clock(actor=actor, application=application, kind=EventKind.RESUME, on=on)
    return application


@transaction.atomic
def extend(
    *, actor: Any, application: Application, on: date, days: int, approver: Any, reason: str
) -> Application:
    """Extend the reply period once by at most 20 working days, before it expires, with
    the consent of the head of the office (Art. 33); the applicant must be notified."""
    _lock(application)
    _check_step(application, Step.EXTENDED)
    _not_before_receipt(application, on, _("an extension"))
    if application.events.filter(kind=Step.EXTENDED).exists():
        raise CaseError(_("The reply period may be extended only once."), code="extend_once")
    limit = REPLY_CLOCK.max_extension or 0
    if not 1 <= days <= limit:
        raise CaseError(
            {"days": _("An extension is 1 to %(limit)s working days.") % {"limit": limit}}
        )
    if approver is None or not _has_role(approver, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR):
        raise CaseError(
            {"approver": _("The extension must be approved by a department head or administrator.")}
        )
    if application.handler_id is not None and approver.pk == application.handler_id:
        raise CaseError({"approver": _("The handler cannot approve their own extension.")})
    if not reason.strip():
        raise CaseError({"reason": _("Give the reason for the extension.")})
    state = clock_state(application, REPLY_CLOCK)
    if state.due is not None and on > state.due:
        raise CaseError(
            _("The reply period expired on %(date)s: it can no longer be extended.")
            % {"date": state.due.isoformat()},
            code="expired",
        )
    if state.due is None and state.used > state.limit:
        raise CaseError(_("The reply period has expired."), code="expired")
    _event(
        actor=actor,
        application=application,
        step=Step.EXTENDED,
        on=on,
        note=reason,
        data={"days": days, "approver": approver.pk},
    )
    _clock(
        actor=actor, application=application, kind=EventKind.EXTEND, on=on, days=days, note=reason
    )
    return application


def applications_in_month(application: Application) -> int:
    """The application's number among its applicant's applications received in the same
    calendar month (按件, 109号 Art. 4); the applicant is identified by ID type and number."""
    day = application.received_on or timezone.localdate(application.submitted_at)
    same = Application.objects.filter(
        id_type=application.id_type,
        id_number=application.id_number,
        received_on__year=day.year,
        received_on__month=day.month,
    )
    earlier = same.filter(received_on__lt=day).count()
    same_day = same.filter(received_on=day, pk__lte=application.pk).count()
    return earlier + max(same_day, 1)


@transaction.atomic
def issue_fee_notice(
    *, actor: Any, application: Application, on: date, method: str, quantity: int | None = None
) -> Application:
    """Notify the fee (国办函〔2020〕109号); the clock pauses until payment.

    ``method`` is ``fees.PER_APPLICATION`` (``quantity``: the application's number in
    the applicant's month, counted from the records when omitted) or
    ``fees.PER_VOLUME`` (``quantity``: pages).
    """
    _lock(application)
    _check_step(application, Step.FEE_NOTICE)
    _not_before_receipt(application, on, _("a fee notice"))
    if application.events.filter(kind=Step.FEE_NOTICE).exists():
        raise CaseError(_("A fee notice was already issued."), code="fee_once")
    if method not in fees.METHODS:
        raise CaseError({"method": _("Choose per application or per volume.")})
    if quantity is None:
        if method == fees.PER_VOLUME:
            raise CaseError({"quantity": _("Give the number of pages.")})
        quantity = applications_in_month(application)
    if quantity < 1:
        raise CaseError({"quantity": _("The quantity must be at least 1.")})
    amount = fees.fee(method, quantity)
    if amount <= 0:
        raise CaseError(
            {"quantity": _("Nothing to charge: this quantity is within the free tier.")}
        )
    pay_by = calendar.add_working_days(on, FEE_PAYMENT_LIMIT).value
    application.state, application.fee_amount = State.FEE, amount
    _save(application, "state", "fee_amount")
    _event(
        actor=actor,
        application=application,
        step=Step.FEE_NOTICE,
        on=on,
        data={"method": method, "quantity": quantity, "amount": amount, "pay_by": pay_by},
    )
    _clock(actor=actor, application=application, kind=EventKind.PAUSE, on=on, note="fee")
    return application


def fee_pay_by(application: Application) -> date | None:
    event = _last_event(application, Step.FEE_NOTICE)
    return date.fromisoformat(event.data["pay_by"]) if event else None


@transaction.atomic
def record_fee_paid(*, actor: Any, application: Application, on: date) -> Application:
    """The fee was paid: the clock runs again."""
    _lock(application)
    _check_step(application, Step.FEE_PAID)
    pay_by = fee_pay_by(application)
    application.state, application.fee_paid_on = State.ASSIGNED, on
    _save(application, "state", "fee_paid_on")
    _event(
        actor=actor,
        application=application,
        step=Step.FEE_PAID,
        on=on,
        data={"amount": application.fee_amount or Decimal(0), "late": bool(pay_by and on > pay_by)},
    )
    _clock(actor=actor, application=application, kind=EventKind.RESUME, on=on)
    return application


@transaction.atomic
def close_fee_unpaid(*, actor: Any, application: Application, on: date) -> Application:
    """Not paid within 20 working days of the notice: no longer processed (table 三 (六)2)."""
    _lock(application)
    _check_step(application, Step.CLOSED_FEE_UNPAID)
    pay_by = fee_pay_by(application)
    assert pay_by is not None
    if on <= pay_by:
        raise CaseError(
            _("The payment window runs until %(date)s.") % {"date": pay_by.isoformat()},
            code="not_yet",
        )
    return _close(
        actor=actor,
        application=application,
        on=on,
        reply_type="other_fee_unpaid",
        step=Step.CLOSED_FEE_UNPAID,
        note="",
    )


# --- the reply -------------------------------------------------------------------------


@transaction.atomic
def draft_reply(*, actor: Any, application: Application, reply_type: str, text: str) -> Application:
    """Draft (or redraft) the reply with its type (table 三 row)."""
    _lock(application)
    _check_step(application, Step.REPLY_DRAFTED)
    if reply_type not in BY_KEY or reply_type in CLOSING_REPLY_TYPES:
        raise CaseError({"reply_type": _("Choose a reply type.")})
    if not text.strip():
        raise CaseError({"text": _("Write the reply.")})
    if application.received_on is None:
        raise CaseError(_("Confirm the receipt before drafting a reply."), code="not_received")
    application.reply_type, application.reply_text = reply_type, text
    application.state = State.DRAFTED
    _save(application, "reply_type", "reply_text", "state")
    _event(
        actor=actor,
        application=application,
        step=Step.REPLY_DRAFTED,
        on=_today(),
        data={"reply_type": reply_type},
    )
    return application


@transaction.atomic
def submit_reply_for_review(*, actor: Any, application: Application) -> Application:
    _lock(application)
    _check_step(application, Step.REPLY_SUBMITTED)
    application.state = State.IN_REVIEW
    _save(application, "state")
    _event(actor=actor, application=application, step=Step.REPLY_SUBMITTED, on=_today())
    return application


def drafter_of(application: Application) -> Any:
    event = _last_event(application, Step.REPLY_DRAFTED)
    return event.actor if event else None


@transaction.atomic
def approve_reply(*, actor: Any, application: Application, on: date) -> Application:
    """Approve the drafted reply and send it on ``on``: the clock stops (four eyes: the
    reviewer is not the drafter)."""
    _lock(application)
    _check_step(application, Step.REPLY_APPROVED)
    drafter = _last_event(application, Step.REPLY_DRAFTED)
    if (
        drafter is None
        or drafter.actor_id is None
        or drafter.actor_id == getattr(actor, "pk", None)
    ):
        raise CaseError(
            _("A reply must be approved by someone other than its drafter."), code="four_eyes"
        )
    _not_before_receipt(application, on, _("a reply"))
    application.state, application.replied_on = State.REPLIED, on
    _save(application, "state", "replied_on")
    _event(
        actor=actor,
        application=application,
        step=Step.REPLY_APPROVED,
        on=on,
        data={"reply_type": application.reply_type},
    )
    _clock(actor=actor, application=application, kind=EventKind.STOP, on=on, note="replied")
    return application


@transaction.atomic
def return_reply(*, actor: Any, application: Application, note: str) -> Application:
    """Send the draft back to its drafter with the reviewer's remarks."""
    _lock(application)
    _check_step(application, Step.REPLY_RETURNED)
    if not note.strip():
        raise CaseError({"note": _("Say what must change.")})
    application.state = State.DRAFTED
    _save(application, "state")
    _event(actor=actor, application=application, step=Step.REPLY_RETURNED, on=_today(), note=note)
    return application


def released_file_max_bytes() -> int:
    return int(getattr(settings, "FOI_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_released_file(filename: str, content: bytes) -> uploads.CheckedFile:
    """Accept ``content`` as information released under ``filename`` or raise a
    ValidationError naming it: the type read from the content (core.uploads, its polyglot
    rule included) and one of :data:`RELEASED_FILE_EXTENSIONS`."""
    return uploads.check_file(
        filename, content, accept=RELEASED_FILE_EXTENSIONS, max_bytes=released_file_max_bytes()
    )


@transaction.atomic
def add_released_file(
    *,
    actor: Any,
    application: Application,
    filename: str,
    content: bytes,
    title: str = "",
    pages: int = 0,
) -> ReleasedFile:
    """Add a file of the information released with the reply, once its content is checked;
    a refused file raises ValidationError naming it and nothing is stored."""
    checked = check_released_file(filename, content)
    _lock(application)
    _check_step(application, Step.FILE_RELEASED)
    title = " ".join(title.split()) or PurePosixPath(filename.replace("\\", "/")).stem
    released = ReleasedFile(
        application=application,
        title=title[:255],
        pages=max(pages or 0, 0),
        content_type=checked.content_type,
    )
    released.file.save(
        PurePosixPath(filename.replace("\\", "/")).name, ContentFile(content), save=False
    )
    released.save()
    _event(
        actor=actor,
        application=application,
        step=Step.FILE_RELEASED,
        on=_today(),
        note=released.title,
        data={
            "released_file": released.pk,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )
    return released


@transaction.atomic
def withdraw(*, actor: Any, application: Application, on: date, note: str) -> Application:
    """The applicant withdrew the application (table 三 (六)3 “other”); the clock stops."""
    _lock(application)
    _check_step(application, Step.WITHDRAWN)
    if application.received_on is not None and on < application.received_on:
        raise CaseError({"on": _("The date cannot be before the date of receipt.")})
    application.state = State.WITHDRAWN
    application.reply_type, application.replied_on = "other", on
    _save(application, "state", "reply_type", "replied_on")
    _event(actor=actor, application=application, step=Step.WITHDRAWN, on=on, note=note)
    if application.received_on is not None:
        _clock(actor=actor, application=application, kind=EventKind.STOP, on=on, note="withdrawn")
    return application


@transaction.atomic
def archive(*, actor: Any, application: Application) -> Application:
    _lock(application)
    _check_step(application, Step.ARCHIVED)
    application.state = State.ARCHIVED
    _save(application, "state")
    _event(actor=actor, application=application, step=Step.ARCHIVED, on=_today())
    return application


@transaction.atomic
def record_remedy(
    *,
    actor: Any,
    application: Application,
    kind: str,
    filed_on: date,
    result: str = Remedy.Result.PENDING,
    concluded_on: date | None = None,
    note: str = "",
) -> Remedy:
    """Record an administrative reconsideration or lawsuit about the case (table 四)."""
    _lock(application)
    _check_step(application, Step.REMEDY)
    remedy = Remedy(
        application=application,
        kind=kind,
        filed_on=filed_on,
        result=result,
        concluded_on=concluded_on,
        note=note,
    )
    _check_remedy(remedy)
    remedy.save()
    _event(
        actor=actor,
        application=application,
        step=Step.REMEDY,
        on=filed_on,
        note=note,
        data={"remedy": remedy.pk, "kind": kind, "result": result, "concluded_on": concluded_on},
    )
    return remedy


def _check_remedy(remedy: Remedy) -> None:
    remedy.full_clean()
    if remedy.result == Remedy.Result.PENDING and remedy.concluded_on is not None:
        raise CaseError({"concluded_on": _("A pending case has no conclusion date.")})
    if remedy.result != Remedy.Result.PENDING and remedy.concluded_on is None:
        raise CaseError({"concluded_on": _("Give the date of the conclusion.")})
    if remedy.concluded_on is not None and remedy.concluded_on < remedy.filed_on:
        raise CaseError({"concluded_on": _("The conclusion cannot be before the filing.")})


@transaction.atomic
def conclude_remedy(
    *, actor: Any, remedy: Remedy, result: str, concluded_on: date, note: str = ""
) -> Remedy:
    """Record the outcome of a pending reconsideration or lawsuit."""
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    before = audit.snapshot(remedy)
    remedy.result, remedy.concluded_on = result, concluded_on
    if note:
        remedy.note = note
    _check_remedy(remedy)
    remedy.save()
    changes = audit.changed_fields(before, audit.snapshot(remedy))
    audit.record(actor=actor, instance=remedy, action="wagtail.edit", changes=changes)
    if remedy.application is not None:
        _event(
            actor=actor,
            application=remedy.application,
            step=Step.REMEDY,
            on=concluded_on,
            note=note,
            data={"remedy": remedy.pk, "kind": remedy.kind, "result": result},
        )
    return remedy


PROACTIVE_REPLY_TYPES = ("disclose", "partly_disclose")
PROACTIVE_LEGAL_GROUND = "《中华人民共和国政府信息公开条例》第四十四条"
PROACTIVE_TITLE_CHARS = 60


@transaction.atomic
def publish_proactively(*, actor: Any, application: Application, category: Any) -> Any:
    """“Also publish proactively” (Art. 44): open a disclosure draft in ``category`` for
    information released on this application, linked both ways
    (``Application.proactive_item`` / ``DisclosureItem.foi_applications``).

    The draft carries a title from the document named or the request, the handling
    department and the date of the reply, never the applicant's data or the reply
    letter; editors add the information and it goes through the disclosure review
    (confidentiality check) before anything is published.
    """
    from django.utils.text import Truncator

    from lantian.disclosure import services as disclosure

    _lock(application)
    _check_step(application, Step.PUBLISHED_PROACTIVELY)
    if application.reply_type not in PROACTIVE_REPLY_TYPES:
        raise CaseError(
            _("Only information disclosed in full or in part can be published proactively."),
            code="not_disclosed",
        )
    if application.proactive_item_id is not None:
        raise CaseError(
            _("This application already has a proactive disclosure draft."), code="published"
        )
    department = (
        application.department
        or Department.objects.filter(
            code=getattr(settings, "FOI_OFFICE_DEPARTMENT", "office")
        ).first()
    )
    if department is None:
        raise CaseError(_("Assign a handling department first."), code="department")
    title = application.document_hint.strip() or Truncator(
        " ".join(application.description.split())
    ).chars(PROACTIVE_TITLE_CHARS)
    item = disclosure.save_item(
        actor=actor,
        title=title,
        category=category,
        department=department,
        formed_on=application.replied_on or _today(),
        legal_ground=PROACTIVE_LEGAL_GROUND,
    )
    application.proactive_item = item
    _save(application, "proactive_item")
    _event(
        actor=actor,
        application=application,
        step=Step.PUBLISHED_PROACTIVELY,
        on=_today(),
        data={"item": item.pk, "index_no": item.index_no},
    )
    return item


def record_download(
    *, actor: Any, application: Application, document: str, file_name: str, applicant: bool
) -> None:
    """Audit one download of a case's letter or released file, by staff or (``applicant``,
    holding the tracking pass) by the applicant."""
    audit.record(
        actor=None if applicant else actor,
        instance=application,
        action=DOCUMENT_DOWNLOADED,
        data={"document": document, "file": file_name, "by": "applicant" if applicant else "staff"},
    )
