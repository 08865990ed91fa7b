"""Forms of the case page's actions and of the staff registration of an application.

Each action form only collects what its service needs; the service decides whether the
step is allowed and says why not (a :class:`~lantian.foi.services.CaseError`), and the
view puts that message on the form.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.core import uploads
from lantian.core.models import Department
from lantian.core.roles import Role
from lantian.foi import forms as public_forms
from lantian.foi import services
from lantian.foi.models import Application, LetterTemplate, Remedy
from lantian.foi.replies import REPLY_TYPES

A = Application


def _today() -> Any:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=_today, **kwargs)


def note_field(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def staff_with_roles(*roles: Role) -> QuerySet[Any]:
    names = [role.group_name for role in roles]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=names) | Q(is_superuser=True))
        .select_related("staff_profile__department")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        profile = getattr(obj, "staff_profile", None)
        department = profile.department if profile and profile.department else None
        return f"{name}（{department}）" if department else name


class ActionForm(forms.Form):
    """What every action form shares: the case it acts on and the acting user."""

    def __init__(self, *args: Any, application: Application, user: Any, **kwargs: Any) -> None:
        self.application, self.user = application, user
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EmptyForm(ActionForm):
    pass


class ReceiptForm(ActionForm):
    received_on = date_field(
        _("Date of receipt"),
        help_text=_("The day receipt was confirmed with the applicant (Art. 31)."),
    )


class AssignForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Handling department"), queryset=Department.objects.filter(is_active=True)
    )
    handler = StaffChoiceField(label=_("Handler"), queryset=None, required=False)
    internal_due = forms.DateField(
        label=_("Internal due date"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to derive it from the statutory due date."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_with_roles(Role.CASE_HANDLER, Role.DEPARTMENT_HEAD)
        self.fields["department"].initial = self.application.department_id
        self.fields["handler"].initial = self.application.handler_id


class SupplementRequestForm(ActionForm):
    on = date_field(_("Date of the notice"))
    deadline = forms.DateField(label=_("Supplement by"), widget=DateInput())
    note = note_field(_("What the applicant must supplement"))


class DateOnlyForm(ActionForm):
    on = date_field(_("Date"))


class ConsultationStartForm(ActionForm):
    on = date_field(_("Date the request was sent"))
    kind = forms.ChoiceField(
        label=_("Consulted"),
        choices=[
            ("third_party", _("A third party (Art. 32)")),
            ("co_agency", _("A co-producing agency (Art. 34)")),
        ],
    )
    party = forms.CharField(label=_("Name of the party consulted"), max_length=200)


class ConsultationEndForm(ActionForm):
    on = date_field(_("Date of the answer"))
    opinion = note_field(_("Opinion received (or: no answer within 15 working days)"))


class ExtensionForm(ActionForm):
    on = date_field(_("Date of the decision"))
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=20, initial=20)
    approver = StaffChoiceField(
        label=_("Approved by"),
        queryset=None,
        help_text=_("The head of the disclosure office or of the department (Art. 33)."),
    )
    reason = note_field(_("Reason"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = staff_with_roles(
            Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR
        )


class FeeNoticeForm(ActionForm):
    on = date_field(_("Date of the notice"))
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            ("per_application", _("Per application (按件)")),
            ("per_volume", _("Per page (按量)")),
        ],
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        required=False,
        help_text=_(
            "Per page: the number of pages. Per application: leave empty to count the "
            "applicant's applications this month."
        ),
    )


def reply_type_choices() -> list[tuple[str, str]]:
    return [
        (r.key, f"{r.row} {r.label_zh}" + (f" — {r.citation}" if r.citation else ""))
        for r in REPLY_TYPES
        if r.key not in services.CLOSING_REPLY_TYPES
    ]


class DraftReplyForm(ActionForm):
    reply_type = forms.ChoiceField(
        label=_("Reply type"),
        choices=reply_type_choices,
        help_text=_("The row of the annual report's table 三 and the legal ground it cites."),
    )
    text = note_field(_("Reply"), rows=8)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply_type"].initial = self.application.reply_type or None
        self.fields["text"].initial = self.application.reply_text


class ReturnReplyForm(ActionForm):
    note = note_field(_("What must change"))


class WithdrawForm(ActionForm):
    on = date_field(_("Date of the withdrawal"))
    note = note_field(_("How the applicant withdrew"), required=False)


class LetterForm(ActionForm):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterTemplate.Kind.choices)
    on = date_field(_("Date of the letter"))


class RemedyForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Remedy.Kind.choices)
    filed_on = date_field(_("Filed on"))
    result = forms.ChoiceField(
        label=_("Result"), choices=Remedy.Result.choices, initial=Remedy.Result.PENDING
    )
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DateInput(), required=False)
    note = note_field(_("Note"), required=False)


def validate_released_file(file: Any) -> None:
    """The released file's type read from its content (core.uploads); the service checks
    the bytes again before it stores them."""
    uploads.check_upload(
        file,
        accept=services.RELEASED_FILE_EXTENSIONS,
        max_bytes=services.released_file_max_bytes(),
    )


class ReleasedFileForm(ActionForm):
    """A file of the information released with the reply (for ``add_released_file``).

    Bind it with the request's files: ``ReleasedFileForm(request.POST, request.FILES, …)``,
    in a form sent as ``multipart/form-data``."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(label=_("File"), validators=[validate_released_file])
    pages = forms.IntegerField(
        label=pgettext_lazy("number of pages", "Pages"), min_value=0, required=False
    )

    def service_kwargs(self) -> dict[str, Any]:
        data, upload = self.cleaned_data, self.cleaned_data["file"]
        upload.seek(0)
        return {
            "filename": upload.name,
            "content": upload.read(),
            "title": data.get("title") or "",
            "pages": data.get("pages") or 0,
        }


class PublishForm(ActionForm):
    category = forms.ModelChoiceField(label=_("Catalogue category"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lantian.disclosure import selectors as disclosure

        self.fields["category"].queryset = disclosure.categories()


# ------------------------------------------------------------------ registration


class RegistrationForm(public_forms.ApplicationForm):
    """An application received by letter, in person, by fax or e-mail, entered by staff
    with the receipt details that decide its date of receipt (Art. 31)."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in A.Channel.choices if c[0] != A.Channel.ONLINE],
    )
    submitted_on = forms.DateField(
        label=_("Submitted on"),
        widget=DateInput(),
        initial=_today,
        help_text=_("The day the letter arrived, the visit or the fax."),
    )
    submitted_time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=time(9, 0),
    )
    received_on = forms.DateField(
        label=_("Date of receipt"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "In person and registered post: the day handed in or signed for (leave empty to "
            "use the submission date). Ordinary post, fax and e-mail: the day receipt was "
            "confirmed with the applicant; leave empty if not yet confirmed."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the applicant signs the privacy notice on paper; staff do not tick it for them
        del self.fields["privacy_acknowledged"]
        order = ["channel", "submitted_on", "submitted_time", "received_on"]
        self.order_fields(order + [f for f in self.fields if f not in order])

    def registration_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        submitted_at = timezone.make_aware(
            datetime.combine(data["submitted_on"], data["submitted_time"])
        )
        return {
            "channel": data["channel"],
            "submitted_at": submitted_at,
            "received_on": data.get("received_on"),
            **self.application_fields(),
        }
