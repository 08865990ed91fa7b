"""Forms of the sources back office. They check what a person typed; the services
(:mod:`lantian.sources.services`) write it, validated again and audited."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lantian.core import uploads
from lantian.core.models import ApiKey
from lantian.sources import limits
from lantian.sources.apps import SUBMIT_ANY, SUBMIT_OWN
from lantian.sources.models import Enterprise, KeyUnitListing, Outlet, Permit

PERMIT_COPY_TYPES = ("pdf", "ofd", "jpg", "jpeg", "png")
PERMIT_COPY_MAX_BYTES = 20 * 1024 * 1024
DATA_FILE_TYPES = ("csv", "xlsx")
DATA_FILE_MAX_BYTES = 50 * 1024 * 1024


def _standard_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(limits.standards())]


class EnterpriseForm(forms.ModelForm):
    """An enterprise; its credit code (checked with its check character) is the key and
    is not changed once recorded."""

    standards = forms.MultipleChoiceField(
        label=_("applicable emission standards"),
        choices=_standard_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "name_en",
            "address",
            "district",
            "latitude",
            "longitude",
            "industry_code",
            "industry_name",
            "status",
            "standards",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["credit_code"].disabled = True

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data["credit_code"]).strip().upper()

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.sources.services.save_enterprise`."""
        data = dict(self.cleaned_data)
        data.pop("credit_code", None)
        data["standards"] = list(data.get("standards") or [])
        return data


def _parse_pollutants(text: str, kind: str | None) -> dict[str, float | None]:
    """Lines of ``code`` or ``code limit`` (HJ 212 code; the permit's limit where set)."""
    known = limits.pollutants()
    found: dict[str, float | None] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace(",", " ").replace("=", " ").split()
        if not parts:
            continue
        code = parts[0]
        if code not in known:
            errors.append(
                _("Line %(line)d: %(code)s is not an HJ 212 pollutant code.")
                % {"line": number, "code": code}
            )
            continue
        if kind and known[code]["medium"] != kind:
            errors.append(
                _("Line %(line)d: %(code)s is not measured in this kind of outlet.")
                % {"line": number, "code": code}
            )
            continue
        limit = None
        if len(parts) > 2:
            errors.append(_("Line %(line)d: give a code and at most a limit.") % {"line": number})
            continue
        if len(parts) == 2:
            try:
                limit = float(parts[1])
            except ValueError:
                limit = -1.0
            if not limit >= 0:
                errors.append(
                    _("Line %(line)d: the permit limit must be a number of zero or more.")
                    % {"line": number}
                )
                continue
        found[code] = limit
    if errors:
        raise ValidationError(errors)
    return found


