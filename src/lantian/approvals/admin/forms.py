"""Forms of the approvals back office. They check what a person typed; the services
(:mod:`lantian.approvals.services`) write it, validated again and audited.

A guide's lists are typed one entry a line: the legal basis as ``law | article`` and the
procedure as ``step | what happens``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lantian.approvals.models import (
    MATERIAL_FILE_MAX_BYTES,
    MATERIAL_FILE_TYPES,
    ApprovalItem,
    Material,
)
from lantian.approvals.services import ITEM_FIELDS, ITEM_ORDER, MATERIAL_FIELDS, MATERIAL_ORDER
from lantian.core import uploads

LINES = forms.Textarea(attrs={"rows": 4})


def _to_lines(entries: list[dict[str, str]], keys: tuple[str, str]) -> str:
    return "\n".join(
        " | ".join(filter(None, (e.get(keys[0], ""), e.get(keys[1], "")))) for e in entries or []
    )


def _from_lines(text: str, keys: tuple[str, str]) -> list[dict[str, str]]:
    entries = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        first, _sep, second = line.partition("|")
        entries.append({keys[0]: first.strip(), keys[1]: second.strip()})
    return entries


class ItemForm(forms.ModelForm):
    legal_basis_lines = forms.CharField(
        label=_("legal basis"),
        required=False,
        widget=LINES,
        help_text=_(
            "One law a line: the law | the article, e.g. "
            "《中华人民共和国环境影响评价法》 | 第二十二条"
        ),
    )
    steps_lines = forms.CharField(
        label=_("procedure steps"),
        required=False,
        widget=LINES,
        help_text=_("One step a line, in order: the step | what happens in it."),
    )

    class Meta:
        model = ApprovalItem
        fields = ["code", *(f for f in ITEM_ORDER if f not in ("legal_basis", "steps"))]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["legal_basis_lines"].initial = _to_lines(
                self.instance.legal_basis, ("law", "article")
            )
            self.fields["steps_lines"].initial = _to_lines(
                self.instance.steps, ("name", "description")
            )
        self.order_fields(
            ["name", "code", "kind", "authority", "legal_basis_lines", "conditions", "steps_lines"]
        )

    def values(self) -> dict[str, Any]:
        """The fields for :func:`lantian.approvals.services.create_item` and
        :func:`~lantian.approvals.services.update_item`."""
        data = {k: v for k, v in self.cleaned_data.items() if k in ITEM_FIELDS}
        data["legal_basis"] = _from_lines(
            self.cleaned_data.get("legal_basis_lines", ""), ("law", "article")
        )
        data["steps"] = _from_lines(
            self.cleaned_data.get("steps_lines", ""), ("name", "description")
        )
        return data


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = list(MATERIAL_ORDER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        help_text = _("PDF, OFD, DOCX, XLSX, ODT, ODS, JPEG or PNG, at most %(mb)d MB.") % {
            "mb": MATERIAL_FILE_MAX_BYTES // 1024 // 1024
        }
        for name in ("template", "sample"):
            self.fields[name].help_text = help_text

    def _checked(self, name: str) -> Any:
        file = self.cleaned_data.get(name)
        if isinstance(file, UploadedFile):  # a new file; one already kept was checked
            uploads.check_upload(
                file, accept=MATERIAL_FILE_TYPES, max_bytes=MATERIAL_FILE_MAX_BYTES
            )
        return file

    def clean_template(self) -> Any:
        return self._checked("template")

    def clean_sample(self) -> Any:
        return self._checked("sample")

    def values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in MATERIAL_FIELDS}
        for name in ("template", "sample"):
            if name not in self.changed_data:
                data.pop(name, None)
            elif data.get(name) is False:  # "clear" ticked
                data[name] = ""
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log."),
    )
