"""Screens of the approvals back office: the items, an item's guide with its materials
and what it lacks, adding and editing items and materials, publishing (refused while
the guide is incomplete) and withdrawing, and the completeness report.

Each view checks :mod:`lantian.approvals.admin.access` (the same checks stand in front
of the URLs, :mod:`lantian.approvals.admin.urls`); every write goes through
:mod:`lantian.approvals.services`, which audits it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantian.approvals import selectors, services
from lantian.approvals.admin import access, forms
from lantian.approvals.models import ApprovalItem, Material
from lantian.core import admin_access
from lantian.core.forms import attempt, form_page, save_with

NAMESPACE = "approvals_admin"


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "Service guides are written by editors and published by reviewers and "
            "administrators; your role does not include this screen."
        ),
    )


def _base(request: HttpRequest, title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    return {
        **admin_access.screen(title, *trail),
        "can_edit": access.can_edit(request.user),
        "can_publish": access.can_publish(request.user),
    }


def item_index(request: HttpRequest) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    q = request.GET.get("q", "").strip()[:50]
    rows = [
        {"item": one, "missing": len(selectors.missing(one)), "url": url("item", one.pk)}
        for one in selectors.items(q=q)
    ]
    context = _base(request, _("Approval items"), (_("Approval items"), ""))
    context.update(
        {
            "rows": rows,
            "q": q,
            "add_url": url("item_add") if access.can_edit(request.user) else "",
            "report_url": url("completeness"),
        }
    )
    return render(request, "approvals/admin/item_index.html", context)


def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view(request.user):
        return denied(request)
    found = selectors.item(pk)
    if found is None:
        raise Http404
    edit = access.can_edit(request.user)
    context = _base(request, found.name, (_("Approval items"), url("items")), (found.name, ""))
    context.update(
        {
            "item": found,
            "missing": selectors.missing(found),
            "materials": [
                {
                    "material": m,
                    "url": url("material_edit", m.pk) if edit else "",
                    "remove_url": url("material_remove", m.pk) if edit else "",
                }
                for m in found.materials.all()
            ],
            "edit_url": url("item_edit", found.pk) if edit else "",
            "material_add_url": url("material_add", found.pk) if edit else "",
            "publish_url": url("item_publish", found.pk),
            "withdraw_url": url("item_withdraw", found.pk),
            "withdraw_form": forms.WithdrawForm(),
            "public_url": (
                reverse("approvals:item", args=[found.code]) if found.is_published else ""
            ),
        }
    )
    return render(request, "approvals/admin/item.html", context)


def item_add(request: HttpRequest) -> HttpResponse:
    return _item_form(request, None)


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, get_object_or_404(ApprovalItem, pk=pk))


def _item_form(request: HttpRequest, found: ApprovalItem | None) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    form = forms.ItemForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if found is None:
                saved = save_with(
                    form,
                    services.create_item,
                    actor=request.user,
                    code=form.cleaned_data["code"],
                    **form.values(),
                )
            else:
                saved = save_with(
                    form, services.update_item, actor=request.user, item=found, **form.values()
                )
            if saved is not None:
                messages.success(request, _("Approval item saved."))
                return redirect(url("item", saved.pk))
    title = _("Edit approval item") if found else _("Add an approval item")
    context = _base(request, title, (_("Approval items"), url("items")), (title, ""))
    cancel = url("item", found.pk) if found else url("items")
    return form_page(request, form, context, cancel=cancel, status=status)


@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_publish(request.user):
        return denied(request)
    found = get_object_or_404(ApprovalItem, pk=pk)
    attempt(request, services.publish_item, _("The service guide is published."), item=found)
    return redirect(url("item", found.pk))


@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_publish(request.user):
        return denied(request)
    found = get_object_or_404(ApprovalItem, pk=pk)
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the guide is withdrawn."))
    else:
        services.withdraw_item(actor=request.user, item=found, reason=form.cleaned_data["reason"])
        messages.success(request, _("The service guide is withdrawn from the public site."))
    return redirect(url("item", found.pk))


def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    return _material_form(request, get_object_or_404(ApprovalItem, pk=pk), None)


def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    found = get_object_or_404(Material.objects.select_related("item"), pk=pk)
    return _material_form(request, found.item, found)


def _material_form(
    request: HttpRequest, item: ApprovalItem, found: Material | None
) -> HttpResponse:
    form = forms.MaterialForm(request.POST or None, request.FILES or None, instance=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if found is None:
                saved = save_with(
                    form, services.add_material, actor=request.user, item=item, **form.values()
                )
            else:
                saved = save_with(
                    form,
                    services.update_material,
                    actor=request.user,
                    material=found,
                    **form.values(),
                )
            if saved is not None:
                messages.success(request, _("Material saved."))
                return redirect(url("item", item.pk))
    title = _("Edit material") if found else _("Add a material")
    context = _base(
        request,
        title,
        (_("Approval items"), url("items")),
        (item.name, url("item", item.pk)),
        (title, ""),
    )
    return form_page(
        request, form, context, cancel=url("item", item.pk), status=status, multipart=True
    )


@require_POST
def material_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_edit(request.user):
        return denied(request)
    found = get_object_or_404(Material.objects.select_related("item"), pk=pk)
    item = found.item
    attempt(request, services.remove_material, _("Material removed."), material=found)
    return redirect(url("item", item.pk))


def completeness(request: HttpRequest) -> HttpResponse:
    """Each item's missing elements (the website-inspection indicators' check)."""
    if not access.can_view(request.user):
        return denied(request)
    rows = [
        {"item": row.item, "missing": row.missing, "url": url("item", row.item.pk)}
        for row in selectors.completeness_report()
    ]
    context = _base(request, _("Service guide completeness"), (_("Service guide completeness"), ""))
    context.update({"rows": rows, "incomplete": sum(1 for row in rows if row["missing"])})
    return render(request, "approvals/admin/completeness.html", context)
