"""Every write of the EIA app: projects (registered, corrected), their public notices on
the statutory clock (each one a disclosure item in the catalogue's 环评审批 categories,
sent to review), the decision, and the pauses of the decision period. Each write is one
transaction with an audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantian.core import audit, uploads
from lantian.core.calendar import work_calendar
from lantian.disclosure import services as disclosure
from lantian.eia import clock
from lantian.eia.models import ClockPause, Document, Notice, Project
from lantian.sources import selectors as sources

# Audit actions (labels registered in wagtail_hooks.py).
NOTICE_ADDED = "lantian.eia_notice_added"
DECISION_RECORDED = "lantian.eia_decision_recorded"
PAUSE_RECORDED = "lantian.eia_pause_recorded"
DOCUMENT_ADDED = "lantian.eia_document_added"
DOCUMENT_REMOVED = "lantian.eia_document_removed"
COMPLETION_RECORDED = "lantian.eia_completion_recorded"

# A project's documents: PDF, office documents or OFD, up to 50 MB (a report book with its
# annexes is large), checked by content.
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "ofd", "odt")
DOCUMENT_MAX_BYTES = 50 * 1024 * 1024

# The catalogue's 环评审批 categories (disclosure/catalogue.py) of each notice.
NOTICE_CATEGORIES = {
    Notice.Kind.ACCEPTANCE: "06.01",
    Notice.Kind.PRE_APPROVAL: "06.02",
    Notice.Kind.DECISION: "06.03",
    Notice.Kind.COMPLETION: "06.04",
}
LEGAL_GROUND = "《环境影响评价公众参与办法》；《建设项目环境影响评价政府信息公开指南（试行）》"
COMPLETION_LEGAL_GROUND = "《建设项目竣工环境保护验收暂行办法》"
# The document's name in the notices' titles (the titles are Chinese, as published).
DOCUMENT_ZH = {
    Project.Category.REPORT_BOOK: "环境影响报告书",
    Project.Category.REPORT_FORM: "环境影响报告表",
    Project.Category.REGISTRATION_FORM: "环境影响登记表",
}
TITLES_ZH = {
    Notice.Kind.ACCEPTANCE: "关于{name}{document}受理情况的公示",
    Notice.Kind.PRE_APPROVAL: "关于{name}{document}拟作出审批意见的公示",
    Notice.Kind.DECISION: "关于{name}{document}审批决定的公告",
    Notice.Kind.COMPLETION: "关于{name}竣工环境保护验收情况的公示",
}
TITLES_EN = {
    Notice.Kind.ACCEPTANCE: "Acceptance notice: {name}",
    Notice.Kind.PRE_APPROVAL: "Proposed approval notice: {name}",
    Notice.Kind.DECISION: "Approval decision: {name}",
    Notice.Kind.COMPLETION: "Completion acceptance notice: {name}",
}

PROJECT_FIELDS = frozenset(
    {
        "builder_name",
        "builder_credit_code",
        "name",
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
        "project_code",
    }
)
DECISION_FIELDS = ("decision", "decision_number", "decided_on", "conditions")


def _snapshot(project: Project) -> dict[str, Any]:
    names = [*sorted(PROJECT_FIELDS - {"district"}), "district_id", "enterprise_id"]
    return audit.snapshot(project, [*names, *DECISION_FIELDS])


# --------------------------------------------------------------------------- projects


@transaction.atomic
def save_project(*, actor: Any, project: Project | None = None, **values: Any) -> Project:
    """Register a project (``project`` None) or correct one. The builder is linked to the
    enterprise register when its credit code is on it. ValidationError naming the field
    (an invalid credit code, a 5-digit industry code, …); TypeError for an unknown field."""
    unknown = set(values) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    if "builder_credit_code" in values:
        values["builder_credit_code"] = str(values["builder_credit_code"]).strip().upper()
    if project is None:
        before: dict[str, Any] = {}
        project = Project()
    else:
        project = Project.objects.select_for_update().get(pk=project.pk)
        before = _snapshot(project)
    for name, value in values.items():
        setattr(project, name, value)
    project.full_clean()
    project.enterprise = sources.enterprise(project.builder_credit_code)
    project.save()
    changes = audit.changed_fields(before, _snapshot(project))
    if changes:
        action = "wagtail.edit" if before else "wagtail.create"
        audit.record(actor=actor, instance=project, action=action, changes=changes)
    return project


# --------------------------------------------------------------------------- notices


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


@transaction.atomic
def add_notice(
    *,
    actor: Any,
    project: Project,
    kind: str,
    starts_on: date,
    ends_on: date,
    published_on: date | None = None,
    to_disclosure: bool = True,
    review: bool = True,
) -> Notice:
    """Add the project's notice of ``kind`` running from ``starts_on`` to ``ends_on``
    (both days included), published on ``published_on`` (its start when not given). With
    ``to_disclosure``, its text is drafted as an item of the catalogue category of the
    kind (06.01–06.04) linking back to the project page, and sent to review (unless
    ``review`` is False: a system loader that publishes the item itself).

    Refused (ValidationError naming the field): an unknown kind or one already noticed;
    an end before the start; a notice shorter than its minimum on the core calendar
    (acceptance 10, proposed approval 5, completion 20 working days); a decision notice
    before the decision is recorded or starting before it; a publication after the start.
    A decision notice published more than 7 working days after the decision is accepted
    and flagged late (:func:`lantian.eia.selectors.notice_rows`)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if kind not in Notice.Kind.values:
        _refuse("kind", _("Unknown notice kind: %(kind)s.") % {"kind": kind})
    if project.notices.filter(kind=kind).exists():
        _refuse("kind", _("This project already has this notice."))
    if ends_on < starts_on:
        _refuse("ends_on", _("The notice cannot end before it starts."))
    published_on = published_on or starts_on
    if published_on > starts_on:
        _refuse("published_on", _("A notice cannot start before it is published."))
    _check_order(project, kind, starts_on)
    if kind == Notice.Kind.DECISION:
        if project.decided_on is None:
            _refuse("kind", _("Record the decision before its notice."))
        elif published_on < project.decided_on:
            _refuse(
                "published_on",
                _("The decision notice cannot be published before the decision (%(date)s).")
                % {"date": project.decided_on.isoformat()},
            )
    check = clock.check_notice(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        calendar=work_calendar(),
        published_on=published_on,
        decided_on=project.decided_on,
    )
    if check.short:
        _refuse(
            "ends_on",
            _(
                "The notice runs %(days)s working days; it must run at least %(minimum)s "
                "working days (until %(earliest)s or later)."
            )
            % {
                "days": check.working_days,
                "minimum": check.minimum,
                "earliest": check.earliest_end.isoformat(),
            },
        )
    notice = Notice(
        project=project,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        published_on=published_on,
    )
    notice.full_clean()
    data: dict[str, Any] = {"kind": kind}
    if to_disclosure:
        item = _disclosure_item(actor=actor, project=project, notice=notice)
        if review:
            disclosure.send_to_review(actor=actor, item=item)
        notice.disclosure_item = item
        data.update(item=item.pk, index_no=item.index_no)
    notice.save()
    audit.record(
        actor=actor,
        instance=project,
        action=NOTICE_ADDED,
        changes={
            f"{kind}.starts_on": [None, starts_on.isoformat()],
            f"{kind}.ends_on": [None, ends_on.isoformat()],
            f"{kind}.published_on": [None, published_on.isoformat()],
        },
        data=data,
    )
    return notice


