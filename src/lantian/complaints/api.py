"""Complaints in the public API (`/api/v1/complaints…`): the monthly and yearly figures,
submitting a complaint or a letter to the director's mailbox, following a case.

A submission is validated by the web form's own :class:`~lantian.complaints.forms.
ComplaintForm` (or :class:`~lantian.complaints.forms.MailboxForm`), so both channels
accept and refuse the same things; only the form's spam checks for browsers (the hidden
field, the time the form was open) do not apply, and accepted submissions are limited
per client address instead, sharing the web form's counter. Following a case needs its
verification code; an unknown case number and a wrong code get the same 404. No personal
data is ever in a response.
"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lantian.complaints import selectors, services, tracking
from lantian.complaints.forms import ComplaintForm, MailboxForm
from lantian.complaints.models import Category, Channel, Complaint
from lantian.complaints.questions import ATTRIBUTE_PREFIX
from lantian.complaints.rules import DEFAULTS
from lantian.complaints.views import SUBMIT_ACTION, TRACK_ACTION, submit_rate, track_rate
from lantian.core import ratelimit
from lantian.core.apitypes import Between, Choice, ErrorOut, FreeText, Text

router = Router(tags=["complaints"])

C = Complaint
# The years a statistic can be asked for: the bureau's records start long after 2000.
FIRST_YEAR, LAST_YEAR = 2000, 2100
SubmitChannel = Choice([Channel.ONLINE.value, Channel.MAILBOX.value])
MailboxKind = Choice(C.MailboxKind.values)
CaseState = Choice(C.State.values)
ChannelCode = Choice(list(DEFAULTS))

NO_STORE = decorate_view(never_cache)
PUBLIC = decorate_view(cache_control(public=True, max_age=300))


# ---------------------------------------------------------------- statistics


class Counts(Schema):
    received: int
    closed: int = Field(description="Answered: replied or closed")


class ChannelCounts(Counts):
    channel: ChannelCode


class CategoryCounts(Counts):
    category: str = Field(description="The category's code (see /open311/v2/services.json)")


class DistrictCounts(Counts):
    district: str | None = Field(description="The district's name; null: none recorded")


class MonthCounts(Counts):
    month: Annotated[int, Between(1, 12)]


class StatisticsOut(Schema):
    year: int
    month: int | None
    received: int = Field(description="Valid cases received in the period (invalid apart)")
    accepted: int
    refused: int = Field(description="Not accepted: outside the remit, sent on")
    duplicates: int
    closed: int = Field(description="Answered: replied or closed")
    closed_on_time: int
    open: int
    invalid: int = Field(description="Rejected as invalid (spam), not counted as received")
    on_time_rate: float | None = Field(description="closed_on_time / closed, 0 to 1")
    mailbox_received: int
    mailbox_answered: int
    mailbox_answer_rate: float | None = Field(description="For the director's mailbox, 0 to 1")
    by_channel: list[ChannelCounts]
    by_category: list[CategoryCounts]
    by_district: list[DistrictCounts]
    by_month: list[MonthCounts]


class StatisticsQuery(Schema):
    year: Annotated[int, Between(FIRST_YEAR, LAST_YEAR)] = Field(
        description=f"The year of receipt, {FIRST_YEAR} to {LAST_YEAR}"
    )
    month: Annotated[int, Between(1, 12)] | None = Field(
        None, description="A month of that year, 1 to 12; the whole year when left out"
    )


@router.get(
    "/complaints/stats",
    response={200: StatisticsOut, 422: ErrorOut},
    summary="Complaint figures of a year or a month",
)
@PUBLIC
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticsOut:
    """The cases received in the year (or month): received, accepted, refused, merged,
    answered and answered on time, still open, invalid; the director's mailbox answer
    rate; and the same counts by channel, category, district and month."""
    figures = selectors.statistics(query.year, query.month)
    lists = {
        "by_channel": [{"channel": k, **v} for k, v in figures["by_channel"].items()],
        "by_category": [{"category": k, **v} for k, v in figures["by_category"].items()],
        "by_district": [{"district": k, **v} for k, v in figures["by_district"].items()],
        "by_month": [{"month": k, **v} for k, v in sorted(figures["by_month"].items())],
    }
    return StatisticsOut.model_validate({**figures, **lists})


# ---------------------------------------------------------------- submitting


class ComplaintIn(Schema):
    """A complaint (channel ``online``) or a letter to the director's mailbox."""

    channel: SubmitChannel = Field(
        Channel.ONLINE.value, description="online: a complaint; mailbox: a letter"
    )
    mailbox_kind: MailboxKind | None = Field(
        None, description="Letters to the mailbox: consultation, suggestion or complaint"
    )
    category: Annotated[str, Text(40)] = Field(
        description="An active category's code: the service_code of "
        "/open311/v2/services.json (administrators edit the list, so it is not fixed here)"
    )
    title: FreeText = Field(description="A subject in a few words, at most 200 characters")
    description: FreeText = Field(description="What happens, where, when, who causes it")
    address: FreeText = Field("", description="Where it happens, at most 300 characters")
    latitude: float | None = Field(None, ge=-90, le=90, description="WGS 84, with longitude")
    longitude: float | None = Field(None, ge=-180, le=180, description="WGS 84, with latitude")
    attributes: dict[Annotated[str, Text(40)], Any] = Field(
        default_factory=dict,
        description="Answers to the category's extra questions by code (its Open311 "
        "service definition); a list for a multivaluelist",
    )
    anonymous: bool = Field(False, description="true: no contact details are kept")
    name: FreeText = ""
    phone: FreeText = Field("", description="A phone number or an email: one is required")
    email: FreeText = ""
    id_number: FreeText = Field("", description="Optional")
    contact_address: FreeText = Field("", description="Optional: for a reply by post")
    agrees_to_publication: bool = Field(
        False, description="The masked question and reply may be published"
    )
    privacy_acknowledged: bool = Field(
        description="Must be true: the complainant has read the privacy notice"
    )


