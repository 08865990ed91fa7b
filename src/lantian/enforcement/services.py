"""Every write of the enforcement app: penalty decisions (recorded, published, their
status), inspections, credit ratings (scored by the engine here and nowhere else), their
objections and repairs, and the enterprises' disclosure reports and obligations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.core import audit, uploads
from lantian.core.services import upsert_audited
from lantian.disclosure import services as disclosure
from lantian.enforcement import rating
from lantian.enforcement.models import (
    REPORT_CATEGORIES,
    REPORT_CATEGORY_CODES,
    REPORT_FILE_EXTENSIONS,
    REPORT_FILE_MAX_BYTES,
    REPORT_FILES_MAX,
    CompulsoryMeasure,
    CreditObjection,
    CreditRating,
    CreditRepair,
    DisclosureReport,
    DisclosureReportFile,
    Inspection,
    Penalty,
)
from lantian.enforcement.selectors import public_offender, public_text

# Audit actions (labels registered in wagtail_hooks.py).
PENALTY_PUBLISHED = "lantian.penalty_published"
PENALTY_STATUS_CHANGED = "lantian.penalty_status_changed"
RATING_PUBLISHED = "lantian.credit_rating_published"
OBJECTION_DECIDED = "lantian.credit_objection_decided"
CREDIT_REPAIRED = "lantian.credit_repaired"
REPORT_SUBMITTED = "lantian.disclosure_report_submitted"
REPORT_DRAFTED = "lantian.disclosure_report_drafted"
REPORT_FILE_ADDED = "lantian.disclosure_report_file_added"
REPORT_FILE_REMOVED = "lantian.disclosure_report_file_removed"

# The catalogue's category for penalty decisions (环办厅函〔2019〕672号: 行政处罚 → 处罚决定,
# 7 working days); a deployment may name another.
PENALTY_CATEGORY = "09.01"
PENALTY_LEGAL_GROUND = (
    "《中华人民共和国行政处罚法》第四十八条；《中华人民共和国政府信息公开条例》第二十条"
)

# Fields a penalty's record or update may set; publication and status have their own.
PENALTY_FIELDS = frozenset(
    {
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
    }
)


def penalty_category_code() -> str:
    return str(getattr(settings, "ENFORCEMENT_PENALTY_CATEGORY", PENALTY_CATEGORY))


# --------------------------------------------------------------------------- penalties


def _check_fields(values: Mapping[str, Any]) -> None:
    unknown = set(values) - PENALTY_FIELDS
    if unknown:
        raise TypeError(f"unknown penalty fields: {sorted(unknown)}")


@transaction.atomic
def record_penalty(*, actor: Any, document_number: str, **values: Any) -> Penalty:
    """Record a new penalty decision. A decision on an enterprise opens the enterprise's
    ad-hoc disclosure obligation (令第24号: 5 working days after it received the decision).
    Raises ValidationError naming the field (a document number already recorded too)."""
    _check_fields(values)
    values.setdefault("penalty_types", [])
    penalty = Penalty(document_number=document_number.strip(), **values)
    penalty.full_clean()
    penalty.save()
    audit.record(
        actor=actor,
        instance=penalty,
        action="wagtail.create",
        changes=audit.changed_fields({}, _penalty_snapshot(penalty)),
    )
    _sync_adhoc_obligation(actor=actor, penalty=penalty)
    return penalty


@transaction.atomic
def update_penalty(*, actor: Any, penalty: Penalty, **values: Any) -> Penalty:
    """Correct a recorded decision (not its publication or status: see
    :func:`publish_penalty` and :func:`change_penalty_status`)."""
    _check_fields(values)
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    before = _penalty_snapshot(penalty)
    for name, value in values.items():
        setattr(penalty, name, value)
    penalty.full_clean()
    penalty.save()
    changes = audit.changed_fields(before, _penalty_snapshot(penalty))
    if changes:
        audit.record(actor=actor, instance=penalty, action="wagtail.edit", changes=changes)
    _sync_adhoc_obligation(actor=actor, penalty=penalty)
    return penalty


def _penalty_snapshot(penalty: Penalty) -> dict[str, Any]:
    return audit.snapshot(penalty, [*sorted(PENALTY_FIELDS - {"enterprise"}), "enterprise_id"])


def _sync_adhoc_obligation(*, actor: Any, penalty: Penalty) -> DisclosureReport | None:
    """The ad-hoc report a penalty on an enterprise obliges it to make; its receipt date
    follows the decision's while the report is not submitted."""
    if penalty.enterprise_id is None:
        return None
    report = DisclosureReport.objects.filter(penalty=penalty).first()
    if report is not None and report.submitted_on is not None:
        return report
    return upsert_audited(
        actor=actor,
        model=DisclosureReport,
        lookup={"penalty": penalty},
        values={
            "enterprise_id": penalty.enterprise_id,
            "kind": DisclosureReport.Kind.ADHOC,
            "trigger_document": penalty.document_number,
            "received_on": penalty.receipt_date,
        },
    )