def _check_order(project: Project, kind: str, starts_on: date) -> None:
    """The notices follow the procedure (rules-sources.md §2–3): the acceptance notice
    after the acceptance; the proposed-approval notice after the acceptance notice has
    ended; the completion notice of an approved project only. A registration form is
    filed, not approved: it has only its filing (decision) notice."""
    if project.category == Project.Category.REGISTRATION_FORM and kind != Notice.Kind.DECISION:
        _refuse("kind", _("A registration form is filed: only its filing is published."))
    if kind == Notice.Kind.ACCEPTANCE:
        if project.accepted_on is None:
            _refuse("kind", _("Record the acceptance date before its notice."))
        elif starts_on < project.accepted_on:
            _refuse(
                "starts_on",
                _("The notice cannot start before the acceptance (%(date)s).")
                % {"date": project.accepted_on.isoformat()},
            )
    elif kind == Notice.Kind.PRE_APPROVAL:
        accepted = project.notices.filter(kind=Notice.Kind.ACCEPTANCE).first()
        if accepted is None:
            _refuse("kind", _("The acceptance notice comes before this one."))
        elif starts_on <= accepted.ends_on:
            _refuse(
                "starts_on",
                _("The notice must start after the acceptance notice ends (%(date)s).")
                % {"date": accepted.ends_on.isoformat()},
            )
    elif kind == Notice.Kind.COMPLETION and project.decision != Project.Decision.APPROVED:
        _refuse("kind", _("Only an approved project has a completion acceptance notice."))


def notice_title(project: Project, kind: str) -> str:
    document = DOCUMENT_ZH.get(project.category, "环境影响评价文件")
    return TITLES_ZH[kind].format(name=project.name, document=document)


