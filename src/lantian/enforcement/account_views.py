"""The enterprise's disclosure reports (令第24号) from its account on the public site
(`/sources/account/reports/…`): the form of the eight categories (or of the ad-hoc
report), saved as a draft or submitted, and its attachments. The account itself (signing
in, its home page) is the sources app's; an account reaches its own enterprise's reports
only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lantian.core.forms import PublicForm
from lantian.enforcement import selectors, services
from lantian.enforcement.models import (
    REPORT_CATEGORIES,
    REPORT_FILE_MAX_BYTES,
    REPORT_FILES_MAX,
    REQUIRED_CATEGORIES,
    DisclosureReport,
)
from lantian.sources import selectors as sources

CATEGORY_MAX = 20_000  # characters in one category
# The categories' names in the page's language (the Chinese names are the law's).
CATEGORY_LABELS = {
    "basic": gettext_lazy("1. Basic information of the enterprise"),
    "management": gettext_lazy(
        "2. Environmental management (permits, environmental tax, pollution liability "
        "insurance, credit rating)"
    ),
    "pollution": gettext_lazy(
        "3. Pollutants: generation, control and discharge (facilities, emissions, toxic "
        "substances, solid and hazardous waste, self-monitoring)"
    ),
    "carbon": gettext_lazy("4. Carbon emissions"),
    "emergency": gettext_lazy("5. Environmental emergencies (plans, heavy-pollution weather)"),
    "violations": gettext_lazy("6. Environmental violations"),
    "adhoc": gettext_lazy("7. Ad-hoc disclosures made this year"),
    "other": gettext_lazy("8. Other environmental information required by law"),
}
ADHOC_LABELS = {
    "violations": gettext_lazy("The decision: its document, what it found and what it ordered"),
    "adhoc": gettext_lazy("What the enterprise has done about it"),
}


def account_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The signed-in enterprise account as ``request.account`` (see the sources app's)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('sources:account_login')}?next={request.path}")
        account = sources.account_of(request.user)
        if account is None:
            return render(request, "sources/account/not_an_account.html", status=403)
        request.account = account  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(PublicForm):
    """The report's categories (all eight for the annual report, two for an ad-hoc one)
    and new attachments; "submit" asks every required category, "draft" none."""

    files = MultipleFileField(
        label=gettext_lazy("Attach files"),
        required=False,
        help_text=gettext_lazy(
            "PDF, Word (DOCX), Excel (XLSX), OFD, PNG or JPEG; up to %(count)s files of "
            "%(size)s MB each. They are published with the report."
        )
        % {"count": REPORT_FILES_MAX, "size": REPORT_FILE_MAX_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args: Any, report: DisclosureReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        adhoc = report.kind == DisclosureReport.Kind.ADHOC
        codes = ("violations", "adhoc") if adhoc else [code for code, _n in REPORT_CATEGORIES]
        content = report.content or {}
        fields: dict[str, forms.Field] = {}
        for code in codes:
            fields[code] = forms.CharField(
                label=(ADHOC_LABELS if adhoc else CATEGORY_LABELS)[code],
                required=False,
                max_length=CATEGORY_MAX,
                initial=content.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=dict(REPORT_CATEGORIES)[code],
            )
        self.fields = {**fields, "files": self.fields["files"]}
        self.category_codes = codes
        self.submitting = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.submitting:
            for code in REQUIRED_CATEGORIES[self.report.kind]:
                if code in self.fields and not (cleaned.get(code) or "").strip():
                    self.add_error(
                        code, _("Answer this category to submit the report (write 无 if none).")
                    )
        return cleaned

    def content(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[code].strip()
            for code in self.category_codes
            if self.cleaned_data.get(code, "").strip()
        }


def _attach(request: HttpRequest, form: ReportForm, report: DisclosureReport) -> bool:
    for upload in form.cleaned_data.get("files") or []:
        try:
            services.attach_report_file(actor=request.user, report=report, upload=upload)
        except ValidationError as error:
            form.add_error("files", error)
    return "files" not in form.errors


@account_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's form: "Save the draft" keeps it private, "Submit" publishes it (and
    a later submit publishes a correction, the first submission's date kept)."""
    account = request.account  # type: ignore[attr-defined]
    found = selectors.enterprise_report(account.enterprise, pk)
    if found is None:
        raise Http404
    form = ReportForm(request.POST or None, request.FILES or None, report=found)
    status = 200
    if request.method == "POST":
        form.submitting = "submit" in request.POST or found.submitted_on is not None
        status = 400
        if form.is_valid() and _attach(request, form, found):
            try:
                if form.submitting:
                    services.submit_report(actor=request.user, report=found, content=form.content())
                else:
                    services.save_report_draft(
                        actor=request.user, report=found, content=form.content()
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("The report is submitted and published.")
                    if form.submitting
                    else _("The draft is saved. Nothing is public until you submit."),
                )
                return redirect("enforcement:account_report", pk=found.pk)
    context = {
        "account": account,
        "report": found,
        "status": selectors.report_status(found, timezone.localdate()),
        "form": form,
        "files": selectors.report_files(found),
    }
    return render(request, "enforcement/account/report.html", context, status=status)


@account_required
@require_http_methods(["GET", "POST"])
def remove_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    account = request.account  # type: ignore[attr-defined]
    attached = selectors.report_file(pk, file_pk)
    if attached is None or attached.report.enterprise_id != account.enterprise.pk:
        raise Http404
    if request.method == "POST":
        services.remove_report_file(actor=request.user, attached=attached)
        messages.success(request, _("“%(name)s” is removed.") % {"name": attached.name})
        return redirect("enforcement:account_report", pk=pk)
    return render(
        request, "enforcement/account/remove_file.html", {"account": account, "file": attached}
    )
