"""Every write of a complaint case (12369, online, mailbox, petitions, inspection-team
referrals), from registration to publication of the reply.

Each function is keyword-only, runs in one transaction, locks the case row, writes an
audit entry and a :class:`~lantian.complaints.models.ComplaintEvent` (the timeline) and,
where a statutory clock moves, an event of the core legal clock:

| step            | clock                                     | rule                           |
|-----------------|-------------------------------------------|--------------------------------|
| registration    | intake START on the day of receipt         | 信访条例 Art. 21: 15 days       |
| accept          | intake STOP, handling START               | Art. 33: 60 days from accepting |
| refuse          | intake STOP (where it was sent is named)  | 令15号: 转送 / 交办             |
| extend          | handling EXTEND (once, ≤ the rule's cap)  | Art. 33: ≤ 30 days, reason told |
| reply           | handling STOP                             |                                |
| merge duplicate | the running clock STOPs                   | repeated reports not re-accepted |
| mark invalid    | the running clock STOPs                   |                                |
| reopen          | a fresh handling period on its own clock  | see below                      |

Reopening: the core clock cannot run again once stopped, and the first period's verdict
(on time or late) must not change afterwards. A reopened case therefore gets a new
handling period of the full limit, counted from the reopening day on a clock of its own
(``complaint_handling#n``, :func:`lantian.complaints.selectors.handling_clock_spec`),
with a fresh allowance for one extension.

Every refusal is a :class:`CaseError` (a ``ValidationError``) with a message for staff;
nothing is written when a step is refused.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.complaints import rules, selectors
from lantian.complaints.clock import intake_spec
from lantian.complaints.models import (
    Category,
    ChannelRule,
    Complaint,
    ComplaintEvent,
    InspectionBatch,
    Photo,
    RoutingRule,
    SiteInspection,
)
from lantian.complaints.selectors import (
    REPLIED_EVENT,
    department_of,
    handling_clock_spec,
    normalise_code,
    route,
)
from lantian.core import audit, numbering, privacy
from lantian.core.clock import ClockError, EventKind, Status
from lantian.core.deadlines import ClockSpec, clock_state
from lantian.core.models import Department
from lantian.core.roles import Role, roles_of
from lantian.core.services import record_clock_event

logger = logging.getLogger(__name__)

State = Complaint.State

AUDIT_ACTION = "lantian.complaint_case"  # one audit action; the step is in its data
CASE_PREFIX = "TS"  # 投诉 / 投诉举报
CASE_SCOPE = "complaints"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8


class Step:
    """ComplaintEvent kinds: the steps of the timeline."""

    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    HANDLER_ASSIGNED = "handler_assigned"
    MERGED = "merged"
    MASTER_OUTCOME = "master_outcome"
    EXTENDED = "extended"
    INSPECTED = "inspected"
    FINDINGS = "findings"
    REPLIED = REPLIED_EVENT
    SATISFACTION = "satisfaction"
    REOPENED = "reopened"
    CLOSED = "closed"
    INVALID = "invalid"
    PUBLISHED = "published"
    PHOTO = "photo"
    PHOTO_PUBLIC = "photo_public"
    PHOTO_PRIVATE = "photo_private"
    LETTER_ISSUED = "letter_issued"  # written by letter_services.issue_letter


STEP_LABELS = {
    Step.REGISTERED: gettext_lazy("Received"),
    Step.ACCEPTED: gettext_lazy("Accepted"),
    Step.REFUSED: gettext_lazy("Not accepted: sent to the competent authority"),
    Step.TRANSFERRED: gettext_lazy("Transferred to another department"),
    Step.HANDLER_ASSIGNED: gettext_lazy("Handler assigned"),
    Step.MERGED: gettext_lazy("Merged into another case"),
    Step.MASTER_OUTCOME: gettext_lazy("Outcome of the master case"),
    Step.EXTENDED: gettext_lazy("Handling period extended"),
    Step.INSPECTED: gettext_lazy("Site inspection"),
    Step.FINDINGS: gettext_lazy("Findings recorded"),
    Step.REPLIED: gettext_lazy("Replied"),
    Step.SATISFACTION: gettext_lazy("Satisfaction recorded"),
    Step.REOPENED: gettext_lazy("Reopened"),
    Step.CLOSED: gettext_lazy("Closed"),
    Step.INVALID: gettext_lazy("Rejected as invalid"),
    Step.PUBLISHED: gettext_lazy("Reply published"),
    Step.PHOTO: gettext_lazy("Photo added"),
    Step.PHOTO_PUBLIC: gettext_lazy("Photo to be published with the reply"),
    Step.PHOTO_PRIVATE: gettext_lazy("Photo kept private"),
    Step.LETTER_ISSUED: gettext_lazy("Letter issued"),
}

# step -> the states it may start from
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Step.ACCEPTED: (State.RECEIVED,),
    Step.REFUSED: (State.RECEIVED,),
    Step.TRANSFERRED: (State.RECEIVED, State.ACCEPTED),
    Step.HANDLER_ASSIGNED: (State.RECEIVED, State.ACCEPTED),
    Step.MERGED: (State.RECEIVED, State.ACCEPTED),
    Step.EXTENDED: (State.ACCEPTED,),
    Step.INSPECTED: (State.ACCEPTED,),
    Step.FINDINGS: (State.ACCEPTED,),
    Step.REPLIED: (State.ACCEPTED,),
    Step.SATISFACTION: (State.REPLIED, State.CLOSED),
    Step.REOPENED: (State.REPLIED, State.CLOSED),
    Step.CLOSED: (State.REPLIED,),
    Step.INVALID: (State.RECEIVED, State.ACCEPTED),
    Step.PUBLISHED: (State.REPLIED, State.CLOSED),
    Step.PHOTO: (State.RECEIVED, State.ACCEPTED, State.REPLIED, State.CLOSED),
    # the cases whose reply can be published (spam, refused and merged cases never are)
    Step.PHOTO_PUBLIC: (State.RECEIVED, State.ACCEPTED, State.REPLIED, State.CLOSED),
    Step.PHOTO_PRIVATE: tuple(State.values),  # withdrawing a photo is never refused
}

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


class CaseError(ValidationError):
    """A step that the rules or the case's state do not allow; nothing was written."""


