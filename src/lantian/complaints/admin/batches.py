"""Back office of inspection-team batches (督察交办批次): the batch list with each
batch's progress against the team's deadline, the upload of a team's sheet with the
result of the import (the refused rows and why), the batch page with its cases, the
original file, and the action that sends the results to publication.

Screens sit in the "Public interaction" menu (``register_complaints_menu_item``); each
view checks :mod:`lantian.complaints.batch_access` and the same checks stand in front of
the URLs (:mod:`lantian.core.admin_access`): only office-wide staff see batches, and only
administrators and department heads of the office import and publish them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantian.complaints import batch_access, batch_selectors, batch_services, batches
from lantian.complaints.models import InspectionBatch
from lantian.core import admin_access, privatefiles

NAMESPACE = "complaint_batches"
MENU_HOOK = "register_complaints_menu_item"  # the "Public interaction" menu group
SOURCE_DOWNLOADED = "lantian.complaint_batch_file_downloaded"

UPLOAD_HELP = gettext_lazy(
    "The team's referral sheet as an XLSX workbook (first worksheet). Above the table: "
    "批次号 (batch number), 交办日期 (date referred), 办结时限 (results due) and 督察组 "
    "(the team), each label followed by its value in the next cell or after a colon. Then "
    "the case table with a header row: 序号, 受理编号 (or 交办编号, 信访编号), 行政区 (or "
    "区县), 污染类型 (or 问题类型; a category's name or code), 举报内容 (or 信访内容, 反映问题) "
    "and, optionally, 办理时限 (the case's own deadline; else the batch's) and 地点. Rows "
    "with a missing or repeated case number, an unknown district or category, no "
    "description, or a deadline before the date referred are refused with their reason; "
    "the others are imported. Importing the same file again changes nothing; a re-sent "
    "batch adds only the cases it did not have."
)


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def case_url(pk: int) -> str:
    """The case page of the public-interaction back office (or its list, while the
    case page is not there)."""
    for name in ("complaints_admin:case",):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return f"/admin/complaints/cases/{pk}/"


def _denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "Inspection batches are the office's work: administrators and the office's "
            "staff see them, and its department heads import and publish them."
        ),
    )


def _breadcrumbs(*items: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"url": link, "label": label} for label, link in items]


def _base(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": _breadcrumbs(
            (_("Home"), reverse("wagtailadmin_home")),
            (_("Inspection batches"), url("index")),
            *trail,
        ),
    }


def _results_state(batch: InspectionBatch) -> str:
    item = batch.results_item
    if item is None:
        return ""
    if item.live:
        return _("Published")
    return _("In review") if item.workflow_in_progress else _("Draft")


# ---- views


def index(request: HttpRequest) -> HttpResponse:
    """Every batch with its progress: cases, being handled, answered, overdue."""
    if not batch_access.can_view(request.user):
        return _denied(request)
    today = timezone.localdate()
    rows = [
        {"batch": batch, "url": url("batch", batch.pk), "results": _results_state(batch)}
        for batch in batch_selectors.batches_with_progress(today)
    ]
    context = {
        "page_title": _("Inspection batches"),
        "header_title": _("Inspection batches"),
        "breadcrumbs_items": _breadcrumbs(
            (_("Home"), reverse("wagtailadmin_home")), (_("Inspection batches"), "")
        ),
        "rows": rows,
        "today": today,
        "upload_url": url("upload") if batch_access.can_import(request.user) else "",
    }
    return render(request, "complaints/admin/batch_index.html", context)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Referral sheet (XLSX)"), help_text=UPLOAD_HELP)

    def clean_file(self) -> Any:
        upload_file = self.cleaned_data["file"]
        # refused before it is read into memory (the service checks the content)
        if upload_file.size > batch_services.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": batch_services.MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload_file


def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; after an import, its result: what was imported, what the batch
    already had, and each refused row with its reasons."""
    if not batch_access.can_import(request.user):
        return _denied(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                result = batch_services.import_batch(
                    actor=request.user, filename=upload_file.name, content=upload_file.read()
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            except PermissionDenied:
                return _denied(request)
            else:
                status = 200
    context = _base(_("Import a batch"), (_("Import a batch"), ""))
    context.update(
        {
            "form": form,
            "result": result,
            "refused": _refused_rows(result) if result else [],
            "batch_url": url("batch", result.batch.pk) if result and result.batch else "",
            "sample_url": url("sample"),
        }
    )
    return render(request, "complaints/admin/batch_upload.html", context, status=status)


def _refused_rows(result: batch_services.ImportResult) -> list[dict[str, Any]]:
    return [
        {"row": number, "reasons": [error.message for error in errors]}
        for number, errors in sorted(result.refused_rows.items())
    ]


def sample(request: HttpRequest) -> HttpResponse:
    """A sheet in the expected layout, to show a team or to try the import."""
    if not batch_access.can_import(request.user):
        return _denied(request)
    response = HttpResponse(
        batches.sample_batch_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="inspection-batch-sample.xlsx"'
    return response


def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch, its progress and its cases, each linked to its case page."""
    if not batch_access.can_view(request.user):
        return _denied(request)
    today = timezone.localdate()
    found = batch_selectors.batch_with_progress(pk, today)
    if found is None:
        raise Http404
    cases = []
    for case in batch_selectors.batch_cases(found):
        open_case = case.state in batch_selectors.OPEN_STATES
        late = bool(
            case.team_due_on
            and (
                (open_case and case.team_due_on < today)
                or (case.replied_on and case.replied_on > case.team_due_on)
            )
        )
        cases.append({"case": case, "url": case_url(case.pk), "overdue": late})
    item = found.results_item
    context = _base(found.batch_no, (found.batch_no, ""))
    context.update(
        {
            "batch": found,
            "cases": cases,
            "today": today,
            "results": _results_state(found),
            "item_url": _item_admin_url(item),
            "public_url": (
                reverse("complaints:batch_results", args=[found.batch_no])
                if item is not None and item.live
                else ""
            ),
            "publish_url": url("publish", found.pk)
            if batch_access.can_publish(request.user)
            else "",
            "source_url": url("source", found.pk) if found.source else "",
            "refused_rows": [r for r in found.raw_rows if r.get("status") == "refused"],
        }
    )
    return render(request, "complaints/admin/batch_detail.html", context)


def _item_admin_url(item: Any) -> str:
    if item is None:
        return ""
    try:
        return reverse("wagtailsnippets_disclosure_disclosureitem:edit", args=[item.pk])
    except NoReverseMatch:
        return ""


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not batch_access.can_publish(request.user):
        return _denied(request)
    found = get_object_or_404(InspectionBatch, pk=pk)
    try:
        item = batch_services.publish_batch_results(actor=request.user, batch=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not publish these results."))
    else:
        messages.success(
            request,
            _(
                "The results of batch %(batch)s are sent to publication as %(index)s; they "
                "appear on the public page once the review has approved them."
            )
            % {"batch": found.batch_no, "index": item.index_no},
        )
    return redirect(url("batch", found.pk))


def source(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's sheet as imported last (private storage; every download audited)."""
    if not batch_access.can_view(request.user):
        return _denied(request)
    found = get_object_or_404(InspectionBatch, pk=pk)
    from lantian.core import audit

    audit.record(
        actor=request.user,
        instance=found,
        action=SOURCE_DOWNLOADED,
        data={"file": found.source.name},
    )
    return privatefiles.serve(found.source, filename=f"inspection-batch-{found.batch_no}.xlsx")


patterns = (
    [
        path("", index, name="index"),
        path("import/", upload, name="upload"),
        path("import/sample.xlsx", sample, name="sample"),
        path("<int:pk>/", batch, name="batch"),
        path("<int:pk>/publish/", publish, name="publish"),
        path("<int:pk>/file/", source, name="source"),
    ],
    NAMESPACE,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("complaints/batches/", include(patterns, namespace=NAMESPACE))]


def _viewer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return batch_access.can_view(user)


def _importer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return batch_access.can_import(user)


def _publisher(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return batch_access.can_publish(user)


admin_access.register(f"{NAMESPACE}:*", _viewer)
admin_access.register([f"{NAMESPACE}:upload", f"{NAMESPACE}:sample"], _importer)
admin_access.register(f"{NAMESPACE}:publish", _publisher)


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return batch_access.can_view(request.user)


@hooks.register(MENU_HOOK)
def batch_menu_item() -> MenuItem:
    return _Item(gettext_lazy("Inspection batches"), url("index"), icon_name="list-ul", order=880)


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    actions.register_action(
        batch_services.BATCH_IMPORTED,
        gettext_lazy("Inspection batch imported"),
        gettext_lazy("Inspection team's referral sheet imported"),
    )
    actions.register_action(
        batch_services.RESULTS_PUBLISHED,
        gettext_lazy("Inspection batch results sent to publication"),
        gettext_lazy("Results of an inspection batch sent to publication"),
    )
    actions.register_action(
        SOURCE_DOWNLOADED,
        gettext_lazy("Inspection batch file downloaded"),
        gettext_lazy("Inspection team's referral sheet downloaded"),
    )