@transaction.atomic
def publish_penalty(
    *, actor: Any, penalty: Penalty, on: date | None = None, to_disclosure: bool = True
) -> Penalty:
    """Publish the decision on ``on`` (today when not given): its publication date, and
    (``to_disclosure``) its full text, the individual offender's name masked, as a
    draft item of the disclosure catalogue's penalty category, sent to its review. Refused
    (ValidationError) before the decision date or when already published."""
    on = on or timezone.localdate()
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    if on < penalty.decided_on:
        raise ValidationError(
            {
                "published_on": _("A decision cannot be published before it is made (%(date)s).")
                % {"date": penalty.decided_on.isoformat()}
            }
        )
    if penalty.published_on is not None:
        raise ValidationError(
            {
                "published_on": _("This decision was published on %(date)s.")
                % {"date": penalty.published_on.isoformat()}
            }
        )
    penalty.published_on = on
    data: dict[str, Any] = {}
    if to_disclosure:
        item = _disclosure_item(actor=actor, penalty=penalty)
        disclosure.send_to_review(actor=actor, item=item)
        penalty.disclosure_item = item
        data = {"item": item.pk, "index_no": item.index_no}
    penalty.save(update_fields=["published_on", "disclosure_item", "updated_at"])
    audit.record(
        actor=actor,
        instance=penalty,
        action=PENALTY_PUBLISHED,
        changes={"published_on": [None, on.isoformat()]},
        data=data,
    )
    return penalty


def _disclosure_item(*, actor: Any, penalty: Penalty) -> Any:
    offender = public_offender(penalty)
    paragraphs = [p.strip() for p in public_text(penalty).splitlines() if p.strip()]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    fields = {
        "title": f"行政处罚决定书（{penalty.document_number}）{offender}",
        "title_en": f"Administrative penalty decision {penalty.document_number}",
        "doc_number": penalty.document_number,
        "formed_on": penalty.decided_on,
        "summary": f"{offender}：{public_text(penalty, field='facts')}"[:300],
        "body": body,
        "legal_ground": PENALTY_LEGAL_GROUND,
    }
    return disclosure.save_item_in_category(
        actor=actor,
        item=penalty.disclosure_item,
        category_code=penalty_category_code(),
        departments=[getattr(settings, "ENFORCEMENT_DEPARTMENT", "enforcement")],
        **fields,
    )


@transaction.atomic
def change_penalty_status(
    *, actor: Any, penalty: Penalty, status: str, reason: str = ""
) -> Penalty:
    """Executed, under administrative review, in litigation, or revoked (a revocation
    needs its reason). Audited with the reason."""
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    before = audit.snapshot(penalty, ["status", "status_reason"])
    penalty.status, penalty.status_reason = status, reason.strip()
    penalty.full_clean()
    penalty.save(update_fields=["status", "status_reason", "updated_at"])
    changes = audit.changed_fields(before, audit.snapshot(penalty, ["status", "status_reason"]))
    if changes:
        audit.record(actor=actor, instance=penalty, action=PENALTY_STATUS_CHANGED, changes=changes)
    return penalty


# --------------------------------------------------------------------------- inspections


@transaction.atomic
def record_inspection(*, actor: Any, **values: Any) -> Inspection:
    inspection = Inspection(**values)
    inspection.full_clean()
    inspection.save()
    audit.record(
        actor=actor,
        instance=inspection,
        action="wagtail.create",
        changes=audit.changed_fields({}, audit.snapshot(inspection)),
    )
    return inspection


@transaction.atomic
def update_inspection(*, actor: Any, inspection: Inspection, **values: Any) -> Inspection:
    return upsert_audited(
        actor=actor, model=Inspection, lookup={"pk": inspection.pk}, values=values
    )


# --------------------------------------------------------------------------- compulsory measures

# Fields a compulsory measure's record or update may set, in the form's order (its number
# is fixed once made).
COMPULSORY_FIELDS = (
    "enterprise",
    "kind",
    "decided_on",
    "facilities",
    "legal_basis",
    "period_ends_on",
    "extended_to",
    "extension_reason",
    "lifted_on",
    "penalty",
)


