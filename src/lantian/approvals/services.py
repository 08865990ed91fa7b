"""Every write of the approvals app: an item's guide, its materials (their template and
sample files checked by content), and its publication — refused while the guide lacks a
required element (:mod:`lantian.approvals.guides`). Each write is one transaction with an
audit entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.approvals import selectors
from lantian.approvals.models import (
    MATERIAL_FILE_MAX_BYTES,
    MATERIAL_FILE_TYPES,
    ApprovalItem,
    Material,
)
from lantian.core import audit, uploads

# Audit actions (labels registered in wagtail_hooks.py).
ITEM_PUBLISHED = "lantian.approval_item_published"
ITEM_WITHDRAWN = "lantian.approval_item_withdrawn"

# An item's guide fields in the guide's order (the editing form's too).
ITEM_ORDER = (
    "name",
    "kind",
    "authority",
    "legal_basis",
    "conditions",
    "steps",
    "statutory_days",
    "promised_days",
    "free",
    "fee_amount",
    "fee_basis",
    "office_address",
    "office_hours",
    "phone",
    "online_url",
    "consultation",
    "complaint",
    "result_name",
    "validity",
    "review_days",
    "litigation_months",
)
ITEM_FIELDS = frozenset(ITEM_ORDER)
# A material's fields in the editing form's order.
MATERIAL_ORDER = (
    "order",
    "name",
    "form",
    "copies",
    "original",
    "required",
    "condition",
    "fill_in",
    "template",
    "sample",
    "note",
)
MATERIAL_FIELDS = frozenset(MATERIAL_ORDER)


def _check(values: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")


def _list_of(value: Any, keys: tuple[str, ...], field: str) -> list[dict[str, str]]:
    """A guide's list (legal basis, steps) as ``[{key: text}]``, or a ValidationError."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
        raise ValidationError({field: _("A list of entries is expected.")})
    return [{key: str(entry.get(key, "") or "").strip() for key in keys} for entry in value]


def _clean_item(item: ApprovalItem) -> None:
    item.legal_basis = _list_of(item.legal_basis, ("law", "article"), "legal_basis")
    item.steps = _list_of(item.steps, ("name", "description"), "steps")
    if item.free:
        item.fee_amount = ""
    item.full_clean()


def _item_snapshot(item: ApprovalItem) -> dict[str, Any]:
    return audit.snapshot(item, [*sorted(ITEM_FIELDS), "code", "status"])


@transaction.atomic
def create_item(*, actor: Any, code: str, **values: Any) -> ApprovalItem:
    """A new item, as a draft. Raises ValidationError naming the field."""
    _check(values, ITEM_FIELDS, "item")
    item = ApprovalItem(code=code.strip(), **values)
    _clean_item(item)
    item.save()
    audit.record(
        actor=actor,
        instance=item,
        action="wagtail.create",
        changes=audit.changed_fields({}, _item_snapshot(item)),
    )
    return item


@transaction.atomic
def update_item(*, actor: Any, item: ApprovalItem, **values: Any) -> ApprovalItem:
    """Change an item's guide. A published item stays published only while its guide is
    complete: a change that leaves an element missing is refused (ValidationError)."""
    _check(values, ITEM_FIELDS, "item")
    item = ApprovalItem.objects.select_for_update().get(pk=item.pk)
    _apply(
        actor=actor,
        instance=item,
        values=values,
        snapshot=_item_snapshot,
        clean=_clean_item,
        guide=item,
    )
    return item


