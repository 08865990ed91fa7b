"""Forms of the case page's actions and of the staff registration of a complaint.

Each action form only collects what its service needs; the service decides whether the
step is allowed and says why not (a ``CaseError``), and the view puts that message on
the form.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.complaints.models import Category, Channel, Complaint, LetterTemplate, Photo
from lantian.complaints.questions import CategoryQuestions
from lantian.core.models import Department
from lantian.core.privacy import mask_text
from lantian.core.roles import Role

C = Complaint

# Channels staff enter by hand (the public ones arrive through the site or the API).
STAFF_CHANNELS = (
    Channel.HOTLINE_12369,
    Channel.PETITION_LETTER,
    Channel.PETITION_VISIT,
    Channel.SUPERVISION,
    Channel.MAILBOX,  # a letter to the director on paper
)

PHOTO_TYPES = "image/jpeg,image/png,image/webp"


def _today() -> Any:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=_today, **kwargs)


def note_field(label: Any, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def staff_of(department: Department | None, *roles: Role) -> QuerySet[Any]:
    """Active staff of ``department`` holding one of ``roles``."""
    names = [role.group_name for role in roles]
    users = get_user_model().objects.filter(is_active=True, groups__name__in=names)
    if department is not None:
        users = users.filter(staff_profile__department=department)
    return users.distinct().order_by("last_name", "first_name", "username")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (checked by content by the service, core.images)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_TYPES}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ActionForm(forms.Form):
    """What every action form shares: the case it acts on and the acting user."""

    def __init__(self, *args: Any, complaint: Complaint, user: Any, **kwargs: Any) -> None:
        self.complaint, self.user = complaint, user
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EmptyForm(ActionForm):
    pass


class DateOnlyForm(ActionForm):
    on = date_field(gettext_lazy("Date"))


class AcceptForm(ActionForm):
    on = date_field(gettext_lazy("Date of acceptance"))


class RefuseForm(ActionForm):
    on = date_field(gettext_lazy("Date of the decision"))
    reason = note_field(gettext_lazy("Reason for not accepting"))
    referred_to = forms.CharField(
        label=gettext_lazy("Sent to"),
        max_length=200,
        help_text=gettext_lazy(
            "The authority the case was sent to or the complainant was told to turn to "
            "(转送 / 交办): the reply must name it."
        ),
    )


class TransferForm(ActionForm):
    department = forms.ModelChoiceField(
        label=gettext_lazy("Handling department"),
        queryset=Department.objects.filter(is_active=True),
    )
    note = note_field(gettext_lazy("Why the case is transferred"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].initial = self.complaint.department_id


class AssignHandlerForm(ActionForm):
    handler = StaffChoiceField(label=gettext_lazy("Handler"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_of(
            self.complaint.department, Role.CASE_HANDLER, Role.DEPARTMENT_HEAD
        )
        self.fields["handler"].initial = self.complaint.handler_id


class MergeForm(ActionForm):
    on = date_field(gettext_lazy("Date"))
    master = forms.CharField(
        label=gettext_lazy("Case number of the master case"),
        max_length=30,
        help_text=gettext_lazy("The earlier case about the same matter; this one follows it."),
    )

    def clean_master(self) -> Complaint:
        from lantian.complaints.admin.permissions import visible_cases

        number = "".join(self.cleaned_data["master"].split()).upper()
        master = visible_cases(self.user).filter(case_no=number).first()
        if master is None:
            raise ValidationError(_("No case with the number %(no)s.") % {"no": number})
        if master.pk == self.complaint.pk:
            raise ValidationError(_("A case cannot be merged into itself."))
        return master


class ExtendForm(ActionForm):
    on = date_field(gettext_lazy("Date of the approval"))
    days = forms.IntegerField(label=gettext_lazy("Days"), min_value=1)
    reason = note_field(
        gettext_lazy("Reason"),
        help_text=gettext_lazy("The reason is told to the complainant (《信访条例》 Art. 33)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cap = self.complaint.max_extension
        self.fields["days"].max_value = cap
        self.fields["days"].initial = cap
        self.fields["days"].widget.attrs["max"] = cap
        self.fields["days"].validators.append(MaxValueValidator(cap))
        self.fields["days"].help_text = _("At most %(days)d days for this case.") % {"days": cap}


class InspectionForm(ActionForm):
    on = date_field(gettext_lazy("Date of the visit"))
    inspectors = forms.CharField(label=gettext_lazy("Inspectors"), max_length=200)
    findings = note_field(gettext_lazy("What was found on site"), rows=5)
    photos = PhotosField(label=gettext_lazy("Photos"))


class PhotoForm(ActionForm):
    photos = PhotosField(label=gettext_lazy("Photos"), required=True)


def _disclosure_item(value: str, label: str) -> Any:
    """A published disclosure item by its index number or its ID."""
    from lantian.disclosure import selectors as disclosure

    value = (value or "").strip()
    if not value:
        return None
    item = disclosure.item_by_index_no(value)
    if item is None and value.isdigit():
        item = disclosure.live_items().filter(pk=int(value)).first()
    if item is None:
        raise ValidationError(
            _("No published %(what)s with the index number or ID %(value)s.")
            % {"what": label, "value": value}
        )
    return item


class FindingsForm(ActionForm):
    findings = note_field(gettext_lazy("Findings"), rows=5)
    substantiated = forms.ChoiceField(
        label=gettext_lazy("Substantiated"), choices=C.Substantiated.choices
    )
    measures = note_field(gettext_lazy("Measures ordered"), required=False)
    penalties = note_field(gettext_lazy("Penalties"), required=False)
    accountability = note_field(gettext_lazy("Accountability"), required=False)
    penalty_item = forms.CharField(
        label=gettext_lazy("Penalty decision (index number or ID)"),
        required=False,
        help_text=gettext_lazy("The published penalty decision that followed, if any."),
    )
    eia_item = forms.CharField(
        label=gettext_lazy("EIA disclosure (index number or ID)"),
        required=False,
    )
    linked_enterprise = forms.CharField(
        label=gettext_lazy("Enterprise concerned (unified social credit code)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "The enterprise on the pollution-source register the case is about; "
            "its public page then counts the case."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        c = self.complaint
        for name in ("findings", "substantiated", "measures", "penalties", "accountability"):
            self.fields[name].initial = getattr(c, name)
        self.fields["penalty_item"].initial = c.penalty_item_id or ""
        self.fields["eia_item"].initial = c.eia_item_id or ""
        if c.linked_enterprise_id:
            self.fields["linked_enterprise"].initial = c.linked_enterprise.credit_code

    def clean_penalty_item(self) -> Any:
        return _disclosure_item(self.cleaned_data["penalty_item"], _("penalty decision"))

    def clean_eia_item(self) -> Any:
        return _disclosure_item(self.cleaned_data["eia_item"], _("EIA disclosure"))

    def clean_linked_enterprise(self) -> Any:
        from lantian.sources import selectors as sources

        code = "".join((self.cleaned_data["linked_enterprise"] or "").split()).upper()
        if not code:
            return None
        enterprise = sources.enterprise(code)
        if enterprise is None:
            raise ValidationError(
                _("No enterprise on the register has the credit code %(code)s.") % {"code": code}
            )
        return enterprise


class ReplyForm(ActionForm):
    on = date_field(gettext_lazy("Date of the reply"))
    text = note_field(gettext_lazy("Reply to the complainant"), rows=8)
    issue_letter = forms.BooleanField(
        label=gettext_lazy("Also issue the reply letter (DOCX and PDF)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].initial = self.complaint.reply


class SatisfactionForm(ActionForm):
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("Satisfaction"), choices=C.Satisfaction.choices
    )
    on = date_field(gettext_lazy("Date"))


class ReopenForm(ActionForm):
    on = date_field(gettext_lazy("Date"))
    reason = note_field(gettext_lazy("Why the case is reopened"))


class InvalidForm(ActionForm):
    on = date_field(gettext_lazy("Date"))
    reason = note_field(gettext_lazy("Why the message is not valid (spam, abuse)"))


class PublishForm(ActionForm):
    summary = note_field(gettext_lazy("Question as published"), rows=5)
    reply = note_field(gettext_lazy("Reply as published"), rows=6)
    on = date_field(gettext_lazy("Date of publication"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        c = self.complaint
        names = [n for n in (c.name,) if n]
        self.fields["summary"].initial = c.public_summary or mask_text(c.description, names=names)
        self.fields["reply"].initial = c.public_reply or mask_text(c.reply, names=names)
        self.fields["summary"].help_text = _(
            "Masked from the complaint: check that no name, phone, address or ID number is left."
        )


class PhotoPublicationForm(ActionForm):
    """One photo of the case to publish with the reply or to keep private (the case
    page draws it as a button per photo)."""

    photo = forms.ModelChoiceField(
        label=gettext_lazy("Photo"), queryset=Photo.objects.none(), widget=forms.HiddenInput
    )
    public = forms.TypedChoiceField(
        label=gettext_lazy("Publication"),
        choices=[
            ("1", gettext_lazy("Publish with the reply")),
            ("0", gettext_lazy("Keep private")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].queryset = self.complaint.photos.all()


class LetterForm(ActionForm):
    kind = forms.ChoiceField(label=gettext_lazy("Letter"), choices=LetterTemplate.Kind.choices)
    on = date_field(gettext_lazy("Date of the letter"))


# ------------------------------------------------------------------ registration


class RegistrationForm(CategoryQuestions, forms.Form):
    """A complaint received by phone (12369), letter or visit (信访) or a supervision
    report, entered by staff; with the chosen category's extra questions, asked and
    checked as the public form asks them (:mod:`lantian.complaints.questions`)."""

    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[c for c in Channel.choices if c[0] in STAFF_CHANNELS],
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=DateInput(), initial=_today
    )
    submitted_time = forms.TimeField(
        label=gettext_lazy("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=time(9, 0),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.filter(is_active=True)
    )
    district = forms.ModelChoiceField(label=gettext_lazy("District"), queryset=None, required=False)
    address = forms.CharField(label=gettext_lazy("Location"), max_length=300, required=False)
    enterprise = forms.CharField(
        label=gettext_lazy("Enterprise concerned"), max_length=200, required=False
    )
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    description = note_field(gettext_lazy("Description"), rows=6)
    anonymous = forms.BooleanField(label=gettext_lazy("Anonymous"), required=False)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    id_number = forms.CharField(
        label=gettext_lazy("ID number"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Petitions by visit: as shown on the petitioner's identity card."),
    )
    contact_address = forms.CharField(
        label=gettext_lazy("Contact address"), max_length=300, required=False
    )
    agrees_to_publication = forms.BooleanField(
        label=gettext_lazy("Agrees that the masked question and reply are published"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # air.District through the model's own relation (no import of another app's models)
        self.fields["district"].queryset = C._meta.get_field("district").related_model.objects.all()
        self.add_questions(self.fields["category"].queryset)

    def main_fields(self) -> list[Any]:
        """The form's own fields (the questions are drawn in groups after the category)."""
        return [self[name] for name in self.fields if not self.is_question(name)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_answers(data)
        return data

    def registration_kwargs(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not self.is_question(k)}
        submitted_at = timezone.make_aware(
            datetime.combine(data.pop("submitted_on"), data.pop("submitted_time"))
        )
        return {"submitted_at": submitted_at, **data, "attributes": self.attributes()}