def _facts(project: Project, notice: Notice) -> list[tuple[str, str]]:
    rows = [
        ("项目名称", project.name),
        ("建设单位", project.builder_name),
        ("统一社会信用代码", project.builder_credit_code),
        ("建设地点", project.address),
        ("行业类别", f"{project.industry_code} {project.industry_name}".strip()),
        ("环评文件类型", DOCUMENT_ZH.get(project.category, "")),
        ("环评文件编制单位", project.preparer),
        ("总投资（万元）", "" if project.investment is None else str(project.investment)),
        ("受理日期", project.accepted_on.isoformat() if project.accepted_on else ""),
        ("公示期", f"{notice.starts_on.isoformat()} 至 {notice.ends_on.isoformat()}"),
    ]
    if notice.kind == Notice.Kind.DECISION:
        verdict = {"approved": "批准", "not_approved": "不予批准"}.get(project.decision, "")
        rows += [
            ("审批决定", verdict),
            ("批复文号", project.decision_number),
            ("决定日期", project.decided_on.isoformat() if project.decided_on else ""),
            ("审批意见及要求", project.conditions),
        ]
    return [(label, value) for label, value in rows if value]


def _disclosure_item(*, actor: Any, project: Project, notice: Notice) -> Any:
    facts = _facts(project, notice)
    body = "".join(f"<p>{escape(label)}：{escape(value)}</p>" for label, value in facts)
    url = project.get_absolute_url()
    body += f'<p>项目详情及全部公示：<a href="{escape(url)}">{escape(url)}</a></p>'
    if notice.kind in (Notice.Kind.ACCEPTANCE, Notice.Kind.PRE_APPROVAL):
        body += (
            "<p>公示期间，公众可通过信函、电子邮件等方式向我局反映与建设项目环境影响"
            "有关的意见和建议。</p>"
        )
    decision = notice.kind == Notice.Kind.DECISION
    fields = {
        "kind": "notice",
        "title": notice_title(project, notice.kind),
        "title_en": TITLES_EN[notice.kind].format(name=project.name),
        "doc_number": project.decision_number if decision else "",
        "formed_on": project.decided_on if decision else notice.starts_on,
        "summary": "；".join(f"{label}：{value}" for label, value in facts[:4])[:300],
        "body": body,
        "legal_ground": (
            COMPLETION_LEGAL_GROUND if notice.kind == Notice.Kind.COMPLETION else LEGAL_GROUND
        ),
    }
    return disclosure.save_item_in_category(
        actor=actor,
        item=None,
        category_code=NOTICE_CATEGORIES[notice.kind],
        departments=[getattr(settings, "EIA_DEPARTMENT", "eia")],
        **fields,
    )


# --------------------------------------------------------------------------- decision


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    project: Project,
    decision: str,
    decided_on: date,
    decision_number: str = "",
    conditions: str = "",
) -> Project:
    """Record (or correct) the decision: approved or not, its date, document number and
    conditions. Refused (ValidationError naming the field) before the project is accepted,
    dated before its acceptance, an unknown decision, or once its notice is out (the
    notice carries the decision)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.accepted_on is None:
        _refuse("decided_on", _("Record the acceptance date before the decision."))
    if decided_on < project.accepted_on:
        _refuse(
            "decided_on",
            _("The decision cannot be made before the acceptance (%(date)s).")
            % {"date": project.accepted_on.isoformat()},
        )
    if project.notices.filter(kind=Notice.Kind.DECISION).exists():
        _refuse("decision", _("The decision notice is out; the decision cannot change."))
    before = audit.snapshot(project, DECISION_FIELDS)
    project.decision, project.decided_on = decision, decided_on
    project.decision_number, project.conditions = decision_number.strip(), conditions.strip()
    if not project.decision:
        _refuse("decision", _("Choose approved or not approved."))
    project.full_clean()
    project.save()
    changes = audit.changed_fields(before, audit.snapshot(project, DECISION_FIELDS))
    if changes:
        audit.record(actor=actor, instance=project, action=DECISION_RECORDED, changes=changes)
    return project


# --------------------------------------------------------------------------- pauses


@transaction.atomic
def record_pause(
    *,
    actor: Any,
    project: Project,
    reason: str,
    start: date,
    end: date | None = None,
    pause: ClockPause | None = None,
) -> ClockPause:
    """Record a pause of the decision period (expert review, hearing, supplement), or
    close or correct one (``pause``). Refused (ValidationError naming the field): a start
    before the acceptance, an end before the start, overlapping another pause."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.accepted_on is not None and start < project.accepted_on:
        _refuse("start", _("A pause cannot start before the acceptance."))
    if end is not None and end < start:
        _refuse("end", _("A pause cannot end before it starts."))
    others = project.pauses.exclude(pk=pause.pk) if pause is not None else project.pauses.all()
    for other in others:
        if other.start <= (end or date.max) and start <= (other.end or date.max):
            _refuse("start", _("This pause overlaps another pause of the project."))
    before: Mapping[str, Any] = audit.snapshot(pause, ["reason", "start", "end"]) if pause else {}
    pause = pause or ClockPause(project=project)
    pause.reason, pause.start, pause.end = reason, start, end
    pause.full_clean()
    pause.save()
    changes = audit.changed_fields(before, audit.snapshot(pause, ["reason", "start", "end"]))
    audit.record(
        actor=actor,
        instance=project,
        action=PAUSE_RECORDED,
        changes=changes,
        data={"pause": pause.pk},
    )
    return pause