# --- helpers -------------------------------------------------------------------------


def _check_step(complaint: Complaint, step: str) -> None:
    if complaint.state not in TRANSITIONS[step]:
        raise CaseError(
            _("“%(step)s” is not possible while the case is “%(state)s”.")
            % {"step": STEP_LABELS[step], "state": complaint.get_state_display()},
            code="state",
        )


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the case under a row lock, so two staff cannot race a step."""
    fresh = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.__dict__.update(fresh.__dict__)
    return complaint


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(
    *,
    actor: Any,
    complaint: Complaint,
    step: str,
    on: date,
    note: str = "",
    public: bool = False,
    data: dict[str, Any] | None = None,
) -> ComplaintEvent:
    payload = {key: audit._plain(value) for key, value in (data or {}).items()}
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        kind=step,
        on=on,
        actor=_user(actor),
        note=note,
        public=public,
        data=payload,
    )
    audit.record(
        actor=actor,
        instance=complaint,
        action=AUDIT_ACTION,
        data={"step": step, "on": on.isoformat(), "note": note, **payload},
    )
    return event


def _clock(
    *, actor: Any, complaint: Complaint, spec: ClockSpec, kind: EventKind, on: date, **kw: Any
) -> Any:
    try:
        return record_clock_event(actor=actor, subject=complaint, spec=spec, kind=kind, on=on, **kw)
    except ClockError as error:
        raise CaseError(
            _("The case's clock refuses this step: %(error)s") % {"error": error}, code="clock"
        ) from error


def _stop_running_clocks(*, actor: Any, complaint: Complaint, on: date, note: str) -> None:
    for spec in (intake_spec(complaint), handling_clock_spec(complaint)):
        if clock_state(complaint, spec).status in (Status.RUNNING, Status.PAUSED):
            _clock(
                actor=actor, complaint=complaint, spec=spec, kind=EventKind.STOP, on=on, note=note
            )


def _save(complaint: Complaint, *fields: str) -> None:
    complaint.save(update_fields=[*fields, "updated_at"])


def _today() -> date:
    return timezone.localdate()


def _not_before(complaint: Complaint, on: date, earliest: date | None, what: str) -> None:
    if earliest is not None and on < earliest:
        raise CaseError(
            _("The date cannot be before %(what)s (%(date)s).")
            % {"what": what, "date": earliest.isoformat()},
            code="date",
        )


def _required(value: str, field: str, message: str) -> str:
    if not (value or "").strip():
        raise CaseError({field: message})
    return value.strip()


def _has_role(user: Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(r in roles_of(user) for r in roles)


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _notify_complainant(complaint: Complaint, subject: str, body: str) -> None:
    """E-mail the complainant after the transaction commits (when they gave an address)."""
    if not complaint.email:
        return
    recipient, case_no = complaint.email, complaint.case_no

    def send() -> None:
        try:
            send_mail(f"{subject} ({case_no})", body, None, [recipient])
        except Exception:  # a mail failure never undoes the step; it is logged
            logger.exception("could not notify the complainant of case %s", case_no)

    transaction.on_commit(send)


def channel_limits(channel: str) -> dict[str, Any]:
    """The channel's time limits as administrators set them (the defaults otherwise)."""
    rule = ChannelRule.objects.filter(channel=channel).first()
    if rule is not None:
        return {
            "intake_limit": rule.intake_limit,
            "intake_unit": rule.intake_unit,
            "handling_limit": rule.handling_limit,
            "handling_unit": rule.handling_unit,
            "max_extension": rule.max_extension,
            "public_message": rule.public_message,
        }
    default = rules.DEFAULTS[channel]
    return {
        "intake_limit": default.intake_limit,
        "intake_unit": str(default.intake_unit),
        "handling_limit": default.handling_limit,
        "handling_unit": str(default.handling_unit),
        "max_extension": default.max_extension,
        "public_message": default.public_message,
    }


# --- defaults (after migrate) ----------------------------------------------------------

