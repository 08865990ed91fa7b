"""Every write of proactive disclosure: keyword-only, one transaction, an audit entry.

Items are Wagtail snippets with drafts and revisions: :func:`save_item` writes a new
revision (and the row itself while the item is not live), so a published item changes
only when a new revision is approved and published through the review workflow.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lantian.core import audit
from lantian.core.models import Department
from lantian.core.numbering import index_number
from lantian.disclosure import catalogue
from lantian.disclosure.models import Attachment, Category, DisclosureItem
from lantian.disclosure.review import check_sensitive_note
from lantian.disclosure.uploads import check_file

# Audit actions of our own (labels registered in wagtail_hooks.py).
WITHDRAWN = "lantian.disclosure_withdrawn"
ATTACHMENT_ADDED = "lantian.disclosure_attachment_added"
LINKED = "lantian.disclosure_linked"
CATALOGUE_SEEDED = "lantian.catalogue_seeded"
INDEX_NUMBER_ASSIGNED = "lantian.disclosure_index_number"

# Fields save_item accepts (go_live_at/expire_at: scheduled publication and expiry).
ITEM_FIELDS = frozenset(
    {
        "kind",
        "title",
        "title_en",
        "category",
        "department",
        "doc_number",
        "formed_on",
        "validity",
        "effective_from",
        "invalid_from",
        "keywords",
        "summary",
        "body",
        "body_en",
        "attribute",
        "legal_ground",
        "sensitive",
        "review_note",
        "interprets",
        "held_at",
        "speakers",
        "transcript",
        "questions",
        "go_live_at",
        "expire_at",
        "related_items",
    }
)
RICH_TEXT_FIELDS = ("body", "body_en", "transcript")
PLAIN_TEXT_FIELDS = (
    "title",
    "title_en",
    "summary",
    "keywords",
    "doc_number",
    "speakers",
    "legal_ground",
    "review_note",
)
AUDIT_FIELDS = tuple(sorted((ITEM_FIELDS - {"related_items", "questions"}) | {"index_no"}))

# What Wagtail's rich text stores (Draftail's default features: headings, bold, italic,
# lists, links to pages/documents/URLs, embedded images and media, rules, code).
RICH_TEXT_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "b",
    "strong",
    "i",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "blockquote",
    "sub",
    "sup",
    "code",
    "s",
    "embed",
}
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def sanitise_rich_text(value: str) -> str:
    """Rich text reduced to what Wagtail's editor stores; scripts, styles, event
    handlers and javascript: URLs removed."""
    return nh3.clean(
        value or "",
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


def plain_text(value: str) -> str:
    """Text with every tag removed (a script's content too), entities decoded once."""
    text = value or ""
    for _round in range(3):  # "&lt;script&gt;" decodes to a tag: strip again
        cleaned = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
        if cleaned == text:
            break
        text = cleaned
    return text.strip()


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in RICH_TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = sanitise_rich_text(cleaned[name])
    for name in PLAIN_TEXT_FIELDS:
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = plain_text(cleaned[name])
    return cleaned


@transaction.atomic
def save_item(*, actor: Any, item: DisclosureItem | None = None, **fields: Any) -> DisclosureItem:
    """Create a disclosure item (with its index number) or save a new draft of one.

    ``fields`` are model fields (see ``ITEM_FIELDS``). A new item is a draft with a new,
    never reused index number ``<DISCLOSURE_ORGANISATION_CODE>/<year formed>-<serial>``.
    A live item keeps its published content until the new revision is published.
    Raises ValidationError (e.g. sensitive without a review note) or TypeError for an
    unknown field.
    """
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise TypeError(f"save_item() got unknown fields: {sorted(unknown)}")
    related = fields.pop("related_items", None)
    values = _clean_fields(fields)
    user = _user(actor)
    if item is None:
        draft = DisclosureItem(created_by=user, live=False, has_unpublished_changes=True)
        before: dict[str, Any] = {}
    else:
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        draft = item.get_latest_revision_as_object()
        before = audit.snapshot(draft, AUDIT_FIELDS)
    for name, value in values.items():
        setattr(draft, name, value)
    check_sensitive_note(draft.sensitive, draft.review_note)
    draft.full_clean(exclude=["index_no"])
    if item is None:
        draft.index_no = index_number(settings.DISCLOSURE_ORGANISATION_CODE, draft.formed_on.year)
        draft.save()
    elif not item.live:
        draft.save()
    draft.save_revision(user=user, clean=False)
    if related is not None:
        draft.related_items.set(related)
    after = audit.snapshot(draft, AUDIT_FIELDS)
    changes = audit.changed_fields(before, after)
    if related is not None:
        changes["related_items"] = [None, sorted(other.pk for other in related)]
    audit.record(
        actor=actor,
        instance=draft,
        action="wagtail.create" if item is None else "wagtail.edit",
        changes=changes,
    )
    return draft


def save_item_in_category(
    *,
    actor: Any,
    item: DisclosureItem | None,
    category_code: str,
    departments: Iterable[str] = (),
    **fields: Any,
) -> DisclosureItem:
    """:func:`save_item` for another app's publication (penalty decisions, inspection
    results, key-unit lists, monitoring reports) in the catalogue category with the code:
    the item belongs to the category's department, or when it has none to the first of
    ``departments`` (codes) that exists, else the office (``FOI_OFFICE_DEPARTMENT``).
    ValidationError naming the code when the catalogue lacks it."""
    category = Category.objects.filter(code=category_code).first()
    if category is None:
        raise ValidationError(
            _("The disclosure catalogue has no category %(code)s.") % {"code": category_code}
        )
    department = category.department
    for code in (*departments, getattr(settings, "FOI_OFFICE_DEPARTMENT", "office")):
        if department is not None:
            break
        department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError(
            _("No department owns the catalogue category %(code)s.") % {"code": category_code}
        )
    return save_item(actor=actor, item=item, category=category, department=department, **fields)


@transaction.atomic
def assign_index_number(*, actor: Any, item: DisclosureItem) -> DisclosureItem:
    """Give an item created without one (in the back office) its index number; an item
    keeps the number it has."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if item.index_no:
        return item
    number = index_number(settings.DISCLOSURE_ORGANISATION_CODE, item.formed_on.year)
    DisclosureItem.objects.filter(pk=item.pk).update(index_no=number)
    item.index_no = number
    audit.record(
        actor=actor,
        instance=item,
        action=INDEX_NUMBER_ASSIGNED,
        changes={"index_no": [None, number]},
    )
    return item


@transaction.atomic
def add_attachment(
    *,
    actor: Any,
    item: DisclosureItem,
    filename: str,
    content: bytes,
    title: str = "",
    replacing_title: str = "",
) -> Attachment:
    """Attach a file to the item's draft after checking its type from its content (PDF,
    DOCX, XLSX, PNG, JPEG) and its size (``DISCLOSURE_MAX_UPLOAD_MB``).

    Raises ValidationError naming the file when refused. On a live item the attachment
    belongs to the new draft and is stored as a row when that draft is published.
    ``replacing_title``: the draft's attachments whose title starts with it leave the
    draft (a newer version of the same table); the published version keeps them until
    the draft is published, and the revisions keep them for the record.
    """
    checked = check_file(filename, content)
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    draft = item.get_latest_revision_as_object()
    if replacing_title:
        replaced = [a for a in draft.attachments.all() if a.title.startswith(replacing_title)]
        if replaced:
            draft.attachments.remove(*replaced)
    last = item.attachments.aggregate(last=Max("sort_order"))["last"]
    in_draft = [a.sort_order or 0 for a in draft.attachments.all()]
    attachment = Attachment(
        item=draft,
        title=plain_text(title) or plain_text(filename),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        sort_order=max([last or 0, *in_draft]) + 1,
    )
    attachment.file.save(filename, ContentFile(content), save=False)
    draft.attachments.add(attachment)
    if not item.live:
        draft.save()
    draft.save_revision(user=_user(actor), clean=False)
    audit.record(
        actor=actor,
        instance=draft,
        action=ATTACHMENT_ADDED,
        data={
            "filename": attachment.file.name,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )
    return attachment


def can_withdraw(user: Any) -> bool:
    return bool(
        user is None
        or getattr(user, "is_superuser", False)
        or user.has_perm("disclosure.withdraw_disclosureitem")
    )


@transaction.atomic
def withdraw_item(*, actor: Any, item: DisclosureItem, reason: str) -> DisclosureItem:
    """Take a published item off the public site (撤回). The reason is required and kept
    with the item and in the audit log; the index number stays with the item."""
    from wagtail.actions.unpublish import UnpublishAction

    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the item.")})
    if actor is not None and not can_withdraw(actor):
        raise PermissionDenied(_("You may not withdraw published items."))
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if not item.live:
        raise ValidationError(_("The item is not published."))
    item.withdrawn_reason = reason
    UnpublishAction(item, user=_user(actor), log_action=False).execute(skip_permission_checks=True)
    audit.record(
        actor=actor,
        instance=item,
        action=WITHDRAWN,
        changes={"live": [True, False]},
        data={"reason": reason, "index_no": item.index_no},
    )
    return item


@transaction.atomic
def link_related(
    *, actor: Any, item: DisclosureItem, others: Iterable[DisclosureItem]
) -> DisclosureItem:
    """Add related items (the link is mutual)."""
    others = [other for other in others if other.pk != item.pk]
    item.related_items.add(*others)
    audit.record(
        actor=actor,
        instance=item,
        action=LINKED,
        data={"related_items": sorted(other.pk for other in others)},
    )
    return item


@transaction.atomic
def unlink_related(
    *, actor: Any, item: DisclosureItem, others: Iterable[DisclosureItem]
) -> DisclosureItem:
    others = list(others)
    item.related_items.remove(*others)
    audit.record(
        actor=actor,
        instance=item,
        action=LINKED,
        data={"removed_related_items": sorted(other.pk for other in others)},
    )
    return item


@transaction.atomic
def link_interpretation(
    *, actor: Any, interpretation: DisclosureItem, policy: DisclosureItem
) -> DisclosureItem:
    """Record that ``interpretation`` (a policy interpretation) explains ``policy``; the
    two are also related items of each other."""
    if interpretation.kind != DisclosureItem.Kind.INTERPRETATION:
        raise ValidationError(
            {"interprets": _("Only a policy interpretation interprets a policy.")}
        )
    if policy.pk == interpretation.pk or policy.kind == DisclosureItem.Kind.INTERPRETATION:
        raise ValidationError({"interprets": _("Choose the policy document it interprets.")})
    saved = save_item(actor=actor, item=interpretation, interprets=policy)
    saved.related_items.add(policy)
    return saved


# ---- review workflow -------------------------------------------------------------------


@transaction.atomic
def submit_for_review(*, actor: Any, item: DisclosureItem) -> Any:
    """Start the review workflow (保密审查 → 部门负责人审批) on the item's latest draft."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    if actor is not None and not (
        actor.is_superuser or actor.has_perm("disclosure.change_disclosureitem")
    ):
        raise PermissionDenied(_("You may not submit disclosure items for review."))
    workflow = item.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review workflow is assigned to disclosure items."))
    if item.workflow_in_progress:
        raise ValidationError(_("The item is already in review."))
    draft = item.get_latest_revision_as_object()
    check_sensitive_note(draft.sensitive, draft.review_note)
    return workflow.start(item, _user(actor))  # Wagtail logs wagtail.workflow.start