# --------------------------------------------------------------------------- documents


@transaction.atomic
def add_document(
    *, actor: Any, project: Project, kind: str, version: str, title: str, upload: Any
) -> Document:
    """Add a document to the project: the full text (staff only) or the public version
    with its redactions. Checked by content (a PDF, office document or OFD; never a page
    or a program) and kept in private storage whatever its version: the public version
    reaches the public through a view that checks it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if kind not in Document.Kind.values:
        _refuse("kind", _("Unknown document kind: %(kind)s.") % {"kind": kind})
    if version not in Document.Version.values:
        _refuse("version", _("Choose the full text or the public version."))
    title = title.strip()
    if not title:
        _refuse("title", _("Give the document a title."))
    checked = uploads.check_upload(upload, accept=DOCUMENT_EXTENSIONS, max_bytes=DOCUMENT_MAX_BYTES)
    name = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1][:200]
    document = Document(
        project=project,
        kind=kind,
        version=version,
        title=title[:200],
        original_name=name,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.file.save(name, upload, save=False)
    document.full_clean()
    document.save()
    audit.record(
        actor=actor,
        instance=project,
        action=DOCUMENT_ADDED,
        data={
            "document": document.pk,
            "kind": kind,
            "version": version,
            "name": name,
            "sha256": checked.sha256,
            "size": checked.size,
        },
    )
    return document


@transaction.atomic
def remove_document(*, actor: Any, document: Document) -> None:
    """Take a document off the project (and out of storage once the transaction
    commits)."""
    project, stored, storage = document.project, document.file.name, document.file.storage
    data = {
        "document": document.pk,
        "kind": document.kind,
        "version": document.version,
        "name": document.original_name,
    }
    document.delete()
    audit.record(actor=actor, instance=project, action=DOCUMENT_REMOVED, data=data)
    transaction.on_commit(lambda: storage.delete(stored))


# --------------------------------------------------------------------------- completion

COMPLETION_FIELDS = (
    "completed_on",
    "commissioning_from",
    "commissioning_to",
    "acceptance_report_on",
    "acceptance_result",
    "acceptance_monitor",
    "acceptance_opinion",
    "acceptance_filed_on",
)


@transaction.atomic
def record_completion(*, actor: Any, project: Project, **values: Any) -> Project:
    """Record (or correct) the completion acceptance the builder ran (竣工环境保护验收):
    the completion date, the commissioning period, the acceptance report's date and
    result, who monitored, the opinion, and the filing on the national platform.

    Refused (ValidationError naming the field): a project not approved; commissioning
    before completion or ending before it starts; a report before the completion; a
    filing before the completion notice has ended. Late steps are accepted and flagged
    (:func:`lantian.eia.selectors.completion_check`)."""
    unknown = set(values) - set(COMPLETION_FIELDS)
    if unknown:
        raise TypeError(f"unknown completion fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.decision != Project.Decision.APPROVED:
        _refuse("completed_on", _("Only an approved project has a completion acceptance."))
    before = audit.snapshot(project, COMPLETION_FIELDS)
    for name, value in values.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    completed, start, end = (
        project.completed_on,
        project.commissioning_from,
        project.commissioning_to,
    )
    if start and completed and start < completed:
        _refuse("commissioning_from", _("Commissioning cannot start before the completion."))
    if start and end and end < start:
        _refuse("commissioning_to", _("Commissioning cannot end before it starts."))
    if end and not start:
        _refuse("commissioning_from", _("Give the start of the commissioning."))
    report = project.acceptance_report_on
    if report and completed and report < completed:
        _refuse("acceptance_report_on", _("The acceptance report cannot precede the completion."))
    if project.acceptance_result and not report:
        _refuse("acceptance_report_on", _("Give the date of the report that states the result."))
    filed = project.acceptance_filed_on
    if filed:
        notice = project.notices.filter(kind=Notice.Kind.COMPLETION).first()
        if notice is None:
            _refuse("acceptance_filed_on", _("The acceptance is filed after its public notice."))
        elif filed < notice.ends_on:
            _refuse(
                "acceptance_filed_on",
                _("The acceptance is filed after its public notice ends (%(date)s).")
                % {"date": notice.ends_on.isoformat()},
            )
    project.full_clean()
    project.save()
    changes = audit.changed_fields(before, audit.snapshot(project, COMPLETION_FIELDS))
    if changes:
        audit.record(actor=actor, instance=project, action=COMPLETION_RECORDED, changes=changes)
    return project
