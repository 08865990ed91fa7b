"""Forms of the EIA back office. They check what a person typed; the services
(:mod:`lantian.eia.services`) write it, validated again (the clock, the procedure's
order, the upload's content) and audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lantian.eia.models import ClockPause, Document, Notice, Project
from lantian.eia.services import COMPLETION_FIELDS, DOCUMENT_MAX_BYTES, PROJECT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROJECT_ORDER = (
    "project_code",
    "name",
    "builder_name",
    "builder_credit_code",
    "address",
    "district",
    "latitude",
    "longitude",
    "industry_code",
    "industry_name",
    "category",
    "preparer",
    "investment",
    "accepted_on",
)
assert set(PROJECT_ORDER) == PROJECT_FIELDS


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_ORDER
        widgets = {"accepted_on": DATE}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROJECT_ORDER}


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("notice"), choices=Notice.Kind.choices)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE)
    ends_on = forms.DateField(
        label=_("ends on"),
        widget=DATE,
        help_text=_(
            "Both days count. At least 10 working days for an acceptance notice, 5 for a "
            "proposed approval, 20 for a completion acceptance, on the bureau's calendar."
        ),
    )
    published_on = forms.DateField(
        label=_("date published"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty when it is published on its first day."),
    )

    def __init__(self, *args: Any, taken: set[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Notice.Kind.choices if c[0] not in taken]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=Project.Decision.choices)
    decided_on = forms.DateField(label=_("date decided"), widget=DATE)
    decision_number = forms.CharField(label=_("decision number"), max_length=100, required=False)
    conditions = forms.CharField(
        label=_("conditions"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class PauseForm(forms.ModelForm):
    class Meta:
        model = ClockPause
        fields = ("reason", "start", "end")
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"end": _("Leave empty while the pause lasts.")}


class CompletionForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = COMPLETION_FIELDS
        widgets = {
            "completed_on": DATE,
            "commissioning_from": DATE,
            "commissioning_to": DATE,
            "acceptance_report_on": DATE,
            "acceptance_filed_on": DATE,
            "acceptance_opinion": forms.Textarea(attrs={"rows": 4}),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in COMPLETION_FIELDS}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Document.Kind.choices)
    version = forms.ChoiceField(
        label=_("version"),
        choices=Document.Version.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The full text is for staff only. The public version is the one with state "
            "secrets, trade secrets and personal information removed; only it reaches the "
            "public site."
        ),
    )
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(
        label=_("file"),
        help_text=format_lazy(
            _("PDF, DOCX, XLSX, ODT or OFD, at most {mb} MB."),
            mb=DOCUMENT_MAX_BYTES // (1024 * 1024),
        ),
    )