# code, name, English name, extra questions (Open311 service-definition attributes)
_POLLUTION_TIME = {
    "code": "pollution_time",
    "datatype": "singlevaluelist",
    "required": False,
    "description": "污染发生时段",
    "description_en": "When does it happen?",
    "order": 1,
    "values": [
        {"key": "morning", "name": "早晨", "name_en": "Morning"},
        {"key": "daytime", "name": "白天", "name_en": "Daytime"},
        {"key": "evening", "name": "傍晚", "name_en": "Evening"},
        {"key": "night", "name": "夜间（22时至次日6时）", "name_en": "At night (22:00–06:00)"},
        {"key": "all_day", "name": "全天", "name_en": "All day"},
    ],
}
DEFAULT_CATEGORIES: tuple[tuple[str, str, str, list[dict[str, Any]]], ...] = (
    (
        "air",
        "大气",
        "Air",
        [
            _POLLUTION_TIME,
            {
                "code": "odour",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "异味或现象",
                "description_en": "What do you smell or see?",
                "order": 2,
                "values": [
                    {"key": "smoke", "name": "黑烟", "name_en": "Black smoke"},
                    {"key": "dust", "name": "扬尘", "name_en": "Dust"},
                    {"key": "chemical", "name": "化工异味", "name_en": "Chemical odour"},
                    {"key": "burning", "name": "焚烧气味", "name_en": "Burning"},
                    {"key": "cooking", "name": "餐饮油烟", "name_en": "Cooking fumes"},
                    {"key": "other", "name": "其他", "name_en": "Other"},
                ],
            },
        ],
    ),
    ("water", "水", "Water", []),
    (
        "noise",
        "噪声",
        "Noise",
        [
            _POLLUTION_TIME,
            {
                "code": "noise_kind",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "噪声来源",
                "description_en": "Where does the noise come from?",
                "order": 2,
                "values": [
                    {"key": "construction", "name": "建筑施工", "name_en": "Construction"},
                    {"key": "industry", "name": "工业生产", "name_en": "Industry"},
                    {"key": "traffic", "name": "交通运输", "name_en": "Traffic"},
                    {"key": "social", "name": "社会生活", "name_en": "Shops and neighbours"},
                ],
            },
        ],
    ),
    ("solid_waste", "固体废物", "Solid waste", []),
    ("radiation", "辐射", "Radiation", []),
    ("ecology", "生态", "Ecology", []),
    ("other", "其他", "Other", []),
)


def ensure_defaults(*, using: str = "default") -> dict[str, int]:
    """A channel rule per channel and the default categories, each created only when it
    is missing: an administrator's edit is never overwritten. Idempotent."""
    created = {"channel_rules": 0, "categories": 0}
    with transaction.atomic(using=using):
        have = set(ChannelRule.objects.using(using).values_list("channel", flat=True))
        for channel, default in rules.DEFAULTS.items():
            if channel in have:
                continue
            ChannelRule.objects.using(using).create(
                channel=channel,
                intake_limit=default.intake_limit,
                intake_unit=str(default.intake_unit),
                handling_limit=default.handling_limit,
                handling_unit=str(default.handling_unit),
                max_extension=default.max_extension,
                public_message=default.public_message,
            )
            created["channel_rules"] += 1
        codes = set(Category.objects.using(using).values_list("code", flat=True))
        names = set(Category.objects.using(using).values_list("name", flat=True))
        for order, (code, name, name_en, attributes) in enumerate(DEFAULT_CATEGORIES):
            if code in codes or name in names:
                continue
            Category.objects.using(using).create(
                code=code, name=name, name_en=name_en, attributes=attributes, sort_order=order
            )
            created["categories"] += 1
    return created


# --- registration ----------------------------------------------------------------------