def _apply(
    *,
    actor: Any,
    instance: Any,
    values: Mapping[str, Any],
    snapshot: Callable[[Any], dict[str, Any]],
    clean: Callable[[Any], None],
    guide: ApprovalItem,
) -> None:
    """Set ``values`` on ``instance``, validate and save it, refuse the change when it
    leaves the published ``guide`` incomplete, and audit the changed fields."""
    before = snapshot(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    clean(instance)
    instance.save()
    _still_complete(guide)
    changes = audit.changed_fields(before, snapshot(instance))
    if changes:
        audit.record(actor=actor, instance=instance, action="wagtail.edit", changes=changes)


def _incomplete(item: ApprovalItem) -> ValidationError | None:
    lacking = selectors.missing(item)
    if not lacking:
        return None
    return ValidationError(
        _("The guide lacks required elements: %(elements)s.")
        % {"elements": "; ".join(m.label for m in lacking)},
        code="incomplete",
        params={"missing": [m.code for m in lacking]},
    )


def _still_complete(item: ApprovalItem) -> None:
    if item.is_published and (error := _incomplete(item)) is not None:
        raise error


@transaction.atomic
def publish_item(*, actor: Any, item: ApprovalItem) -> ApprovalItem:
    """Publish a complete guide; refuse an incomplete one with a ValidationError listing
    each missing element (its ``params["missing"]`` holds their codes)."""
    item = ApprovalItem.objects.select_for_update().get(pk=item.pk)
    if item.is_published:
        return item
    error = _incomplete(item)
    if error is not None:
        raise error
    item.status = ApprovalItem.Status.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated"])
    audit.record(
        actor=actor,
        instance=item,
        action=ITEM_PUBLISHED,
        changes={"status": ["draft", "published"]},
    )
    return item


@transaction.atomic
def withdraw_item(*, actor: Any, item: ApprovalItem, reason: str = "") -> ApprovalItem:
    """Take a published guide off the public site (back to draft), with the reason."""
    item = ApprovalItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_published:
        return item
    item.status = ApprovalItem.Status.DRAFT
    item.save(update_fields=["status", "updated"])
    audit.record(
        actor=actor,
        instance=item,
        action=ITEM_WITHDRAWN,
        changes={"status": ["published", "draft"]},
        data={"reason": reason},
    )
    return item


# --------------------------------------------------------------------------- materials


def _check_files(values: Mapping[str, Any]) -> None:
    for name in ("template", "sample"):
        file = values.get(name)
        if isinstance(file, File) and not isinstance(file, FieldFile):  # new, not yet kept
            try:
                uploads.check_upload(
                    file, accept=MATERIAL_FILE_TYPES, max_bytes=MATERIAL_FILE_MAX_BYTES
                )
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error


def _material_snapshot(material: Material) -> dict[str, Any]:
    return audit.snapshot(material, [*sorted(MATERIAL_FIELDS), "item_id"])


def _touch(item: ApprovalItem) -> None:
    item.save(update_fields=["updated"])


@transaction.atomic
def add_material(*, actor: Any, item: ApprovalItem, **values: Any) -> Material:
    """A material of ``item``'s guide; its files are checked by content."""
    _check(values, MATERIAL_FIELDS, "material")
    _check_files(values)
    item = ApprovalItem.objects.select_for_update().get(pk=item.pk)
    if "order" not in values:
        values["order"] = item.materials.count() + 1
    material = Material(item=item, **values)
    material.full_clean()
    material.save()
    _still_complete(item)
    _touch(item)
    audit.record(
        actor=actor,
        instance=material,
        action="wagtail.create",
        changes=audit.changed_fields({}, _material_snapshot(material)),
    )
    return material


@transaction.atomic
def update_material(*, actor: Any, material: Material, **values: Any) -> Material:
    _check(values, MATERIAL_FIELDS, "material")
    _check_files(values)
    material = Material.objects.select_for_update().select_related("item").get(pk=material.pk)
    _apply(
        actor=actor,
        instance=material,
        values=values,
        snapshot=_material_snapshot,
        clean=Material.full_clean,
        guide=material.item,
    )
    _touch(material.item)
    return material


@transaction.atomic
def remove_material(*, actor: Any, material: Material) -> None:
    """Remove a material; refused when it would leave a published guide incomplete."""
    material = Material.objects.select_for_update().select_related("item").get(pk=material.pk)
    item = material.item
    audit.record(
        actor=actor,
        instance=material,
        action="wagtail.delete",
        changes=audit.changed_fields(_material_snapshot(material), {}),
    )
    material.delete()
    _still_complete(item)
    _touch(item)
