"""Writes of the bureau's own publications on pollution sources: supervisory-monitoring
results and their quarterly report, and the year's key-unit lists, each sent to
publication as a disclosure item (the review before release is the disclosure app's)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from lantian.core import audit, spreadsheets
from lantian.disclosure import services as disclosure
from lantian.sources import selectors, supervisory
from lantian.sources.models import (
    KeyUnitList,
    KeyUnitListing,
    MonitoringBatch,
    Outlet,
    OutletPollutant,
    SupervisoryReport,
    SupervisorySample,
)
from lantian.sources.services import pollutant_units

KEY_UNIT_CATEGORY = "08.01"  # 重点排污单位名录
SUPERVISORY_CATEGORY = "08.05"  # 污染源监督性监测
SENT_TO_PUBLICATION = "lantian.sources_sent_to_publication"
LEGAL_GROUND = "《中华人民共和国政府信息公开条例》第二十条第（十三）项"


def _judge(outlet: Outlet, sample: supervisory.Sample, permit_limit: float | None) -> dict:
    limit = selectors.limit_for(
        outlet, sample.pollutant, sample.sampled_on, permit_limit=permit_limit
    )
    corrected = selectors.corrected_value(sample.value, sample.o2, limit)
    compliant = None
    if limit is not None and corrected is not None:
        over = limit.limit is not None and corrected > limit.limit
        under = limit.low is not None and corrected < limit.low
        compliant = not (over or under)
    return {
        "corrected": None if corrected is None else round(corrected, 3),
        "limit": limit.limit if limit else None,
        "limit_low": limit.low if limit else None,
        "limit_source": limit.source if limit else "",
        "compliant": compliant,
    }


@transaction.atomic
def import_results(*, actor: Any, content: bytes, filename: str) -> MonitoringBatch:
    """Load the station's sheet of supervisory-monitoring results: each judged against the
    limit in force on its sampling day (corrected to reference O2); refused rows with
    reasons; the same sheet again changes nothing. Raises ``ingest.FileError`` for a file
    that cannot be read at all."""
    parsed = supervisory.read(content, pollutant_units())
    codes = {s.credit_code for s in parsed.samples}
    outlets = {
        (o.enterprise.credit_code, o.code): o
        for o in Outlet.objects.filter(enterprise__credit_code__in=codes).select_related(
            "enterprise"
        )
    }
    monitored = {
        (op.outlet_id, op.pollutant): op.permit_limit
        for op in OutletPollutant.objects.filter(outlet__in=list(outlets.values()))
    }
    batch = MonitoringBatch.objects.create(
        source=MonitoringBatch.Source.STAFF,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        raw=content,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    rejected = [{"row": r.number, "reasons": r.reasons, "raw": r.raw} for r in parsed.rejected]
    created = updated = unchanged = 0
    for sample in parsed.samples:
        outlet = outlets.get((sample.credit_code, sample.outlet_code))
        if outlet is None or (outlet.pk, sample.pollutant) not in monitored:
            reason = (
                f"outlet_code: {sample.credit_code} has no outlet {sample.outlet_code!r}"
                if outlet is None
                else f"pollutant: outlet {outlet.code} does not monitor {sample.pollutant}"
            )
            rejected.append({"row": sample.number, "reasons": [reason], "raw": {}})
            continue
        values = {
            "sampled_on": sample.sampled_on,
            "value": sample.value,
            "o2": sample.o2,
            "monitored_by": sample.monitored_by,
            **_judge(outlet, sample, monitored[(outlet.pk, sample.pollutant)]),
        }
        stored = SupervisorySample.objects.filter(
            outlet=outlet, pollutant=sample.pollutant, sample_no=sample.sample_no
        ).first()
        if stored is None:
            SupervisorySample.objects.create(
                outlet=outlet, pollutant=sample.pollutant, sample_no=sample.sample_no,
                batch=batch, **values,
            )  # fmt: skip
            created += 1
        elif any(getattr(stored, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(stored, name, value)
            stored.batch = batch
            stored.save()
            updated += 1
        else:
            unchanged += 1
    rejected.sort(key=lambda r: r["row"])
    batch.accepted, batch.unchanged, batch.rejected = created + updated, unchanged, len(rejected)
    batch.report = {"created": created, "updated": updated, "unchanged": unchanged,
                    "rejected": rejected}  # fmt: skip
    batch.save()
    audit.record(
        actor=actor,
        instance=batch,
        action="wagtail.create",
        data={"created": created, "updated": updated, "rejected": len(rejected)},
    )
    return batch


def supervisory_xlsx(year: int, quarter: int) -> bytes:
    """The quarter's results as the report's attachment, in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        report = selectors.supervisory_quarter(year, quarter)
        header = ["企业名称", "统一社会信用代码", "排放口", "污染物", "采样日期", "样品编号",
                  "监测值", "折算值", "限值", "限值依据", "是否达标", "监测单位"]  # fmt: skip
        rows = [
            [
                s.outlet.enterprise.name,
                s.outlet.enterprise.credit_code,
                s.outlet.code,
                selectors.pollutant_label(s.pollutant),
                s.sampled_on,
                s.sample_no,
                s.value,
                s.corrected,
                s.limit,
                s.limit_source,
                "—" if s.compliant is None else ("达标" if s.compliant else "超标"),
                s.monitored_by,
            ]
            for s in report.samples
        ]
        return spreadsheets.to_xlsx([(f"{year}年第{quarter}季度", header, rows)])


