"""Public forms of disclosure on application: the application (条例 Art. 29) and the
tracking form. The API validates its JSON body with the same :class:`ApplicationForm`,
so a field is accepted or refused for the same reason on both channels."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# The public form base and the shared checks live in core (complaints use them too).
from lantian.core.forms import (  # noqa: F401 (re-exported)
    _POSTCODE,
    EMAIL_INVALID,
    OWN_MESSAGES,
    PublicForm,
    credit_code_check_character,
    credit_code_error,
    phone_error,
    resident_id_check_character,
    resident_id_error,
)
from lantian.foi.models import Application
from lantian.foi.services import APPLICANT_FIELDS

A = Application


# ---------------------------------------------------------------- the application

ORGANISATION_TYPES = {
    A.ApplicantType.COMMERCIAL,
    A.ApplicantType.RESEARCH,
    A.ApplicantType.PUBLIC_INTEREST,
    A.ApplicantType.LEGAL_SERVICE,
    A.ApplicantType.OTHER_ORGANISATION,
}
PERSON_ID_TYPES = [c for c in A.IdType.choices if c[0] != A.IdType.CREDIT_CODE]


def applicant_type_choices() -> list[Any]:
    """Natural person, then the organisation sub-types of the annual report's table 三,
    grouped under "legal person or other organisation"."""
    organisations = [c for c in A.ApplicantType.choices if c[0] in ORGANISATION_TYPES]
    return [
        (A.ApplicantType.NATURAL_PERSON, A.ApplicantType.NATURAL_PERSON.label),
        (_("Legal person or other organisation"), organisations),
    ]


class ApplicationForm(PublicForm):
    """An application for government information (条例 Art. 29: who is asking and how to
    reach them, what information, in what form)."""

    applicant_type = forms.ChoiceField(
        label=_("Applicant"),
        choices=applicant_type_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you apply as a person or organisation.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Your full name, or the organisation's registered name."),
        error_messages={"required": _("Enter the applicant's name.")},
    )
    id_type = forms.ChoiceField(
        label=_("Type of identity document"),
        choices=A.IdType.choices,
        initial=A.IdType.RESIDENT_ID,
        help_text=_("Organisations: the unified social credit code."),
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=50,
        error_messages={"required": _("Enter the number of the identity document.")},
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"),
        max_length=100,
        required=False,
        help_text=_("Organisations only."),
    )
    contact_person = forms.CharField(
        label=_("Contact person"),
        max_length=100,
        required=False,
        help_text=_("Organisations only: who we contact about the application."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        error_messages={"required": _("Enter a phone number we can reach you on.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Needed if you want the reply by email."),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        help_text=_("Needed if you want the reply by post."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    description = forms.CharField(
        label=_("Information sought"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe the government information you ask for as precisely as you can: "
            "subject, period, place, the project or enterprise concerned."
        ),
        error_messages={"required": _("Describe the information you ask for.")},
    )
    document_hint = forms.CharField(
        label=_("Document title or number, if known"),
        max_length=300,
        required=False,
        help_text=_("For example the 文号 of a decision."),
    )
    form = forms.ChoiceField(
        label=_("Form of the information"),
        choices=A.Form.choices,
        initial=A.Form.ELECTRONIC,
        widget=forms.RadioSelect,
    )
    delivery = forms.ChoiceField(
        label=_("How you receive it"),
        choices=A.Delivery.choices,
        initial=A.Delivery.EMAIL,
        widget=forms.RadioSelect,
    )
    fee_waiver_requested = forms.BooleanField(
        label=_("I ask for a reduction or waiver of any processing fee"),
        required=False,
        help_text=_(
            "Applications are free in principle; a fee applies only to a clearly excessive "
            "number or frequency of applications."
        ),
    )
    privacy_acknowledged = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data are used as it says"),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if error := phone_error(phone):
            raise forms.ValidationError(error, code="invalid")
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not _POSTCODE.match(postcode):
            raise forms.ValidationError(_("A postcode has 6 digits."), code="invalid")
        return postcode

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < 5:
            raise forms.ValidationError(
                _("Describe the information in a few more words."), code="min_length"
            )
        return description

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        applicant = data.get("applicant_type")
        id_type = data.get("id_type")
        number = data.get("id_number")
        organisation = applicant in ORGANISATION_TYPES
        if organisation:
            if id_type and id_type != A.IdType.CREDIT_CODE:
                self.add_error(
                    "id_type",
                    forms.ValidationError(
                        _("An organisation applies with its unified social credit code."),
                        code="organisation_needs_credit_code",
                    ),
                )
            for field, message in (
                ("legal_representative", _("Enter the organisation's legal representative.")),
                ("contact_person", _("Enter the organisation's contact person.")),
            ):
                if not data.get(field, "").strip():
                    self.add_error(field, forms.ValidationError(message, code="required"))
        elif applicant and id_type == A.IdType.CREDIT_CODE:
            self.add_error(
                "id_type",
                forms.ValidationError(
                    _("A person applies with a personal identity document."),
                    code="person_needs_personal_id",
                ),
            )
        if number and id_type == A.IdType.RESIDENT_ID and (error := resident_id_error(number)):
            self.add_error("id_number", forms.ValidationError(error, code="invalid"))
        if number and id_type == A.IdType.CREDIT_CODE and (error := credit_code_error(number)):
            self.add_error("id_number", forms.ValidationError(error, code="invalid"))
        if not organisation:
            # a person's application carries no organisation fields
            data["legal_representative"] = data["contact_person"] = ""
        delivery = data.get("delivery")
        if delivery == A.Delivery.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Enter an email address to receive the reply by email."), code="required"
                ),
            )
        if (
            delivery == A.Delivery.POST
            and not data.get("address", "").strip()
            and "address" not in self.errors  # refused already (too long): not missing
        ):
            self.add_error(
                "address",
                forms.ValidationError(
                    _("Enter a postal address to receive the reply by post."), code="required"
                ),
            )
        if delivery == A.Delivery.EMAIL and data.get("form") == A.Form.PAPER:
            self.add_error(
                "delivery",
                forms.ValidationError(
                    _("Paper copies cannot be sent by email: choose post or pick-up."),
                    code="paper_by_email",
                ),
            )
        return data

    def application_fields(self) -> dict[str, Any]:
        """The cleaned values to register the application with."""
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class TrackingForm(PublicForm):
    """The tracking code and the verification code given at submission."""

    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("For example YSQ202600012."),
        error_messages={"required": _("Enter the tracking code.")},
    )
    verification_code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the verification code.")},
    )

    def clean_tracking_code(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["tracking_code"]).upper()

    def clean_verification_code(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["verification_code"])
