"""Disclosure applications in the public API (`/api/v1/foi/…`): submit one, follow it.

The body of a submission is validated by the web form's own
:class:`~lantian.foi.forms.ApplicationForm`, so both channels accept and refuse the same
things; refusals list each field in the API's error format. Following a case needs its
verification code, and an unknown tracking code and a wrong verification code get the
same 404. No personal data is ever in a response.
"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lantian.core import ratelimit
from lantian.core.apitypes import Choice, ErrorOut, FreeText, Text
from lantian.foi import services, tracking
from lantian.foi.forms import ApplicationForm
from lantian.foi.models import Application
from lantian.foi.replies import BY_KEY
from lantian.foi.views import SUBMIT_ACTION, TRACK_ACTION, submit_rate, track_rate

router = Router(tags=["disclosure on application"])

A = Application
# Every choice is an enum of the document; a choice also passes the form's own checks
# (an organisation with a credit code, paper not by email).
ApplicantType = Choice(A.ApplicantType.values)
IdType = Choice(A.IdType.values)
InfoForm = Choice(A.Form.values)
Delivery = Choice(A.Delivery.values)
PublicStatus = Choice(tracking.STATUS_LABELS)
ReplyType = Choice(BY_KEY)


class ApplicationIn(Schema):
    """An application for government information (条例 Art. 29)."""

    applicant_type: ApplicantType = Field(
        description="A natural person, or an organisation of one of the annual report's "
        "types (table 三)"
    )
    name: FreeText = Field(description="The person's full name or the organisation's name")
    id_type: IdType = Field(description="Organisations: credit_code; people: any other")
    id_number: FreeText = Field(
        description="Resident ID numbers and credit codes are checked with their check character"
    )
    legal_representative: FreeText = Field("", description="Organisations: required")
    contact_person: FreeText = Field("", description="Organisations: required")
    phone: FreeText
    email: FreeText = Field("", description="Required when delivery is email")
    address: FreeText = Field("", description="Required when delivery is post")
    postcode: FreeText = ""
    description: FreeText = Field(description="The information sought")
    document_hint: FreeText = Field("", description="Document title or number (文号), if known")
    form: InfoForm = Field(A.Form.ELECTRONIC.value, description="The form of the information")
    delivery: Delivery = Field(
        A.Delivery.EMAIL.value, description="How the reply reaches the applicant"
    )
    fee_waiver_requested: bool = False
    privacy_acknowledged: bool = Field(
        description="Must be true: the applicant has read the privacy notice"
    )


class ApplicationCreated(Schema):
    tracking_code: str
    verification_code: str = Field(
        description="Shown only in this response; needed with the tracking code to follow "
        "the application"
    )
    status: PublicStatus
    received_on: date | None = Field(description="Empty until staff confirm receipt (条例 Art. 31)")


class ApplicationStatus(Schema):
    tracking_code: str
    status: PublicStatus = Field(
        description="submitted (receipt not yet confirmed), accepted, in_progress; the "
        "pauses supplement, consultation, fee; then replied, or withdrawn or closed"
    )
    status_label: str
    received_on: date | None
    receipt_expected_on: date | None = Field(
        description="Before receipt is confirmed: the first working day staff can confirm it"
    )
    statutory_due: date | None = Field(
        description="The reply is due by this date (20 working days after receipt, "
        "plus any extension); empty before receipt, while paused and once replied"
    )
    provisional: bool = Field(description="The due date depends on an unconfirmed calendar")
    extended: bool
    paused: bool
    reply_type: ReplyType | None = Field(description="Once replied: the reply type's key")
    reply_type_label: str | None
    replied_on: date | None


NO_STORE = decorate_view(never_cache)


def _field_errors(errors: DjangoValidationError | dict) -> NinjaValidationError:
    """Form or service errors as the API's field-level validation error."""
    items = errors.error_dict.items() if hasattr(errors, "error_dict") else errors.items()
    details = []
    for field, field_errors in items:
        for error in field_errors.as_data() if hasattr(field_errors, "as_data") else field_errors:
            loc = ["body", "payload"] + ([] if field == "__all__" else [field])
            message = " ".join(error.messages) if hasattr(error, "messages") else str(error)
            details.append({"loc": loc, "msg": message, "type": error.code or "invalid"})
    return NinjaValidationError(details)


@router.post(
    "/foi/applications",
    response={201: ApplicationCreated, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit an application for government information",
)
@NO_STORE
def submit_application(request: HttpRequest, payload: ApplicationIn) -> Status:
    """Register an online application. Answers its tracking code and verification code
    (the verification code is never shown again). Refused fields are listed in
    ``error.details`` (``loc`` ends with the field). Accepted submissions are limited per
    client address (429 with ``Retry-After``)."""
    client = ratelimit.client_ip(request)
    ratelimit.check(SUBMIT_ACTION, client, submit_rate())
    form = ApplicationForm(data=payload.dict())
    if not form.is_valid():
        raise _field_errors(form.errors.as_data())
    try:
        application, code = services.register_application(
            actor=None,
            channel=Application.Channel.ONLINE,
            submitted_at=timezone.now(),
            **form.application_fields(),
        )
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise _field_errors(error) from None
        raise NinjaValidationError(
            [{"loc": ["body", "payload"], "msg": " ".join(error.messages), "type": "invalid"}]
        ) from None
    ratelimit.hit(SUBMIT_ACTION, client, submit_rate())
    return Status(
        201,
        ApplicationCreated(
            tracking_code=application.tracking_code,
            verification_code=code,
            status=tracking.case_status(application).status,
            received_on=application.received_on,
        ),
    )


class VerificationQuery(Schema):
    verification: Annotated[str, Text(40)] = Field(
        "", description="The verification code given at submission"
    )


@router.get(
    "/foi/applications/{tracking_code}",
    response={200: ApplicationStatus, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Follow an application",
)
@NO_STORE
def application_status(
    request: HttpRequest,
    tracking_code: Annotated[str, Text(30)],
    query: Query[VerificationQuery],
) -> ApplicationStatus:
    """Where an application stands: status, date of receipt, statutory due date and,
    once replied, the reply type and date. An unknown tracking code and a wrong
    verification code both answer 404; failed attempts are limited per client address."""
    client = ratelimit.client_ip(request)
    ratelimit.check(TRACK_ACTION, client, track_rate())
    application = tracking.find_verified(
        "".join(tracking_code.split()).upper(), "".join(query.verification.split())
    )
    if application is None:
        ratelimit.hit(TRACK_ACTION, client, track_rate())
        raise HttpError(404, _("No application matches this tracking code and verification code."))
    # the schema picks its fields from the page's status (no personal data among them)
    return ApplicationStatus.model_validate(tracking.case_status(application), from_attributes=True)