@transaction.atomic
def publish_supervisory_report(
    *, actor: Any, year: int, quarter: int, on: date | None = None
) -> SupervisoryReport:
    """Send the quarter's supervisory-monitoring report to publication (a new draft of
    the same item when sent again)."""
    on = on or timezone.localdate()
    report = selectors.supervisory_quarter(year, quarter)
    if not report.samples:
        raise ValueError(f"no supervisory-monitoring result in {year}Q{quarter}")
    record, _created = SupervisoryReport.objects.select_for_update().get_or_create(
        year=year, quarter=quarter
    )
    page = reverse("sources:supervisory", args=[year, quarter])
    body = (
        f"<p>{year}年第{quarter}季度，本局对{len(report.enterprises)}家重点排污单位开展监督性监测，"
        f"共监测{report.total}项次，达标{report.compliant}项次，超标{report.exceeding}项次，"
        f"达标率{report.rate_text}。各企业监测结果见附件，也可在本网站"
        f'<a href="{page}">污染源监督性监测</a>页面查询。</p>'
    )
    item = disclosure.save_item_in_category(
        actor=actor,
        item=record.item,
        category_code=SUPERVISORY_CATEGORY,
        departments=("monitoring",),
        title=f"{year}年第{quarter}季度重点排污单位监督性监测结果",
        title_en=f"Supervisory monitoring of key discharging units, {year} Q{quarter}",
        formed_on=on,
        summary=f"监测{report.total}项次，达标率{report.rate_text}。",
        body=body,
        legal_ground=LEGAL_GROUND,
    )
    disclosure.add_attachment(
        actor=actor,
        item=item,
        filename=f"supervisory-{year}q{quarter}.xlsx",
        content=supervisory_xlsx(year, quarter),
        title=f"{year}年第{quarter}季度监督性监测结果表",
        replacing_title=f"{year}年第{quarter}季度监督性监测结果表",
    )
    disclosure.send_to_review(actor=actor, item=item)
    record.item, record.sent_on = item, record.sent_on or on  # the first sending counts
    record.save()
    audit.record(
        actor=actor,
        instance=record,
        action=SENT_TO_PUBLICATION,
        data={"item": item.pk, "samples": report.total},
    )
    return record


def key_unit_xlsx(year: int) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        listings = (
            KeyUnitListing.objects.filter(year=year)
            .select_related("enterprise__district")
            .order_by("medium", "level", "enterprise__name")
        )
        header = ["类别", "级别", "企业名称", "统一社会信用代码", "所在区县", "地址", "行业"]
        rows = [
            [
                x.get_medium_display(),
                x.get_level_display(),
                x.enterprise.name,
                x.enterprise.credit_code,
                x.enterprise.district.name if x.enterprise.district_id else "",
                x.enterprise.address,
                x.enterprise.industry_name,
            ]
            for x in listings
        ]
        return spreadsheets.to_xlsx([(f"{year}年重点排污单位名录", header, rows)])


@transaction.atomic
def publish_key_unit_list(*, actor: Any, year: int, on: date | None = None) -> KeyUnitList:
    """Send the year's key-unit lists to publication (due by 31 March)."""
    on = on or timezone.localdate()
    counts = selectors.key_unit_counts(year)
    if not counts:
        raise ValueError(f"no enterprise is on a {year} key-unit list")
    record, _created = KeyUnitList.objects.select_for_update().get_or_create(year=year)
    parts = "、".join(f"{label}{n}家" for label, n in counts)
    item = disclosure.save_item_in_category(
        actor=actor,
        item=record.item,
        category_code=KEY_UNIT_CATEGORY,
        departments=("enforcement",),
        title=f"{year}年示范市重点排污单位名录",
        title_en=f"Key pollutant-discharging units, {year}",
        formed_on=on,
        summary=f"{year}年重点排污单位：{parts}。",
        body=f"<p>根据《环境监管重点单位名录管理办法》，现公布{year}年本市重点排污单位名录：{parts}。"
        "名录见附件。</p>",
        legal_ground=LEGAL_GROUND + "；《企业环境信息依法披露管理办法》第九条、第十条",
    )
    disclosure.add_attachment(
        actor=actor,
        item=item,
        filename=f"key-units-{year}.xlsx",
        content=key_unit_xlsx(year),
        title=f"{year}年重点排污单位名录",
        replacing_title=f"{year}年重点排污单位名录",
    )
    disclosure.send_to_review(actor=actor, item=item)
    record.item, record.sent_on = item, record.sent_on or on  # the first sending counts
    record.save()
    audit.record(actor=actor, instance=record, action=SENT_TO_PUBLICATION, data={"item": item.pk})
    return record


@transaction.atomic
def link_key_unit_list(*, actor: Any, year: int, item: Any, sent_on: date) -> KeyUnitList:
    """Record that the year's key-unit list went out as an existing disclosure item (one
    published by hand in the catalogue's 08.01 before this app did it), so that its 31
    March deadline is judged on that item."""
    if item.category.code != KEY_UNIT_CATEGORY:
        raise ValueError(f"the key-unit list is published in {KEY_UNIT_CATEGORY}")
    record, _created = KeyUnitList.objects.select_for_update().get_or_create(year=year)
    record.item, record.sent_on = item, record.sent_on or sent_on
    record.save()
    audit.record(actor=actor, instance=record, action=SENT_TO_PUBLICATION, data={"item": item.pk})
    return record
