"""Every write of the water app: sites, samples entered by staff, sample files. Each is
one transaction with an audit entry; bad input raises ``ValidationError`` naming the
field (or, for a file, comes back in the batch's report by row and column)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantian.core import audit
from lantian.water import ingest
from lantian.water.models import Sample, SampleBatch, Site

SITE_FIELDS = (
    "code",
    "name",
    "name_en",
    "kind",
    "water_body",
    "district",
    "latitude",
    "longitude",
    "target",
    "design_abstraction",
    "active",
)
_BODY_OF_KIND = {
    Site.Kind.RIVER_SECTION: Site.WaterBody.RIVER,
    Site.Kind.LAKE_RESERVOIR: Site.WaterBody.LAKE,
    Site.Kind.DRINKING_GROUNDWATER: "",
}


def site_errors(site: Site) -> dict[str, str]:
    """What is wrong with a site, by field; derives the water body from the kind on the
    way. Staff entry (:func:`save_site`) and the back office's form check with it."""
    errors: dict[str, str] = {}
    site.code = (site.code or "").strip()
    site.name = (site.name or "").strip()
    if not site.code:
        errors["code"] = _("Give the site's code.")
    elif Site.objects.filter(code=site.code).exclude(pk=site.pk).exists():
        errors["code"] = _("Another site has the code %(code)s.") % {"code": site.code}
    if not site.name:
        errors["name"] = _("Give the site's name.")
    if site.kind not in Site.Kind.values:
        errors["kind"] = _("Choose one of the kinds of site.")
        return errors
    derived = _BODY_OF_KIND.get(site.kind)
    if derived is not None and site.water_body and site.water_body != derived:
        errors["water_body"] = _("A %(kind)s's water body is %(body)s.") % {
            "kind": Site.Kind(site.kind).label,
            "body": Site.WaterBody(derived).label if derived else "—",
        }
    elif derived is not None:
        site.water_body = derived
    elif not site.water_body:
        site.water_body = Site.WaterBody.RIVER
    elif site.water_body not in Site.WaterBody.values:
        errors["water_body"] = _("The water body is a river or a lake or reservoir.")
    if site.target not in Site.Target.values:
        errors["target"] = _("The target class is one of I, II, III, IV, V.")
    for name, low, high in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
        value = getattr(site, name)
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            errors[name] = _("Must be between %(low)s and %(high)s (WGS84 degrees).") % {
                "low": f"{low:g}",
                "high": f"{high:g}",
            }
    if (site.latitude is None) != (site.longitude is None) and not (
        {"latitude", "longitude"} & errors.keys()
    ):
        errors["longitude" if site.longitude is None else "latitude"] = _(
            "Give both latitude and longitude, or neither."
        )
    volume = site.design_abstraction
    if volume is not None:
        if site.kind not in Site.DRINKING:
            errors["design_abstraction"] = _("Only a drinking-water source has an abstraction.")
        elif not (math.isfinite(volume) and volume >= 0):
            errors["design_abstraction"] = _("The abstraction cannot be negative.")
    return errors


def save_site(*, actor: Any, site: Site | None = None, **fields: Any) -> Site:
    """Create a site or change the given fields of one. The water body follows the kind
    (river section: river; lake or reservoir: lake; groundwater: none); a surface
    drinking-water source is a river unless given as a lake."""
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"save_site() got unknown fields: {', '.join(sorted(unknown))}")
    creating = site is None
    target = site if site is not None else Site()
    before = {} if creating else audit.snapshot(target)
    if not creating and "kind" in fields and "water_body" not in fields:
        target.water_body = ""  # derive it again from the new kind
    for name, value in fields.items():
        setattr(target, name, value)
    errors = site_errors(target)
    if errors:
        raise ValidationError(errors)
    _save_audited(actor, target, before if not creating else None)
    return target


def _save_audited(actor: Any, instance: Site | Sample, before: dict[str, Any] | None) -> None:
    """Save and audit: a creation without ``before``, else an edit with its changes."""
    with transaction.atomic():
        instance.save()
        audit.record(
            actor=actor,
            instance=instance,
            action="wagtail.create" if before is None else "wagtail.edit",
            changes=None
            if before is None
            else audit.changed_fields(before, audit.snapshot(instance)),
        )