@transaction.atomic
def register_complaint(
    *,
    actor: Any,
    channel: str,
    category: Category | str,
    title: str,
    description: str,
    submitted_at: datetime | None = None,
    received_on: date | None = None,
    mailbox_kind: str = "",
    district: Any = None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    attributes: dict[str, Any] | None = None,
    enterprise: str = "",
    anonymous: bool = False,
    name: str = "",
    phone: str = "",
    email: str = "",
    id_number: str = "",
    contact_address: str = "",
    agrees_to_publication: bool = False,
    batch: InspectionBatch | None = None,
    team_case_no: str = "",
    team_due_on: date | None = None,
) -> tuple[Complaint, str]:
    """Register a case; return it and its verification code (shown only once, only its
    hash is kept). The channel's current limits are copied onto the case, the case is
    routed to its department, and the intake clock starts on the day of receipt
    (``received_on``, by default the local day of ``submitted_at``)."""
    if channel not in rules.DEFAULTS:
        raise CaseError({"channel": _("Choose a valid channel.")})
    if isinstance(category, str):
        found = Category.objects.filter(code=category).first()
        if found is None:
            raise CaseError({"category": _("Choose a valid category.")})
        category = found
    if not category.is_active:
        raise CaseError({"category": _("This category is no longer in use.")})
    submitted_at = submitted_at or timezone.now()
    if timezone.is_naive(submitted_at):
        raise CaseError({"submitted_at": _("Give the time of submission with its time zone.")})
    local = timezone.localtime(submitted_at)
    received_on = received_on or local.date()
    if received_on < local.date():
        raise CaseError({"received_on": _("A case cannot be received before it was submitted.")})
    if mailbox_kind and channel != rules.Channel.MAILBOX:
        raise CaseError({"mailbox_kind": _("Only a letter to the director's mailbox has a kind.")})
    if channel == rules.Channel.MAILBOX and not mailbox_kind:
        mailbox_kind = Complaint.MailboxKind.COMPLAINT
    if batch is not None and channel != rules.Channel.INSPECTION:
        raise CaseError({"batch": _("Only an inspection-team referral belongs to a batch.")})
    if batch is not None and team_due_on is None:
        team_due_on = batch.due_on
    if team_due_on is not None and team_due_on < received_on:
        raise CaseError({"team_due_on": _("The team's deadline is before the date of receipt.")})
    if not anonymous and not (name.strip() and (phone.strip() or email.strip())):
        raise CaseError(
            {"name": _("Give a name and a phone number or e-mail address, or report anonymously.")}
        )
    complaint = Complaint(
        case_no="-",
        verification_hash="-",
        channel=channel,
        mailbox_kind=mailbox_kind,
        category=category,
        district=district,
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        title=title.strip(),
        description=description.strip(),
        attributes=attributes or {},
        enterprise=enterprise.strip(),
        anonymous=anonymous,
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        id_number=id_number.strip(),
        contact_address=contact_address.strip(),
        agrees_to_publication=agrees_to_publication,
        submitted_at=submitted_at,
        received_on=received_on,
        registered_by=_user(actor),
        batch=batch,
        team_case_no=team_case_no.strip(),
        team_due_on=team_due_on,
        department=route(category, district),
        **channel_limits(channel),
    )
    try:
        complaint.full_clean(exclude=["case_no", "verification_hash"])
    except ValidationError as error:
        raise CaseError(error.message_dict) from error
    serial = numbering.next_number(CASE_SCOPE, received_on.year)
    complaint.case_no = f"{CASE_PREFIX}{received_on.year}{serial:05d}"
    code = new_verification_code()
    complaint.verification_hash = make_password(code)
    complaint.save()
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.REGISTERED,
        on=received_on,
        public=True,
        data={
            "channel": channel,
            "department": complaint.department_id,
            "batch": batch.pk if batch else None,
        },
    )
    _clock(
        actor=actor,
        complaint=complaint,
        spec=intake_spec(complaint),
        kind=EventKind.START,
        on=received_on,
    )
    return complaint, code


def check_verification(complaint: Complaint, code: str) -> bool:
    """Whether ``code`` is the case's verification code (constant-time)."""
    return selectors.check_verification(complaint, normalise_code(code))


# --- intake ----------------------------------------------------------------------------


@transaction.atomic
def accept(*, actor: Any, complaint: Complaint, on: date) -> Complaint:
    """Accept the case (受理): the intake clock stops, the handling clock starts. A case an
    inspection team referred with its own deadline is due on that date: its handling
    limit becomes the calendar days from acceptance to the team's deadline."""
    _lock(complaint)
    _check_step(complaint, Step.ACCEPTED)
    _not_before(complaint, on, complaint.received_on, _("the date of receipt"))
    fields = ["state", "accepted_on"]
    if complaint.team_due_on is not None:
        if complaint.team_due_on < on:
            raise CaseError(
                _("The inspection team's deadline (%(date)s) has already passed.")
                % {"date": complaint.team_due_on.isoformat()},
                code="team_due",
            )
        complaint.handling_limit = (complaint.team_due_on - on).days
        complaint.handling_unit = "calendar_days"
        fields += ["handling_limit", "handling_unit"]
    complaint.state, complaint.accepted_on = State.ACCEPTED, on
    _save(complaint, *fields)
    _clock(
        actor=actor, complaint=complaint, spec=intake_spec(complaint), kind=EventKind.STOP, on=on
    )
    state = _clock(
        actor=actor,
        complaint=complaint,
        spec=handling_clock_spec(complaint),
        kind=EventKind.START,
        on=on,
    )
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.ACCEPTED,
        on=on,
        public=True,
        data={"handling_due": state.due},
    )
    return complaint


@transaction.atomic
def refuse(
    *, actor: Any, complaint: Complaint, on: date, reason: str, referred_to: str
) -> Complaint:
    """Do not accept (不予受理): the matter is outside the bureau's remit, so the case is
    sent to the competent authority (转送 / 交办), which the complainant is told."""
    _lock(complaint)
    _check_step(complaint, Step.REFUSED)
    _not_before(complaint, on, complaint.received_on, _("the date of receipt"))
    reason = _required(reason, "reason", _("Give the reason for not accepting the case."))
    referred_to = _required(
        referred_to, "referred_to", _("Name the authority the case was sent to (转送 / 交办).")
    )
    complaint.state, complaint.refused_on = State.REFUSED, on
    complaint.refusal_reason, complaint.referred_to = reason, referred_to
    _save(complaint, "state", "refused_on", "refusal_reason", "referred_to")
    _clock(
        actor=actor, complaint=complaint, spec=intake_spec(complaint), kind=EventKind.STOP, on=on
    )
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.REFUSED,
        on=on,
        note=reason,
        public=True,
        data={"referred_to": referred_to},
    )
    return complaint