class OutletForm(forms.ModelForm):
    """An outlet, the facts that choose its limits, and the pollutants it monitors."""

    standard = forms.ChoiceField(label=_("emission standard"), choices=_standard_choices)
    profile = forms.CharField(
        label=_("limit profile"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'A JSON object, e.g. {"unit_type": "coal_boiler", "built_on": "2013-05-01"}: '
            "unit type, construction or approval date, special limits, plant class."
        ),
    )
    pollutants = forms.CharField(
        label=_("monitored pollutants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One HJ 212 code a line, followed by the permit's limit where the permit sets "
            "one, e.g. “a21026 35”. Pollutants already monitored stay monitored."
        ),
    )

    class Meta:
        model = Outlet
        fields = [
            "code",
            "name",
            "kind",
            "standard",
            "profile",
            "ultra_low",
            "automatic",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outlet = self.instance
        if outlet.pk:
            self.fields["code"].disabled = True
            self.initial["profile"] = json.dumps(outlet.profile or {}, ensure_ascii=False)
            self.initial["pollutants"] = "\n".join(
                p.pollutant if p.permit_limit is None else f"{p.pollutant} {p.permit_limit:g}"
                for p in outlet.pollutants.all()
            )

    def clean_profile(self) -> dict[str, Any]:
        text = (self.cleaned_data.get("profile") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationError(_("The profile is not valid JSON.")) from None
        if not isinstance(value, dict):
            raise ValidationError(_("The profile is a JSON object."))
        return value

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        outlet = self.instance
        siblings = Outlet.objects.filter(enterprise_id=outlet.enterprise_id, code=code)
        if not outlet.pk and outlet.enterprise_id and siblings.exists():
            raise ValidationError(
                _("This enterprise already has an outlet %(code)s.") % {"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            data["pollutant_limits"] = _parse_pollutants(
                data.get("pollutants") or "", data.get("kind")
            )
        except ValidationError as error:
            self.add_error("pollutants", error)
        return data

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.sources.services.save_outlet`."""
        data = dict(self.cleaned_data)
        data.pop("code", None)
        chosen = data.pop("pollutant_limits", {})
        data.pop("pollutants", None)
        data["pollutants"] = list(chosen)
        data["permit_limits"] = {k: v for k, v in chosen.items() if v is not None}
        return data


class PermitForm(forms.ModelForm):
    """A discharge permit; its copy is a public document (public media), checked by its
    content before it is kept."""

    class Meta:
        model = Permit
        fields = ["number", "management_class", "valid_from", "valid_to", "copy"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["number"].disabled = True
        self.fields["copy"].help_text = _(
            "PDF, OFD, JPEG or PNG, at most %(mb)d MB. The copy is published with the "
            "enterprise's page."
        ) % {"mb": PERMIT_COPY_MAX_BYTES // 1024 // 1024}

    def clean_copy(self) -> Any:
        copy = self.cleaned_data.get("copy")
        if isinstance(copy, UploadedFile):  # a new file; one already kept was checked
            uploads.check_upload(copy, accept=PERMIT_COPY_TYPES, max_bytes=PERMIT_COPY_MAX_BYTES)
        return copy

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.sources.services.save_permit` (the copy only when
        a new file was uploaded)."""
        data = dict(self.cleaned_data)
        data.pop("number", None)
        if "copy" not in self.changed_data:
            data.pop("copy", None)
        elif data.get("copy") is False:  # "clear" ticked
            data["copy"] = ""
        return data


class ListingForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    medium = forms.ChoiceField(label=_("medium"), choices=KeyUnitListing.Medium.choices)
    level = forms.ChoiceField(label=_("level"), choices=KeyUnitListing.Level.choices)


class BindKeyForm(forms.Form):
    api_key = forms.ModelChoiceField(
        label=_("API key"),
        queryset=ApiKey.objects.none(),
        help_text=_(
            "An active key with the scope for an enterprise's own outlets. Bound, it submits "
            "data for this enterprise's outlets only."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = [
            key.pk
            for key in ApiKey.objects.filter(is_active=True)
            if SUBMIT_OWN in (key.scopes or []) and SUBMIT_ANY not in (key.scopes or [])
        ]
        self.fields["api_key"].queryset = ApiKey.objects.filter(pk__in=keys).order_by("name")


class InviteAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person's own address: it signs in with it and receives the link."),
    )
    name = forms.CharField(label=_("Name"), max_length=150)


class DataFileForm(forms.Form):
    """A self-monitoring file or a supervisory-monitoring sheet (CSV or XLSX), checked by
    its content before it is read."""

    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.check_upload(upload, accept=DATA_FILE_TYPES, max_bytes=DATA_FILE_MAX_BYTES)
        return upload


class ReviewForm(forms.Form):
    review = forms.ChoiceField(
        label=_("Review"),
        choices=[
            ("confirmed", _("Confirm: the exceedance happened")),
            ("dismissed", _("Dismiss: not an exceedance (e.g. faulty data)")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Why: what the review found. Kept in the audit log."),
    )


class ExceedanceFilterForm(forms.Form):
    credit_code = forms.CharField(label=_("Credit code"), required=False, max_length=18)
    review = forms.ChoiceField(
        label=_("Review"),
        required=False,
        choices=[("", _("Any"))],
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from lantian.sources.models import ExceedanceEvent

        super().__init__(*args, **kwargs)
        self.fields["review"].choices = [("", _("Any")), *ExceedanceEvent.Review.choices]