def _check_compulsory_fields(values: Mapping[str, Any]) -> None:
    unknown = set(values) - set(COMPULSORY_FIELDS)
    if unknown:
        raise TypeError(f"unknown compulsory measure fields: {sorted(unknown)}")


def _compulsory_snapshot(measure: CompulsoryMeasure) -> dict[str, Any]:
    names = sorted(set(COMPULSORY_FIELDS) - {"enterprise", "penalty"})
    return audit.snapshot(measure, [*names, "decision_number", "enterprise_id", "penalty_id"])


@transaction.atomic
def record_compulsory_measure(
    *, actor: Any, decision_number: str, **values: Any
) -> CompulsoryMeasure:
    """Record a seal-up or seizure decision (查封扣押决定书). Raises ValidationError naming
    the field: a period over 30 days, an extension over 30 more, a lifting before the
    decision, a number already recorded."""
    _check_compulsory_fields(values)
    measure = CompulsoryMeasure(decision_number=decision_number.strip(), **values)
    measure.full_clean()
    measure.save()
    audit.record(
        actor=actor,
        instance=measure,
        action="wagtail.create",
        changes=audit.changed_fields({}, _compulsory_snapshot(measure)),
    )
    return measure


@transaction.atomic
def update_compulsory_measure(
    *, actor: Any, measure: CompulsoryMeasure, **values: Any
) -> CompulsoryMeasure:
    """Correct a measure, or record its extension or its lifting (audited, field by
    field)."""
    _check_compulsory_fields(values)
    measure = CompulsoryMeasure.objects.select_for_update().get(pk=measure.pk)
    before = _compulsory_snapshot(measure)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    changes = audit.changed_fields(before, _compulsory_snapshot(measure))
    if changes:
        audit.record(actor=actor, instance=measure, action="wagtail.edit", changes=changes)
    return measure


# --------------------------------------------------------------------------- credit ratings


def _inputs(raw: Mapping[str, Any]) -> dict[str, rating.IndicatorInput]:
    if not isinstance(raw, Mapping):
        raise ValidationError({"inputs": _("The inputs are keyed by indicator code.")})
    inputs = {}
    for code, given in raw.items():
        if not isinstance(given, Mapping) or set(given) - {"score", "measured", "band", "source"}:
            raise ValidationError(
                {
                    "inputs": _(
                        "Indicator %(code)s: give a score or a measured value "
                        "(and optionally its band and source)."
                    )
                    % {"code": code}
                }
            )
        inputs[str(code)] = rating.IndicatorInput(
            score=given.get("score"),
            measured=given.get("measured"),
            band=given.get("band"),
            source=str(given.get("source", "")),
        )
    return inputs


@transaction.atomic
def rate_enterprise(
    *,
    actor: Any,
    enterprise: Any,
    year: int,
    scheme: str,
    inputs: Mapping[str, Any],
    vetoes: Iterable[str] = (),
) -> CreditRating:
    """Create or redo an enterprise's rating for ``year``: the engine
    (:func:`lantian.enforcement.rating.rate`) scores the inputs under the scheme and the
    vetoes; its score, level and colour are stored with the inputs. A redone rating is
    unpublished until published again. Raises ValidationError naming the indicator or
    veto the engine refuses."""
    if scheme not in rating.scheme_names():
        raise ValidationError({"scheme": _("Unknown rating scheme %(name)s.") % {"name": scheme}})
    engine_scheme = rating.load_scheme(scheme)
    vetoes = list(dict.fromkeys(vetoes))
    try:
        result = rating.rate(engine_scheme, _inputs(inputs), vetoes)
    except ValueError as exc:
        raise ValidationError({"inputs": str(exc)}) from None
    level = result.level
    return upsert_audited(
        actor=actor,
        model=CreditRating,
        lookup={"enterprise": enterprise, "year": year},
        values={
            "scheme": scheme,
            "inputs": {code: dict(value) for code, value in inputs.items()},
            "vetoes": vetoes,
            "complete": result.complete,
            "score": result.score,
            "level": level.code if level else "",
            "colour": level.color_hex if level else "",
            "veto": result.veto.code if result.veto else "",
            "rated_at": timezone.now(),
            "published": False,
            "published_on": None,
        },
    )