@transaction.atomic
def transfer(
    *, actor: Any, complaint: Complaint, department: Department, note: str, on: date | None = None
) -> Complaint:
    """Give the case to another department (the handler is cleared); the clocks run on."""
    _lock(complaint)
    _check_step(complaint, Step.TRANSFERRED)
    note = _required(note, "note", _("Say why the case is transferred."))
    if department.pk == complaint.department_id:
        raise CaseError({"department": _("The case is already with this department.")})
    previous = complaint.department_id
    complaint.department, complaint.handler = department, None
    _save(complaint, "department", "handler")
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.TRANSFERRED,
        on=on or _today(),
        note=note,
        data={"from": previous, "to": department.pk},
    )
    return complaint


@transaction.atomic
def assign_handler(
    *, actor: Any, complaint: Complaint, handler: Any, on: date | None = None
) -> Complaint:
    """Name the member of the handling department who works the case."""
    _lock(complaint)
    _check_step(complaint, Step.HANDLER_ASSIGNED)
    if complaint.department_id is None:
        raise CaseError(_("Give the case to a department first."), code="no_department")
    department = department_of(handler)
    if department is None or department.pk != complaint.department_id:
        raise CaseError({"handler": _("The handler must be a member of the handling department.")})
    complaint.handler = handler
    _save(complaint, "handler")
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.HANDLER_ASSIGNED,
        on=on or _today(),
        data={"handler": handler.pk},
    )
    return complaint


# --- duplicates ------------------------------------------------------------------------


def _tell_master_outcome(*, actor: Any, duplicate: Complaint, master: Complaint, on: date) -> None:
    # The master's reply was written to another person: the duplicate's complainant is
    # told the findings and measures (or the reply), with the master's personal data and
    # house numbers masked.
    outcome = "\n".join(part for part in (master.findings, master.measures) if part)
    note = privacy.mask_house_numbers(
        privacy.mask_text(outcome or master.reply, names=[master.name] if master.name else [])
    )
    _event(
        actor=actor,
        complaint=duplicate,
        step=Step.MASTER_OUTCOME,
        on=on,
        note=note,
        public=True,
        data={"master": master.case_no},
    )
    _notify_complainant(
        duplicate,
        _("The outcome of your report"),
        _(
            "Your report was handled together with case %(master)s, which the bureau has "
            "answered. Its outcome is the outcome of your report:\n\n%(reply)s"
        )
        % {"master": master.case_no, "reply": note},
    )


@transaction.atomic
def merge_duplicate(*, actor: Any, complaint: Complaint, master: Complaint, on: date) -> Complaint:
    """Merge a repeated report into the case that handles the same matter: its clocks
    stop, and when the master is answered its outcome is this case's outcome (told to
    the complainant; at once if the master is already answered)."""
    _lock(complaint)
    _check_step(complaint, Step.MERGED)
    if master.master_id is not None:  # merge into the root, never into a duplicate
        master = master.master  # type: ignore[assignment]
    if master.pk == complaint.pk:
        raise CaseError({"master": _("A case cannot be merged into itself.")})
    if master.state in (State.SPAM, State.REFUSED, State.DUPLICATE):
        raise CaseError(
            {
                "master": _("The master case must be one the bureau handles (%(state)s).")
                % {"state": master.get_state_display()}
            }
        )
    if complaint.duplicates.exists():
        raise CaseError(_("Other cases are merged into this one."), code="has_duplicates")
    _not_before(complaint, on, complaint.received_on, _("the date of receipt"))
    _stop_running_clocks(actor=actor, complaint=complaint, on=on, note="duplicate")
    complaint.state, complaint.master = State.DUPLICATE, master
    _save(complaint, "state", "master")
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.MERGED,
        on=on,
        public=True,
        data={"master": master.case_no},
    )
    if master.state in (State.REPLIED, State.CLOSED):
        _tell_master_outcome(actor=actor, duplicate=complaint, master=master, on=on)
    return complaint


# --- handling --------------------------------------------------------------------------


@transaction.atomic
def extend(*, actor: Any, complaint: Complaint, days: int, reason: str, on: date) -> Complaint:
    """Extend the handling period once (per handling period) by at most the rule's cap,
    before it expires; only a department head or an administrator may. The reason is
    told to the complainant (信访条例 Art. 33)."""
    _lock(complaint)
    _check_step(complaint, Step.EXTENDED)
    if not _has_role(actor, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR):
        raise CaseError(
            _("Only a department head or an administrator may extend the handling period."),
            code="permission",
        )
    spec = handling_clock_spec(complaint)
    state = clock_state(complaint, spec)
    if state.limit > spec.limit:
        raise CaseError(_("The handling period may be extended only once."), code="extend_once")
    if not 1 <= days <= complaint.max_extension:
        raise CaseError(
            {"days": _("An extension is 1 to %(limit)s days.") % {"limit": complaint.max_extension}}
        )
    reason = _required(reason, "reason", _("Give the reason for the extension."))
    _not_before(complaint, on, complaint.accepted_on, _("the acceptance"))
    if state.due is not None and on > state.due:
        raise CaseError(
            _("The handling period expired on %(date)s: it can no longer be extended.")
            % {"date": state.due.isoformat()},
            code="expired",
        )
    new_state = _clock(
        actor=actor,
        complaint=complaint,
        spec=spec,
        kind=EventKind.EXTEND,
        on=on,
        days=days,
        note=reason,
    )
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.EXTENDED,
        on=on,
        note=reason,
        public=True,
        data={"days": days, "handling_due": new_state.due},
    )
    _notify_complainant(
        complaint,
        _("The handling of your report was extended"),
        _("The handling period was extended by %(days)s days, to %(date)s. Reason: %(reason)s")
        % {
            "days": days,
            "date": new_state.due.isoformat() if new_state.due else "",
            "reason": reason,
        },
    )
    return complaint