def _value_errors(
    site: Site,
    values: Mapping[str, Any],
    detection_limits: Mapping[str, Any],
    abstraction: float | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item, value in values.items():
        if item not in ingest.ITEMS or item == ingest.ABSTRACTION:
            errors["values"] = _("Unknown item %(item)s.") % {"item": item}
            break
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors["values"] = _("%(item)s: not a number.") % {"item": item}
            break
        problem = ingest.check_value(item, float(value))
        if problem:
            errors["values"] = f"{item}: {problem}"
            break
    for item, limit in detection_limits.items():
        if item not in values:
            errors["detection_limits"] = _("%(item)s has a detection limit but no value.") % {
                "item": item
            }
        elif isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            errors["detection_limits"] = _("%(item)s: not a detection limit.") % {"item": item}
    if abstraction is not None:
        if not site.is_drinking:
            errors["abstraction"] = _("Only a drinking-water source has an abstraction.")
        elif not (math.isfinite(abstraction) and abstraction >= 0):
            errors["abstraction"] = _("The abstraction cannot be negative.")
    return errors


def save_sample(
    *,
    actor: Any,
    site: Site,
    sampled_on: date,
    values: Mapping[str, float],
    detection_limits: Mapping[str, float] | None = None,
    abstraction: float | None = None,
    sample: Sample | None = None,
) -> Sample:
    """Staff entry of one sample (all its values: items left out are not measured).
    ``detection_limits`` names the items measured below their limit (the value then
    being half of it, as a file's ``0.01L``)."""
    limits = dict(detection_limits or {})
    errors = _value_errors(site, values, limits, abstraction)
    if not isinstance(sampled_on, date):
        errors["sampled_on"] = _("Give the sampling date.")
    elif not ingest.EARLIEST_YEAR <= sampled_on.year <= ingest.LATEST_YEAR:
        errors["sampled_on"] = _("The year must be between 2000 and 2100.")
    elif (
        Sample.objects.filter(site=site, sampled_on=sampled_on)
        .exclude(pk=sample.pk if sample else None)
        .exists()
    ):
        errors["sampled_on"] = _("This site already has a sample of %(day)s.") % {"day": sampled_on}
    if errors:
        raise ValidationError(errors)
    creating = sample is None
    target = sample if sample is not None else Sample(site=site)
    before = {} if creating else audit.snapshot(target)
    target.site, target.sampled_on = site, sampled_on
    target.values = {item: float(v) for item, v in values.items()}
    target.detection_limits = {item: float(v) for item, v in limits.items()}
    target.abstraction = abstraction
    target.batch = None
    _save_audited(actor, target, before if not creating else None)
    return target


def ingest_samples(*, actor: Any, content: bytes, filename: str) -> SampleBatch:
    """Check and store a CSV or XLSX file of samples (:mod:`lantian.water.ingest`).

    Idempotent: the same file again changes no sample (each counts as unchanged). A
    file's values are merged into a stored sample of the same site and day: a changed
    value replaces the stored one and the sample records this batch. Rows naming an
    unknown site, or an abstraction for a site that is no drinking-water source, are
    refused by row and column. Raises :class:`lantian.water.ingest.FileError` when the
    file as a whole is unreadable; nothing is written then.
    """
    parsed = ingest.read(content, filename)
    sites = {s.code: s for s in Site.objects.filter(code__in={r.site_code for r in parsed.rows})}
    groups: dict[tuple[int, date], list[ingest.Row]] = {}
    for row in parsed.rows:
        site = sites.get(row.site_code)
        if site is None:
            parsed.refuse(
                row.number, "site_code", _("unknown site code %(code)s") % {"code": row.site_code}
            )
        elif row.item == ingest.ABSTRACTION and not site.is_drinking:
            parsed.refuse(
                row.number,
                "item" if parsed.layout == "long" else ingest.ABSTRACTION,
                _("site %(code)s is no drinking-water source: it has no abstraction")
                % {"code": site.code},
            )
        else:
            groups.setdefault((site.pk, row.sampled_on), []).append(row)
    refused_rows = {r.number for r in parsed.rejected}
    with transaction.atomic():
        batch = SampleBatch.objects.create(
            filename=filename[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            raw=content,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        existing = {
            (s.site_id, s.sampled_on): s
            for s in Sample.objects.filter(
                site_id__in={key[0] for key in groups},
                sampled_on__in={key[1] for key in groups},
            )
        }
        new: list[Sample] = []
        changed: list[Sample] = []
        unchanged = 0
        for (site_id, day), rows in groups.items():
            rows = [r for r in rows if r.number not in refused_rows]
            if not rows:
                continue
            sample = existing.get((site_id, day))
            if sample is None:
                sample = Sample(site_id=site_id, sampled_on=day, month=day.replace(day=1))
                sample.batch = batch
                _merge(sample, rows)
                new.append(sample)
            elif _merge(sample, rows):
                sample.batch = batch
                changed.append(sample)
            else:
                unchanged += 1
        Sample.objects.bulk_create(new, batch_size=500)
        Sample.objects.bulk_update(
            changed, ["values", "detection_limits", "abstraction", "batch"], batch_size=500
        )
        rejected = sorted(parsed.rejected, key=lambda r: r.number)
        batch.created, batch.updated, batch.unchanged = len(new), len(changed), unchanged
        batch.rejected = len({r.number for r in rejected})
        batch.report = {
            "batch": batch.pk,
            "filename": batch.filename,
            "sha256": batch.sha256,
            "layout": parsed.layout,
            "rows": parsed.total,
            "samples": {"created": len(new), "updated": len(changed), "unchanged": unchanged},
            "rejected_rows": batch.rejected,
            "rejected": [r.as_json() for r in rejected],
        }
        batch.save()
        audit.record(
            actor=actor,
            instance=batch,
            action="wagtail.create",
            data={"created": len(new), "updated": len(changed), "rejected": batch.rejected},
        )
    return batch


def _merge(sample: Sample, rows: list[ingest.Row]) -> bool:
    """Put the rows' values into the sample; whether anything changed."""
    values = dict(sample.values or {})
    limits = dict(sample.detection_limits or {})
    abstraction = sample.abstraction
    for row in rows:
        if row.item == ingest.ABSTRACTION:
            abstraction = row.value
            continue
        values[row.item] = row.value
        if row.detection_limit is None:
            limits.pop(row.item, None)
        else:
            limits[row.item] = row.detection_limit
    changed = (values, limits, abstraction) != (
        sample.values,
        sample.detection_limits,
        sample.abstraction,
    )
    sample.values, sample.detection_limits, sample.abstraction = values, limits, abstraction
    return changed


# ------------------------------------------------------------- monthly report publication

REPORT_CATEGORY = "05.02"  # 环境质量 › 水环境质量 in the disclosure catalogue
REPORT_SENT = "lantian.water_report_sent"
REPORT_LEGAL_GROUND = (
    "《中华人民共和国政府信息公开条例》第二十条第（十三）项；"
    "《中华人民共和国水污染防治法》第二十五条"
)


def _reported_item(year: int, month: int) -> Any:
    """The disclosure item a month's report went out as before (found by the audit entry
    written on it, so an editor's change of its title does not make a second item)."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.filter(action=REPORT_SENT, data__year=year, data__month=month)
        .select_related("content_type")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None or entry.content_type is None:
        return None
    model = entry.content_type.model_class()
    return model._default_manager.filter(pk=entry.object_id).first() if model else None


@transaction.atomic
def publish_drinking_report(*, actor: Any, year: int, month: int, on: date | None = None) -> Any:
    """Send the month's drinking-water-source report to publication: a disclosure item in
    the catalogue's 水环境质量 (05.02) with the report's PDF attached, in the site's default
    language, into the review (a new draft of the same item when sent again). A month
    without samples goes out too, saying it was not evaluated. Refused (ValidationError):
    a month not yet begun, or no drinking-water source registered."""
    from django.conf import settings
    from django.utils import timezone, translation

    from lantian.disclosure import services as disclosure
    from lantian.water import documents

    on = on or timezone.localdate()
    if not (1 <= month <= 12) or date(year, month, 1) > on.replace(day=1):
        raise ValidationError({"month": _("A report can be published once its month has begun.")})
    with translation.override(settings.LANGUAGE_CODE):
        context = documents.report_context(year, month)
        if not context["has_sources"]:
            raise ValidationError({"month": _("No drinking-water source is registered.")})
        pdf = documents.render_pdf(context)
    title = context["official_title"]
    rates = context["month_rates"]
    if context["no_samples"]:
        summary = f"{year}年{month}月各集中式生活饮用水水源均未监测，本月不评价。"
    else:
        summary = f"{year}年{month}月水源达标率{rates.source_rate}，水量达标率{rates.volume_rate}。"
    failing = "、".join(r.name for r in context["exceeding_sources"])
    body = f"<p>{summary}</p>"
    if failing:
        body += f"<p>不达标水源：{failing}。超标项目及倍数见附件。</p>"
    body += "<p>各水源的评价项目、达标情况和超标项目见附件报告。</p>"
    item = disclosure.save_item_in_category(
        actor=actor,
        item=_reported_item(year, month),
        category_code=REPORT_CATEGORY,
        departments=("water", "monitoring"),
        title=title,
        title_en=f"Drinking-water sources: water quality report, {year}-{month:02d}",
        formed_on=on,
        summary=summary,
        body=body,
        legal_ground=REPORT_LEGAL_GROUND,
    )
    disclosure.add_attachment(
        actor=actor,
        item=item,
        filename=f"{context['filename_stem']}.pdf",
        content=pdf,
        title=title,
        replacing_title=title,
    )
    disclosure.send_to_review(actor=actor, item=item)
    audit.record(
        actor=actor,
        instance=item,
        action=REPORT_SENT,
        data={"year": year, "month": month, "no_samples": context["no_samples"]},
    )
    return item