@transaction.atomic
def publish_rating(*, actor: Any, credit_rating: CreditRating, on: date | None = None) -> Any:
    """Publish the rating. Refused while it has no level (indicators missing, no veto)."""
    on = on or timezone.localdate()
    found = CreditRating.objects.select_for_update().get(pk=credit_rating.pk)
    if not found.level:
        raise ValidationError(
            _("This rating has no level yet: every indicator needs an input, or a veto.")
        )
    before = audit.snapshot(found, ["published", "published_on"])
    found.published, found.published_on = True, on
    found.save(update_fields=["published", "published_on"])
    audit.record(
        actor=actor,
        instance=found,
        action=RATING_PUBLISHED,
        changes=audit.changed_fields(before, audit.snapshot(found, ["published", "published_on"])),
    )
    return found


@transaction.atomic
def record_objection(
    *, actor: Any, credit_rating: CreditRating, received_on: date, text: str
) -> CreditObjection:
    objection = CreditObjection(rating=credit_rating, received_on=received_on, text=text)
    objection.full_clean()
    objection.save()
    audit.record(
        actor=actor,
        instance=objection,
        action="wagtail.create",
        changes=audit.changed_fields({}, audit.snapshot(objection)),
    )
    return objection


@transaction.atomic
def decide_objection(
    *, actor: Any, objection: CreditObjection, outcome: str, decided_on: date, note: str = ""
) -> CreditObjection:
    if outcome == CreditObjection.Outcome.PENDING:
        raise ValidationError({"outcome": _("Decide the objection: upheld or rejected.")})
    if decided_on < objection.received_on:
        raise ValidationError(
            {"decided_on": _("An objection cannot be decided before it is received.")}
        )
    fields = ["outcome", "outcome_note", "decided_on"]
    before = audit.snapshot(objection, fields)
    objection.outcome, objection.outcome_note, objection.decided_on = outcome, note, decided_on
    objection.full_clean()
    objection.save(update_fields=fields)
    audit.record(
        actor=actor,
        instance=objection,
        action=OBJECTION_DECIDED,
        changes=audit.changed_fields(before, audit.snapshot(objection, fields)),
    )
    return objection


@transaction.atomic
def record_repair(
    *,
    actor: Any,
    credit_rating: CreditRating,
    repaired_on: date,
    measures: str,
    new_level: str,
) -> CreditRepair:
    """Credit repair: the enterprise's measures and the better level it now has (one of
    its scheme's levels, better than the level it holds)."""
    from lantian.enforcement.selectors import current_level

    scheme = rating.load_scheme(credit_rating.scheme)
    codes = [level.code for level in scheme.levels]
    if new_level not in codes:
        raise ValidationError(
            {"new_level": _("%(code)s is not a level of this scheme.") % {"code": new_level}}
        )
    held = current_level(credit_rating)
    if held and scheme.rank(new_level) >= scheme.rank(held):
        raise ValidationError({"new_level": _("A repair gives a better level than the one held.")})
    repair = CreditRepair(
        rating=credit_rating, repaired_on=repaired_on, measures=measures, new_level=new_level
    )
    repair.full_clean()
    repair.save()
    audit.record(
        actor=actor,
        instance=credit_rating,
        action=CREDIT_REPAIRED,
        changes={"level": [held, new_level]},
        data={"repair": repair.pk, "repaired_on": repaired_on.isoformat()},
    )
    return repair


# --------------------------------------------------------------------------- reports


@transaction.atomic
def open_annual_reports(
    *, actor: Any, year: int, enterprises: Iterable[Any]
) -> list[DisclosureReport]:
    """The annual report obligations of ``year`` (due 15 March of the next year), one per
    enterprise; existing ones are kept as they are."""
    reports = []
    for enterprise in enterprises:
        report = DisclosureReport.objects.filter(
            enterprise=enterprise, kind=DisclosureReport.Kind.ANNUAL, year=year
        ).first()
        if report is None:
            report = upsert_audited(
                actor=actor,
                model=DisclosureReport,
                lookup={
                    "enterprise": enterprise,
                    "kind": DisclosureReport.Kind.ANNUAL,
                    "year": year,
                },
                values={},
            )
        reports.append(report)
    return reports


@transaction.atomic
def open_annual_reports_of_key_units(*, actor: Any, year: int) -> int:
    """The annual report obligations of ``year`` for every enterprise on that year's
    key-unit lists (the enterprises obliged to disclose, 令第24号 Art. 7–8), due 15 March
    of the next year. Idempotent: an enterprise that has its obligation (or report)
    keeps it. Returns the number of obligations opened."""
    from lantian.sources import selectors as sources

    listed = list(sources.enterprises(key_unit_year=year))
    having = set(
        DisclosureReport.objects.filter(
            kind=DisclosureReport.Kind.ANNUAL, year=year, enterprise__in=listed
        ).values_list("enterprise_id", flat=True)
    )
    missing = [e for e in listed if e.pk not in having]
    open_annual_reports(actor=actor, year=year, enterprises=missing)
    return len(missing)