@transaction.atomic
def record_inspection(
    *, actor: Any, complaint: Complaint, on: date, inspectors: str, findings: str
) -> SiteInspection:
    """Record a visit to the site."""
    _lock(complaint)
    _check_step(complaint, Step.INSPECTED)
    _not_before(complaint, on, complaint.received_on, _("the date of receipt"))
    inspectors = _required(inspectors, "inspectors", _("Name the inspectors."))
    findings = _required(findings, "findings", _("Say what the inspectors found."))
    inspection = SiteInspection.objects.create(
        complaint=complaint,
        on=on,
        inspectors=inspectors,
        findings=findings,
        recorded_by=_user(actor),
    )
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.INSPECTED,
        on=on,
        note=findings,
        data={"inspection": inspection.pk, "inspectors": inspectors},
    )
    return inspection


@transaction.atomic
def record_findings(
    *,
    actor: Any,
    complaint: Complaint,
    findings: str,
    substantiated: str,
    measures: str,
    penalties: str = "",
    accountability: str = "",
    penalty_item: Any = None,
    eia_item: Any = None,
    linked_enterprise: Any = None,
    on: date | None = None,
) -> Complaint:
    """Record what the investigation found and what was ordered (the inspection-batch
    results format: 调查核实情况, 是否属实, 处理和整改情况, 问责情况), and the enterprise
    on the pollution-source register the case is about (its page then counts the case)."""
    _lock(complaint)
    _check_step(complaint, Step.FINDINGS)
    findings = _required(findings, "findings", _("Say what the investigation found."))
    if substantiated not in Complaint.Substantiated.values:
        raise CaseError({"substantiated": _("Say whether the report was substantiated.")})
    if substantiated != Complaint.Substantiated.NO:
        measures = _required(
            measures, "measures", _("Say what was ordered for a substantiated report.")
        )
    before = audit.snapshot(
        complaint,
        ["findings", "substantiated", "measures", "penalties", "accountability"],
    )
    complaint.findings, complaint.substantiated = findings, substantiated
    complaint.measures, complaint.penalties = (measures or "").strip(), penalties.strip()
    complaint.accountability = accountability.strip()
    complaint.penalty_item, complaint.eia_item = penalty_item, eia_item
    enterprise_before = _credit_code(complaint.linked_enterprise)
    complaint.linked_enterprise = linked_enterprise
    _save(
        complaint,
        "findings",
        "substantiated",
        "measures",
        "penalties",
        "accountability",
        "penalty_item",
        "eia_item",
        "linked_enterprise",
    )
    changes = audit.changed_fields(before, audit.snapshot(complaint, before.keys()))
    if enterprise_before != _credit_code(linked_enterprise):
        changes["linked_enterprise"] = [enterprise_before, _credit_code(linked_enterprise)]
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.FINDINGS,
        on=on or _today(),
        data={
            "substantiated": substantiated,
            "penalty_item": penalty_item.pk if penalty_item else None,
            "eia_item": eia_item.pk if eia_item else None,
            "linked_enterprise": _credit_code(linked_enterprise),
            "changes": changes,
        },
    )
    return complaint


def _credit_code(enterprise: Any) -> str | None:
    return enterprise.credit_code if enterprise is not None else None


@transaction.atomic
def reply(*, actor: Any, complaint: Complaint, text: str, on: date) -> Complaint:
    """Answer the complainant (办结): the handling clock stops and its verdict (on time or
    late) is kept on the timeline; every case merged into this one is told the outcome."""
    _lock(complaint)
    _check_step(complaint, Step.REPLIED)
    text = _required(text, "text", _("Write the reply to the complainant."))
    _not_before(complaint, on, complaint.accepted_on, _("the acceptance"))
    state = _clock(
        actor=actor,
        complaint=complaint,
        spec=handling_clock_spec(complaint),
        kind=EventKind.STOP,
        on=on,
    )
    complaint.state, complaint.reply, complaint.replied_on = State.REPLIED, text, on
    _save(complaint, "state", "reply", "replied_on")
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.REPLIED,
        on=on,
        note=text,
        public=True,
        data={"on_time": bool(state.on_time), "due": state.due, "round": complaint.reopened},
    )
    _notify_complainant(complaint, _("The reply to your report"), text)
    for duplicate in complaint.duplicates.filter(state=State.DUPLICATE).select_for_update():
        _tell_master_outcome(actor=actor, duplicate=duplicate, master=complaint, on=on)
    return complaint