class ComplaintCreated(Schema):
    case_no: str
    verification_code: str = Field(
        description="Shown only in this response; needed with the case number to follow it"
    )
    status: CaseState
    received_on: date
    intake_due: date | None = Field(description="The decision to accept it is due by this day")


class _Api:
    """The web form as the API uses it: categories by code, no browser spam checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["category"].to_field_name = "code"  # type: ignore[attr-defined]

    def spam_error(self) -> str | None:
        return None  # a client of the API is limited per address instead


class ApiComplaintForm(_Api, ComplaintForm):
    pass


class ApiMailboxForm(_Api, MailboxForm):
    pass


def _field_errors(errors: DjangoValidationError | dict) -> NinjaValidationError:
    """Form or service errors as the API's field-level validation error."""
    items = errors.error_dict.items() if hasattr(errors, "error_dict") else errors.items()
    details = []
    for field, field_errors in items:
        for error in field_errors.as_data() if hasattr(field_errors, "as_data") else field_errors:
            if field.startswith(ATTRIBUTE_PREFIX):  # attr_<category>__<code> → attributes.<code>
                loc = ["body", "payload", "attributes", field.split("__", 1)[-1]]
            else:
                loc = ["body", "payload"] + ([] if field == "__all__" else [field])
            message = " ".join(error.messages) if hasattr(error, "messages") else str(error)
            details.append({"loc": loc, "msg": message, "type": error.code or "invalid"})
    return NinjaValidationError(details)


def form_data(payload: ComplaintIn) -> dict[str, Any]:
    """The body as the web form's fields (checkboxes only when ticked, as a browser)."""
    data: dict[str, Any] = payload.dict(exclude={"attributes", "channel", "mailbox_kind"})
    for name in ("anonymous", "agrees_to_publication", "privacy_acknowledged"):
        if not data[name]:
            data.pop(name)
    for name in ("latitude", "longitude"):
        if data[name] is None:
            data.pop(name)
    if payload.channel == Channel.MAILBOX:
        data["mailbox_kind"] = payload.mailbox_kind or ""
    for code, value in payload.attributes.items():
        data[f"{ATTRIBUTE_PREFIX}{payload.category}__{code}"] = value
    return data


def _check_attributes(payload: ComplaintIn) -> None:
    """Answers only to the chosen category's questions (the form would drop the others)."""
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        return  # the form names the category
    known = {q.get("code") for q in category.attributes or [] if isinstance(q, dict)}
    unknown = sorted(set(payload.attributes) - known)
    if unknown:
        raise NinjaValidationError(
            [
                {
                    "loc": ["body", "payload", "attributes", code],
                    "msg": _("%(code)s is not a question of the category %(category)s.")
                    % {"code": code, "category": category.code},
                    "type": "unknown_attribute",
                }
                for code in unknown
            ]
        )


