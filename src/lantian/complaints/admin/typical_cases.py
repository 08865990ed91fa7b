"""Back office of typical cases (典型案例): handlers draft them from the cases they
handled, reviewers, department heads and administrators publish them. A text that
carries the source case's personal data (or any ID number, phone or e-mail) is refused
with the field named (:func:`lantian.complaints.watch.personal_data_problems`).

Scope: :func:`lantian.complaints.watch.visible_typical_cases` (a typical case from a
case of another department is a 404); the source case is chosen among the handled cases
the user sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantian.complaints import watch
from lantian.complaints.models import Category, Complaint, TypicalCase
from lantian.core import admin_access, privacy

# the "Public interaction" menu group's hook (admin.viewsets.MENU_HOOK)
MENU_HOOK = "register_complaints_menu_item"
NAMESPACE = "complaints_typical_cases"


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def _denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _("Your role does not include typical cases. Ask an administrator if you need it."),
    )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Complaint) -> str:
        names = [obj.name] if obj.name else []
        return f"{obj.case_no} {privacy.mask_text(obj.title, names=names)}"


class TypicalCaseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=300, required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.none(), required=False
    )
    complaint = CaseChoiceField(
        label=gettext_lazy("From case"),
        queryset=Complaint.objects.none(),
        required=False,
        help_text=gettext_lazy("A handled case you can see. Its personal data may not appear."),
    )
    summary = forms.CharField(
        label=gettext_lazy("What happened"), widget=forms.Textarea(attrs={"rows": 5})
    )
    handling = forms.CharField(
        label=gettext_lazy("How it was handled"), widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, current: Complaint | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        cases = watch.cases_for_typical(user)
        if current is not None:  # keep the case already linked, even if no longer handled
            cases = cases | Complaint.objects.filter(pk=current.pk)
        self.fields["complaint"].queryset = cases.order_by("-received_on", "-pk")


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def _errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _breadcrumbs(title: str = "") -> list[dict[str, Any]]:
    items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}]
    heading = _("Typical cases")
    items.append({"url": url("index") if title else "", "label": heading})
    if title:
        items.append({"url": "", "label": title})
    return items


def index(request: HttpRequest) -> HttpResponse:
    if not watch.can_view_typical(request.user):
        return _denied(request)
    title = _("Typical cases")
    return render(
        request,
        "complaints/admin/watch_typical_index.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(),
            "cases": watch.visible_typical_cases(request.user),
            "can_add": watch.can_edit_typical(request.user),
        },
    )


def _form_page(
    request: HttpRequest,
    form: TypicalCaseForm,
    case: TypicalCase | None,
    *,
    unpublish_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    title = case.title if case else _("New typical case")
    user = request.user
    return render(
        request,
        "complaints/admin/watch_typical_form.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(title),
            "form": form,
            "case": case,
            "can_publish": case is not None and watch.can_publish_typical(user),
            "unpublish_form": unpublish_form or UnpublishForm(),
        },
        status=status,
    )


def add(request: HttpRequest) -> HttpResponse:
    if not watch.can_edit_typical(request.user):
        return _denied(request)
    form = TypicalCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = watch.save_typical_case(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Typical case saved as a draft."))
            return redirect(url("edit", case.pk))
    return _form_page(request, form, None, status=400 if request.method == "POST" else 200)


def _case_for(user: Any, pk: int) -> TypicalCase:
    return get_object_or_404(watch.visible_typical_cases(user), pk=pk)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_view_typical(request.user):
        return _denied(request)
    case = _case_for(request.user, pk)
    if request.method == "POST" and not watch.can_edit_typical(request.user):
        return _denied(request)
    initial = {name: getattr(case, name) for name in watch.TYPICAL_FIELDS}
    form = TypicalCaseForm(
        request.POST or None, user=request.user, current=case.complaint, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            watch.save_typical_case(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Typical case saved."))
            return redirect(url("edit", case.pk))
    return _form_page(request, form, case, status=400 if request.method == "POST" else 200)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_publish_typical(request.user):
        return _denied(request)
    case = _case_for(request.user, pk)
    try:
        watch.publish_typical_case(actor=request.user, case=case)
    except PermissionDenied:
        return _denied(request)
    except ValidationError as error:
        form = TypicalCaseForm(
            user=request.user,
            current=case.complaint,
            initial={name: getattr(case, name) for name in watch.TYPICAL_FIELDS},
        )
        for message in (
            [m for ms in error.message_dict.values() for m in ms]
            if hasattr(error, "error_dict")
            else error.messages
        ):
            messages.error(request, message)
        return _form_page(request, form, case, status=400)
    messages.success(request, _("Typical case published."))
    return redirect(url("edit", case.pk))


@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_publish_typical(request.user):
        return _denied(request)
    case = _case_for(request.user, pk)
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            watch.unpublish_typical_case(
                actor=request.user, case=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Typical case taken off the public site."))
            return redirect(url("edit", case.pk))
    initial = {name: getattr(case, name) for name in watch.TYPICAL_FIELDS}
    edit_form = TypicalCaseForm(user=request.user, current=case.complaint, initial=initial)
    return _form_page(request, edit_form, case, unpublish_form=form, status=400)


patterns = (
    [
        path("", index, name="index"),
        path("new/", add, name="add"),
        path("<int:pk>/", edit, name="edit"),
        path("<int:pk>/publish/", publish, name="publish"),
        path("<int:pk>/unpublish/", unpublish, name="unpublish"),
    ],
    NAMESPACE,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("complaints/typical-cases/", include(patterns, namespace=NAMESPACE))]


def _viewer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_view_typical(user)


def _editor(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_edit_typical(user)


def _publisher(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_publish_typical(user)


admin_access.register(f"{NAMESPACE}:*", _viewer)
admin_access.register(f"{NAMESPACE}:add", _editor)
admin_access.register([f"{NAMESPACE}:publish", f"{NAMESPACE}:unpublish"], _publisher)


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return watch.can_view_typical(request.user)


@hooks.register(MENU_HOOK)
def typical_menu_item() -> MenuItem:
    return _Item(gettext_lazy("Typical cases"), url("index"), icon_name="doc-full", order=920)


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    actions.register_action(
        watch.TYPICAL_CASE_SAVED,
        gettext_lazy("Typical case saved"),
        gettext_lazy("Typical case created or edited"),
    )
    actions.register_action(
        watch.TYPICAL_CASE_PUBLISHED,
        gettext_lazy("Typical case published"),
        gettext_lazy("Typical case published"),
    )
    actions.register_action(
        watch.TYPICAL_CASE_UNPUBLISHED,
        gettext_lazy("Typical case unpublished"),
        gettext_lazy("Typical case taken off the public site"),
    )