@transaction.atomic
def open_adhoc_report(
    *, actor: Any, enterprise: Any, trigger_document: str, received_on: date
) -> DisclosureReport:
    """An ad-hoc report obligation on a document other than a recorded penalty."""
    return upsert_audited(
        actor=actor,
        model=DisclosureReport,
        lookup={
            "enterprise": enterprise,
            "kind": DisclosureReport.Kind.ADHOC,
            "trigger_document": trigger_document,
        },
        values={"received_on": received_on},
    )


@transaction.atomic
def submit_report(
    *,
    actor: Any,
    report: DisclosureReport,
    content: Mapping[str, Any],
    submitted_on: date | None = None,
) -> DisclosureReport:
    """The enterprise submits (or corrects) its report: the content keyed by the eight
    categories' codes; the first submission's date is kept."""
    report = DisclosureReport.objects.select_for_update().get(pk=report.pk)
    missing = report.missing_categories(content)
    if missing and not set(content) - set(REPORT_CATEGORY_CODES):
        names = dict(REPORT_CATEGORIES)
        raise ValidationError(
            {
                "content": _(
                    "A submitted report answers every category (无 where nothing "
                    "applies); empty: %(names)s."
                )
                % {"names": "、".join(names[code] for code in missing)}
            },
            code="incomplete",
        )
    fields = ["content", "submitted_on"]
    before = audit.snapshot(report, fields)
    report.content = dict(content)
    if report.submitted_on is None:
        report.submitted_on = submitted_on or timezone.localdate()
    report.full_clean()
    report.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor,
        instance=report,
        action=REPORT_SUBMITTED,
        changes=audit.changed_fields(before, audit.snapshot(report, fields)),
    )
    return report


@transaction.atomic
def save_report_draft(
    *, actor: Any, report: DisclosureReport, content: Mapping[str, Any]
) -> DisclosureReport:
    """Keep the enterprise's unfinished report: nothing is public until it is submitted,
    and a submitted report is corrected by submitting it again, never by a draft."""
    report = DisclosureReport.objects.select_for_update().get(pk=report.pk)
    if report.submitted_on is not None:
        raise ValidationError(
            _("This report has been submitted: submit the correction instead."), code="submitted"
        )
    before = audit.snapshot(report, ["content"])
    report.content = dict(content)
    report.full_clean()
    report.save(update_fields=["content", "updated_at"])
    audit.record(
        actor=actor,
        instance=report,
        action=REPORT_DRAFTED,
        changes=audit.changed_fields(before, audit.snapshot(report, ["content"])),
    )
    return report


@transaction.atomic
def attach_report_file(
    *, actor: Any, report: DisclosureReport, upload: Any
) -> DisclosureReportFile:
    """Add a file to the report, checked by its content (a PDF, office document, OFD or
    picture; never a page or a program) and kept in private storage."""
    report = DisclosureReport.objects.select_for_update().get(pk=report.pk)
    if report.files.count() >= REPORT_FILES_MAX:
        raise ValidationError(
            _("A report has at most %(count)s files: remove one first.")
            % {"count": REPORT_FILES_MAX},
            code="too_many",
        )
    checked = uploads.check_upload(
        upload, accept=REPORT_FILE_EXTENSIONS, max_bytes=REPORT_FILE_MAX_BYTES
    )
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    attached = DisclosureReportFile(
        report=report,
        name=name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attached.file.save(name, upload, save=False)
    attached.save()
    audit.record(
        actor=actor,
        instance=report,
        action=REPORT_FILE_ADDED,
        data={"file": attached.pk, "name": name, "sha256": checked.sha256, "size": checked.size},
    )
    return attached


@transaction.atomic
def remove_report_file(*, actor: Any, attached: DisclosureReportFile) -> None:
    """Take a file off the report (and out of storage once the transaction commits)."""
    report, name, pk, stored = attached.report, attached.name, attached.pk, attached.file.name
    storage = attached.file.storage
    attached.delete()
    audit.record(
        actor=actor, instance=report, action=REPORT_FILE_REMOVED, data={"file": pk, "name": name}
    )
    transaction.on_commit(lambda: storage.delete(stored))