@router.post(
    "/complaints",
    response={201: ComplaintCreated, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit a complaint or a letter to the director's mailbox",
)
@NO_STORE
def submit_complaint(request: HttpRequest, payload: ComplaintIn) -> Status:
    """Register a complaint (``online``) or a mailbox letter (``mailbox``, with its
    ``mailbox_kind``). Answers its case number and verification code (the code is never
    shown again). Refused fields are listed in ``error.details`` (``loc`` ends with the
    field; an extra question's answer with ``attributes`` and its code). Accepted
    submissions are limited per client address (429 with ``Retry-After``), together with
    the web form's."""
    client = ratelimit.client_ip(request)
    ratelimit.check(SUBMIT_ACTION, client, submit_rate())
    if payload.mailbox_kind and payload.channel != Channel.MAILBOX:
        raise NinjaValidationError(
            [
                {
                    "loc": ["body", "payload", "mailbox_kind"],
                    "msg": _("Only a letter to the director's mailbox has a kind."),
                    "type": "invalid",
                }
            ]
        )
    _check_attributes(payload)
    form_class = ApiMailboxForm if payload.channel == Channel.MAILBOX else ApiComplaintForm
    form = form_class(data=form_data(payload))
    if not form.is_valid():
        raise _field_errors(form.errors.as_data())
    try:
        complaint, code = services.register_complaint(
            actor=None, submitted_at=timezone.now(), **form.complaint_fields()
        )
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise _field_errors(error) from None
        raise NinjaValidationError(
            [{"loc": ["body", "payload"], "msg": " ".join(error.messages), "type": "invalid"}]
        ) from None
    ratelimit.hit(SUBMIT_ACTION, client, submit_rate())
    clock = selectors.case_clock(complaint)
    return Status(
        201,
        ComplaintCreated(
            case_no=complaint.case_no,
            verification_code=code,
            status=complaint.state,
            received_on=complaint.received_on,
            intake_due=clock.intake_due,
        ),
    )


# ---------------------------------------------------------------- following


class ComplaintStatus(Schema):
    case_no: str
    status: CaseState = Field(
        description="received (awaiting the decision to accept), accepted, refused (sent "
        "on: see referred_to), duplicate (handled with an earlier case), replied, closed, "
        "spam (not a valid message)"
    )
    status_label: str
    category: str
    received_on: date
    accepted_on: date | None
    intake_due: date | None = Field(description="While awaiting acceptance: decision due by")
    handling_due: date | None = Field(
        description="While accepted: handled by this day (60 days from acceptance, plus any "
        "extension)"
    )
    provisional: bool = Field(description="A due date depends on an unconfirmed calendar")
    extended: bool
    extension_days: int
    referred_to: str = Field(description="A case not accepted: where it was sent")
    replied_on: date | None


class VerificationQuery(Schema):
    verification: Annotated[str, Text(40)] = Field(
        "", description="The verification code given at submission"
    )


@router.get(
    "/complaints/{case_no}",
    response={200: ComplaintStatus, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Follow a complaint",
)
@NO_STORE
def complaint_status(
    request: HttpRequest,
    case_no: Annotated[str, Text(30)],
    query: Query[VerificationQuery],
) -> ComplaintStatus | HttpResponse:
    """Where a case stands: status, date of receipt, the acceptance and handling due
    dates, extension, reply date. An unknown case number and a wrong verification code
    both answer 404; failed attempts are limited per client address, with the web
    tracking form's."""
    client = ratelimit.client_ip(request)
    ratelimit.check(TRACK_ACTION, client, track_rate())
    complaint = selectors.find_by_case_no(case_no, query.verification)
    if complaint is None:
        ratelimit.hit(TRACK_ACTION, client, track_rate())
        raise HttpError(404, _("No case matches this case number and verification code."))
    status = tracking.case_status(complaint)
    return ComplaintStatus(
        case_no=status.case_no,
        status=status.state,
        status_label=status.status_label,
        category=status.category,
        received_on=status.received_on,
        accepted_on=status.accepted_on,
        intake_due=status.intake_due,
        handling_due=status.handling_due,
        provisional=status.provisional,
        extended=status.extended,
        extension_days=status.extension_days,
        referred_to=status.referred_to,
        replied_on=status.replied_on,
    )
