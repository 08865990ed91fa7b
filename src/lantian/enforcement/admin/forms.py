"""Forms of the enforcement back office. They check what a person typed; the services
(:mod:`lantian.enforcement.services`) write it, validated again and audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantian.core.i18n import localized
from lantian.enforcement import rating
from lantian.enforcement.models import (
    CompulsoryMeasure,
    CreditObjection,
    CreditRating,
    DisclosureReport,
    Inspection,
    Penalty,
)
from lantian.enforcement.services import COMPULSORY_FIELDS, PENALTY_FIELDS
from lantian.sources import selectors as sources

DATE = forms.DateInput(attrs={"type": "date"})


def _enterprises() -> Any:
    return sources.enterprises()


class PenaltyForm(forms.ModelForm):
    penalty_types = forms.MultipleChoiceField(
        label=_("penalty types"),
        choices=Penalty.PenaltyType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Penalty
        fields = [
            "document_number",
            "enterprise",
            "offender_kind",
            "offender_name",
            "facts",
            "legal_basis",
            "penalty_types",
            "fine",
            "decided_on",
            "received_on",
            "decision_text",
        ]
        widgets = {"decided_on": DATE, "received_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _enterprises()
        if self.instance.pk:
            self.fields["document_number"].disabled = True

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.enforcement.services.record_penalty` and
        :func:`~lantian.enforcement.services.update_penalty`."""
        return {k: v for k, v in self.cleaned_data.items() if k in PENALTY_FIELDS}


class PublishForm(forms.Form):
    on = forms.DateField(
        label=_("Date published"),
        required=False,
        widget=DATE,
        help_text=_("Today when left empty."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Penalty.Status.choices)
    reason = forms.CharField(
        label=_("reason for the status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a revocation; kept in the audit log."),
    )


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "enterprise",
            "inspected_on",
            "kind",
            "department",
            "findings",
            "result",
            "penalty",
        ]
        widgets = {"inspected_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _enterprises()


class CompulsoryMeasureForm(forms.ModelForm):
    class Meta:
        model = CompulsoryMeasure
        fields = ["decision_number", *COMPULSORY_FIELDS]
        widgets = {
            "decided_on": DATE,
            "period_ends_on": DATE,
            "extended_to": DATE,
            "lifted_on": DATE,
            "facilities": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "extension_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _enterprises()
        self.fields["penalty"].queryset = Penalty.objects.filter(enterprise__isnull=False).order_by(
            "-decided_on", "document_number"
        )
        if self.instance.pk:
            self.fields["decision_number"].disabled = True

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.enforcement.services.record_compulsory_measure`
        and :func:`~lantian.enforcement.services.update_compulsory_measure`."""
        return {k: v for k, v in self.cleaned_data.items() if k in COMPULSORY_FIELDS}


def scheme_choices() -> list[tuple[str, str]]:
    return [
        (name, localized(rating.load_scheme(name).title_zh, rating.load_scheme(name).title_en))
        for name in rating.scheme_names()
    ]


class RatingForm(forms.Form):
    """An enterprise's rating for a year under one scheme: for every indicator a score
    (0–100) or, where the indicator converts one, a measured value; and the one-vote
    vetoes that apply. The engine rates it (:func:`~lantian.enforcement.services.
    rate_enterprise`)."""

    enterprise = forms.ModelChoiceField(label=_("enterprise"), queryset=CreditRating.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, scheme: str, rated: CreditRating | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scheme = rating.load_scheme(scheme)
        self.fields["enterprise"].queryset = _enterprises()
        if rated is not None:
            self.fields["enterprise"].disabled = True
            self.fields["year"].disabled = True
            self.initial.update({"enterprise": rated.enterprise_id, "year": rated.year})
        given = rated.inputs if rated is not None and rated.scheme == scheme else {}
        for indicator in self.scheme.indicators:
            name = localized(indicator.name_zh, indicator.name_en)
            weight = f"{indicator.weight * 100:g}%"
            previous = given.get(indicator.code) or {}
            self.fields[f"{indicator.code}__score"] = forms.DecimalField(
                label=_("%(name)s (weight %(weight)s): score") % {"name": name, "weight": weight},
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=previous.get("score"),
            )
            if indicator.measure is not None:
                measure = indicator.measure
                self.fields[f"{indicator.code}__measured"] = forms.DecimalField(
                    label=_("%(name)s: or the measured %(quantity)s (%(unit)s)")
                    % {
                        "name": name,
                        "quantity": localized(measure.quantity_zh, measure.quantity_en),
                        "unit": measure.unit,
                    },
                    required=False,
                    decimal_places=4,
                    initial=previous.get("measured"),
                )
            self.fields[f"{indicator.code}__source"] = forms.CharField(
                label=_("%(name)s: source of the input") % {"name": name},
                required=False,
                max_length=200,
                initial=previous.get("source", ""),
            )
        self.fields["vetoes"] = forms.MultipleChoiceField(
            label=_("one-vote vetoes that apply"),
            required=False,
            choices=[(v.code, localized(v.name_zh, v.name_en)) for v in self.scheme.vetoes],
            widget=forms.CheckboxSelectMultiple,
            initial=list(rated.vetoes) if rated is not None else [],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for indicator in self.scheme.indicators:
            score = data.get(f"{indicator.code}__score")
            measured = data.get(f"{indicator.code}__measured")
            if score is not None and measured is not None:
                self.add_error(
                    f"{indicator.code}__score", _("Give a score or a measured value, not both.")
                )
        return data

    def inputs(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for indicator in self.scheme.indicators:
            score = self.cleaned_data.get(f"{indicator.code}__score")
            measured = self.cleaned_data.get(f"{indicator.code}__measured")
            source = self.cleaned_data.get(f"{indicator.code}__source") or ""
            given: dict[str, Any] = {}
            if score is not None:
                given["score"] = float(score)
            elif measured is not None:
                given["measured"] = float(measured)
            else:
                continue
            if source:
                given["source"] = source
            found[indicator.code] = given
        return found


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("date received"), widget=DATE)
    text = forms.CharField(label=_("objection"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideObjectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            c for c in CreditObjection.Outcome.choices if c[0] != CreditObjection.Outcome.PENDING
        ],
    )
    decided_on = forms.DateField(label=_("date decided"), widget=DATE)
    note = forms.CharField(
        label=_("reasons for the outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RepairForm(forms.Form):
    repaired_on = forms.DateField(label=_("date repaired"), widget=DATE)
    measures = forms.CharField(
        label=_("corrective measures"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_level = forms.ChoiceField(label=_("new level"), choices=[])

    def __init__(self, *args: Any, scheme: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_level"].choices = [
            (level.code, localized(level.name_zh, level.name_en))
            for level in rating.load_scheme(scheme).levels
        ]


class ReportFilterForm(forms.Form):
    credit_code = forms.CharField(label=_("Credit code"), required=False, max_length=18)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("Any")), *DisclosureReport.Kind.choices]
    )