def send_to_review(*, actor: Any, item: DisclosureItem) -> DisclosureItem:
    """Another app's publication goes into the review unless it is in it already; sent in
    the actor's name when they may edit items, else by the system (the app decided that
    the actor may publish its own records, the review is still the disclosure app's)."""
    item.refresh_from_db()
    if not item.workflow_in_progress:
        may_submit = (
            actor is None
            or actor.is_superuser
            or actor.has_perm("disclosure.change_disclosureitem")
        )
        submit_for_review(actor=actor if may_submit else None, item=item)
    return item


def _current_task(item: DisclosureItem) -> tuple[Any, Any]:
    state = item.current_workflow_task_state
    if state is None:
        raise ValidationError(_("The item is not in review."))
    return state.task.specific, state


@transaction.atomic
def approve_step(*, actor: Any, item: DisclosureItem, comment: str = "") -> DisclosureItem:
    """Approve the item's current review step as ``actor``. The last step's approval
    publishes the item, at once or at its go-live time. Refused (PermissionDenied) for
    someone outside the step's group or approving their own edit; ValidationError when
    a sensitive item has no review note."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    task, state = _current_task(item)
    task.on_action(state, actor, "approve", comment=plain_text(comment))
    item.refresh_from_db()
    return item


@transaction.atomic
def request_changes(*, actor: Any, item: DisclosureItem, comment: str) -> DisclosureItem:
    """Send the item back to its editor with a comment (the step is rejected)."""
    if not plain_text(comment):
        raise ValidationError({"comment": _("Say what needs to change.")})
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    task, state = _current_task(item)
    if "reject" not in {name for name, *_rest in task.get_actions(item, actor)}:
        raise PermissionDenied(_("You may not review this step."))
    task.on_action(state, actor, "reject", comment=plain_text(comment))
    item.refresh_from_db()
    return item


@transaction.atomic
def publish_item(*, actor: Any, item: DisclosureItem) -> DisclosureItem:
    """Publish the latest revision directly, bypassing review: only for holders of the
    "publish" permission (administrators) and for system loaders (``actor=None``).
    Editors are refused."""
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    revision = item.get_latest_revision()
    if revision is None:
        revision = item.save_revision(user=_user(actor))
    draft = revision.as_object()
    check_sensitive_note(draft.sensitive, draft.review_note)
    revision.publish(user=_user(actor), skip_permission_checks=actor is None)
    item.refresh_from_db()
    return item


# ---- catalogue -------------------------------------------------------------------------


@transaction.atomic
def ensure_catalogue(*, actor: Any = None, using: str = "default") -> dict[str, int]:
    """Seed the standard catalogue: create missing codes only; an existing category is
    never changed, except that a seeded category still without an owner and never
    edited gets its department once that department exists. Safe to run again."""
    from wagtail.models import ModelLogEntry

    categories = Category.objects.using(using)
    existing = {category.code: category for category in categories.all()}
    departments = {d.code: d for d in Department.objects.using(using).all()}
    created = linked = 0
    for order, (entry, parent_code) in enumerate(catalogue.entries()):
        department = departments.get(entry.department) if entry.department else None
        category = existing.get(entry.code)
        if category is None:
            category = Category(
                code=entry.code,
                name=entry.name,
                name_en=entry.name_en,
                parent=existing.get(parent_code) if parent_code else None,
                department=department,
                legal_basis=entry.legal_basis,
                time_limit_days=entry.time_limit_days,
                sort_order=order,
            )
            category.save(using=using)
            existing[entry.code] = category
            created += 1
            audit.record(
                actor=actor,
                instance=category,
                action=CATALOGUE_SEEDED,
                data={"code": entry.code, "name": entry.name},
            )
        elif category.department_id is None and department is not None:
            edited = (
                ModelLogEntry.objects.db_manager(using)
                .for_instance(category)
                .filter(action="wagtail.edit")
                .exists()
            )
            if not edited:
                categories.filter(pk=category.pk).update(department=department)
                linked += 1
    return {"created": created, "linked": linked}