@transaction.atomic
def record_satisfaction(
    *, actor: Any, complaint: Complaint, satisfaction: str, on: date | None = None
) -> Complaint:
    """The complainant's verdict on the reply (satisfied, basically, dissatisfied)."""
    _lock(complaint)
    _check_step(complaint, Step.SATISFACTION)
    if satisfaction not in Complaint.Satisfaction.values:
        raise CaseError({"satisfaction": _("Choose a valid answer.")})
    complaint.satisfaction = satisfaction
    _save(complaint, "satisfaction")
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.SATISFACTION,
        on=on or _today(),
        data={"satisfaction": satisfaction},
    )
    return complaint


@transaction.atomic
def reopen(*, actor: Any, complaint: Complaint, reason: str, on: date) -> Complaint:
    """Handle an answered case again (e.g. the complainant is dissatisfied and the matter
    persists): back to accepted, a fresh handling period of the full limit from ``on``
    on a clock of its own (the first period's verdict stays), reply date cleared."""
    _lock(complaint)
    _check_step(complaint, Step.REOPENED)
    reason = _required(reason, "reason", _("Give the reason for reopening the case."))
    _not_before(complaint, on, complaint.replied_on, _("the reply"))
    replied_on = complaint.replied_on.isoformat() if complaint.replied_on else None
    previous = {"replied_on": replied_on, "satisfaction": complaint.satisfaction}
    complaint.reopened += 1
    complaint.state, complaint.replied_on, complaint.satisfaction = State.ACCEPTED, None, ""
    _save(complaint, "reopened", "state", "replied_on", "satisfaction")
    state = _clock(
        actor=actor,
        complaint=complaint,
        spec=handling_clock_spec(complaint),
        kind=EventKind.START,
        on=on,
    )
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.REOPENED,
        on=on,
        note=reason,
        public=True,
        data={"round": complaint.reopened, "handling_due": state.due, "previous": previous},
    )
    return complaint


@transaction.atomic
def close(*, actor: Any, complaint: Complaint, on: date | None = None) -> Complaint:
    """Archive an answered case."""
    _lock(complaint)
    _check_step(complaint, Step.CLOSED)
    on = on or _today()
    _not_before(complaint, on, complaint.replied_on, _("the reply"))
    complaint.state = State.CLOSED
    _save(complaint, "state")
    _event(actor=actor, complaint=complaint, step=Step.CLOSED, on=on)
    return complaint


@transaction.atomic
def mark_invalid(
    *, actor: Any, complaint: Complaint, reason: str, on: date | None = None
) -> Complaint:
    """Reject spam or abuse: not a valid message, so no clock runs and the inspection
    alarms and statistics do not count it."""
    _lock(complaint)
    _check_step(complaint, Step.INVALID)
    reason = _required(reason, "reason", _("Say why the message is invalid."))
    on = on or _today()
    _not_before(complaint, on, complaint.received_on, _("the date of receipt"))
    _stop_running_clocks(actor=actor, complaint=complaint, on=on, note="invalid")
    complaint.state = State.SPAM
    _save(complaint, "state")
    _event(actor=actor, complaint=complaint, step=Step.INVALID, on=on, note=reason)
    return complaint


# --- publication -----------------------------------------------------------------------


def _personal_data(complaint: Complaint) -> list[str]:
    values = [complaint.name, complaint.phone, complaint.email, complaint.id_number]
    values.append(complaint.contact_address)
    return [v.strip() for v in values if v and len(v.strip()) >= 2]


@transaction.atomic
def publish_reply(
    *, actor: Any, complaint: Complaint, summary: str, reply: str, on: date | None = None
) -> Complaint:
    """Publish the question and the reply, masked (core.privacy.mask_text with the
    complainant's name); only when the complainant agreed. A text that still carries the
    complainant's name, phone, e-mail, ID number or contact address is refused."""
    _lock(complaint)
    _check_step(complaint, Step.PUBLISHED)
    if not complaint.agrees_to_publication:
        raise CaseError(_("The complainant did not agree to publication."), code="no_consent")
    names = [complaint.name] if complaint.name else []
    masked = {
        "summary": privacy.mask_text(
            _required(summary, "summary", _("Write the question as published.")), names=names
        ),
        "reply": privacy.mask_text(
            _required(reply, "reply", _("Write the reply as published.")), names=names
        ),
    }
    personal = _personal_data(complaint)
    for field, text in masked.items():
        if any(value in text for value in personal):
            raise CaseError({field: _("The text still contains the complainant's personal data.")})
    complaint.public_summary, complaint.public_reply = masked["summary"], masked["reply"]
    complaint.published = True
    _save(complaint, "public_summary", "public_reply", "published")
    _event(actor=actor, complaint=complaint, step=Step.PUBLISHED, on=on or _today())
    return complaint


# --- routing ---------------------------------------------------------------------------


@transaction.atomic
def save_routing_rule(
    *, actor: Any, category: Category | None, district: Any, department: Department
) -> RoutingRule:
    """Create the rule for this category × district pair (either side may be empty, for
    "any"), or point the existing one at ``department``: one rule per pair."""
    # filter(x=None) is IS NULL: the "any" sides match only "any"
    existing = (
        RoutingRule.objects.select_for_update().filter(category=category, district=district).first()
    )
    if existing is not None:
        if existing.department_id == department.pk:
            return existing
        before = audit.snapshot(existing, ["department_id"])
        existing.department = department
        existing.save(update_fields=["department"])
        audit.record(
            actor=actor,
            instance=existing,
            action="wagtail.edit",
            changes=audit.changed_fields(before, audit.snapshot(existing, ["department_id"])),
        )
        return existing
    rule = RoutingRule(category=category, district=district, department=department)
    rule.full_clean()
    rule.save()
    audit.record(actor=actor, instance=rule, action="wagtail.create")
    return rule


# --- photos ----------------------------------------------------------------------------


@transaction.atomic
def add_photo(
    *,
    actor: Any,
    complaint: Complaint,
    filename: str,
    content: bytes,
    inspection: SiteInspection | None = None,
) -> Photo:
    """Keep a photo: the original as received (evidence, private) and a cleaned copy
    (checked by content, re-encoded without EXIF and location) that staff may later
    mark public. Raises :class:`CaseError` for a file that is not a photo."""
    from lantian.core.images import clean_photo  # written by the images helper

    _lock(complaint)
    _check_step(complaint, Step.PHOTO)
    if inspection is not None and inspection.complaint_id != complaint.pk:
        raise CaseError({"inspection": _("The inspection belongs to another case.")})
    try:
        cleaned = clean_photo(filename, content)
    except ValidationError as error:
        raise CaseError({"photo": error.messages}) from error
    # both copies named by the verified content, never by the uploaded name's suffix
    stem = PurePosixPath(filename or "photo").stem[:40] or "photo"
    suffix = f".{cleaned.extension}"
    photo = Photo(
        complaint=complaint,
        inspection=inspection,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
    )
    photo.original.save(f"{stem}{suffix}", ContentFile(content), save=False)
    photo.cleaned.save(f"{stem}.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    photo.save()
    _event(
        actor=actor,
        complaint=complaint,
        step=Step.PHOTO,
        on=_today(),
        data={"photo": photo.pk, "inspection": inspection.pk if inspection else None},
    )
    return photo


def photo_publication_refusal(photo: Photo) -> CaseError | None:
    """The refusal :func:`set_photo_publication` gives to marking ``photo`` public now,
    or None when it may be (for the case page to offer only what the rule allows)."""
    complaint = photo.complaint
    if complaint.state not in TRANSITIONS[Step.PHOTO_PUBLIC]:
        return CaseError(
            _("Nothing of a case that is “%(state)s” is published.")
            % {"state": complaint.get_state_display()},
            code="state",
        )
    if complaint.agrees_to_publication:
        return None
    if photo.inspection_id is None:
        message = _("The complainant did not agree to publication: their photo stays private.")
    else:
        message = _(
            "The complainant did not agree to publication: the reply is not published, "
            "so neither is a photo of the site inspection."
        )
    return CaseError(message, code="no_consent")


@transaction.atomic
def set_photo_publication(
    *, actor: Any, photo: Photo, public: bool, on: date | None = None
) -> Photo:
    """Mark ``photo`` to be published with the case's reply (``public=True``) or keep it
    private (``public=False``). Only the cleaned copy (no EXIF, no location) is ever
    shown, on the published reply page, and only once the reply is published.

    The rule, by whose photo it is (``Photo.inspection``):

    - a photo of the complaint (no inspection: the complainant's, sent with the report
      or handed in and added by staff) is the complainant's material: it may be public
      only when the complainant agreed to publication (``agrees_to_publication``);
    - a photo of a site inspection is the bureau's own record, but it is shown beside
      the complainant's published question and shows the place they reported (often
      their own street). It is published with the reply, which :func:`publish_reply`
      publishes only with the complainant's agreement: so it too may be public only on
      a case whose complainant agreed (not "regardless"; the bureau's findings reach
      the public without it through the disclosure of penalties and inspection
      results);
    - never on a case that is spam, not accepted or merged into another (none of those
      is ever published).

    Keeping a photo private is always allowed. A refusal is a :class:`CaseError` (code
    ``no_consent`` or ``state``) and writes nothing; setting what is already set
    changes nothing. Audited and on the timeline, as the photo's upload is."""
    _lock(photo.complaint)
    photo = Photo.objects.select_for_update().select_related("complaint").get(pk=photo.pk)
    if public and (refusal := photo_publication_refusal(photo)) is not None:
        raise refusal
    if photo.public == public:
        return photo
    photo.public = public
    photo.save(update_fields=["public"])
    _event(
        actor=actor,
        complaint=photo.complaint,
        step=Step.PHOTO_PUBLIC if public else Step.PHOTO_PRIVATE,
        on=on or _today(),
        data={"photo": photo.pk, "inspection": photo.inspection_id, "public": public},
    )
    return photo
