"""Writes of inspection-team batches: importing a team's referral sheet, and sending the
batch's results to publication.

Import (:func:`import_batch`): the sheet is checked by its content, read by
:mod:`lantian.complaints.batches`, and each good row becomes a case of the inspection
channel (:func:`lantian.complaints.services.register_complaint`), accepted on the day the
batch was referred with the team's deadline as its handling deadline
(:func:`lantian.complaints.services.accept`). Bad rows are refused with their row,
column and reason; the others are imported. Imports are idempotent: the same file again
changes nothing, a re-sent batch (same 批次号) adds only the case numbers it does not
have yet. The file is kept in private storage (``InspectionBatch.source``, the latest file
that added cases; earlier ones stay in storage, named in ``raw_rows`` and the audit log),
and every data row as read is kept in ``InspectionBatch.raw_rows``::

    [{"sha256": "<file>", "file": "<stored name>", "filename": "<as uploaded>",
      "row": 6, "cells": {"受理编号": "…", …}, "status": "imported" | "refused" | "already",
      "case_no": "<our case number>", "reasons": ["…"]}, …]

Publication (:func:`publish_batch_results`): the finished cases (findings recorded) as a
disclosure item in the catalogue's 信访投诉办理 category, with the table as an XLSX
attachment; the item goes through the disclosure review like any publication, and the
public results page shows the batch once the item is live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lantian.air import selectors as air_selectors
from lantian.complaints import batch_access, batch_selectors, batches, services
from lantian.complaints.models import Category, Complaint, InspectionBatch
from lantian.complaints.rules import Channel
from lantian.core import audit, spreadsheets, uploads
from lantian.core.privatefiles import private_storage, random_name
from lantian.disclosure import services as disclosure

# Audit actions (labels registered in complaints/admin/batches.py).
BATCH_IMPORTED = "lantian.complaint_batch_imported"
RESULTS_PUBLISHED = "lantian.complaint_batch_results"

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TITLE_CHARS = 60
# The catalogue's category for handled complaints (环办厅函〔2019〕672号: 监督执法 →
# 信访投诉办理); a deployment may name another.
RESULTS_CATEGORY = "08.03"
RESULTS_LEGAL_GROUND = "《中华人民共和国政府信息公开条例》第二十条"


def results_category_code() -> str:
    return str(getattr(settings, "COMPLAINTS_BATCH_RESULTS_CATEGORY", RESULTS_CATEGORY))


@dataclass
class ImportResult:
    """What an import did: the batch (None only when the file was refused as a whole),
    the cases it created, the team case numbers it already had, and the refused rows."""

    batch: InspectionBatch | None
    created_batch: bool = False
    unchanged: bool = False  # the same file was imported before: nothing written
    imported: list[Complaint] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[batches.RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def refused_rows(self) -> dict[int, list[batches.RowError]]:
        rows: dict[int, list[batches.RowError]] = {}
        for error in self.refused:
            rows.setdefault(error.row, []).append(error)
        return rows


@dataclass(frozen=True)
class _RefusedByService(batches.RowError):
    """A row the sheet allowed but the case registration refused (its message kept)."""

    text: str = ""

    @property
    def message(self) -> str:
        return f"{self.column}: {self.text}" if self.column else self.text


def lookups() -> tuple[dict[str, int], dict[str, int]]:
    """The district and category look-up tables :func:`batches.parse` takes."""
    districts = batches.lookup_table(
        (d.pk, [d.name, d.name_en]) for d in air_selectors.district_records()
    )
    categories = batches.lookup_table(
        (c.pk, [c.name, c.code, c.name_en]) for c in Category.objects.filter(is_active=True)
    )
    return districts, categories


def parse_upload(filename: str, content: bytes) -> tuple[uploads.CheckedFile, batches.ParsedBatch]:
    """Check the file by its content and read it; ValidationError naming the file when
    it is refused as a whole."""
    checked = uploads.check_file(filename, content, accept=["xlsx"], max_bytes=MAX_UPLOAD_BYTES)
    districts, categories = lookups()
    try:
        parsed = batches.parse(content, districts=districts, categories=categories)
    except batches.FileError as error:
        raise ValidationError(
            _("“%(name)s” was not imported: %(reason)s") % {"name": filename, "reason": error},
            code="file",
        ) from None
    return checked, parsed


def _known_files(batch: InspectionBatch) -> set[str]:
    known = {row.get("sha256") for row in batch.raw_rows if isinstance(row, dict)}
    known.add(batch.source_sha256)
    return {sha for sha in known if sha}


def _submitted_at(day: date) -> datetime:
    # the team's referral reached the bureau on the batch's date
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


# the case's fields → the sheet's columns, to name the column of a refusal
FIELD_COLUMNS = {
    "team_case_no": "case_no",
    "district": "district",
    "category": "category",
    "title": "description",
    "description": "description",
    "team_due_on": "due_on",
    "received_on": "due_on",
    "address": "address",
}


def _row_error(
    row: batches.BatchRow, error: ValidationError, columns: dict[str, str]
) -> batches.RowError:
    if hasattr(error, "error_dict"):
        field_name, messages = next(iter(error.message_dict.items()))
        text = " ".join(messages)
    else:
        field_name, text = "", " ".join(error.messages)
    column = FIELD_COLUMNS.get(field_name, "")
    header = columns.get(column) or batches.COLUMN_NAMES.get(column, "")
    return _RefusedByService(row.row, header, "case", text)


def _lock_or_create_batch(header: batches.BatchHeader, actor: Any) -> tuple[InspectionBatch, bool]:
    """The batch of this number, locked, or a new one. Two first imports of one batch at
    once: the second's insert fails on the unique number once the first commits, and it
    goes on with the batch the first created (its rows then count as already there)."""
    batch = InspectionBatch.objects.select_for_update().filter(batch_no=header.batch_no).first()
    if batch is not None:
        return batch, False
    try:
        with transaction.atomic():
            batch = InspectionBatch.objects.create(
                batch_no=header.batch_no,
                team=header.team,
                received_on=header.received_on,
                due_on=header.due_on,
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        return InspectionBatch.objects.select_for_update().get(batch_no=header.batch_no), False
    return batch, True


def import_batch(*, actor: Any, filename: str, content: bytes) -> ImportResult:
    """Import a team's referral sheet (see the module's docstring). Raises
    ValidationError when the file is refused as a whole, PermissionDenied when ``actor``
    may not import batches (``actor=None``: a system loader, e.g. the demo)."""
    if actor is not None and not batch_access.can_import(actor):
        raise PermissionDenied(_("You may not import inspection batches."))
    checked, parsed = parse_upload(filename, content)
    header = parsed.header
    with transaction.atomic():
        batch, created = _lock_or_create_batch(header, actor)
        result = ImportResult(batch=batch, refused=list(parsed.errors))
        if not created and checked.sha256 in _known_files(batch):
            result.unchanged = True
            result.already = [row.case_no for row in parsed.rows]
            return result
        if not created and (batch.received_on, batch.due_on) != (
            header.received_on,
            header.due_on,
        ):
            result.notes.append(
                _(
                    "The sheet gives other dates than the batch imported first "
                    "(%(received)s, due %(due)s); the first dates are kept."
                )
                % {"received": batch.received_on.isoformat(), "due": batch.due_on.isoformat()}
            )
        result.batch, result.created_batch = batch, created
        have = {batches.lookup_key(no) for no in batch.cases.values_list("team_case_no", flat=True)}
        statuses: dict[int, tuple[str, str]] = {}
        districts = {d.pk: d for d in air_selectors.district_records()}
        categories = {c.pk: c for c in Category.objects.all()}
        for row in parsed.rows:
            if batches.lookup_key(row.case_no) in have:
                result.already.append(row.case_no)
                statuses[row.row] = ("already", "")
                continue
            try:
                with transaction.atomic():
                    complaint = _register(
                        actor, batch, row, districts[row.district_id], categories[row.category_id]
                    )
            except ValidationError as error:
                result.refused.append(_row_error(row, error, parsed.columns))
                continue
            have.add(batches.lookup_key(row.case_no))
            result.imported.append(complaint)
            statuses[row.row] = ("imported", complaint.case_no)
        if not created and not result.imported:
            # nothing new in a re-sent sheet: nothing written
            result.unchanged = True
            return result
        _keep_file(batch, filename, content, checked, parsed, result, statuses)
        audit.record(
            actor=actor,
            instance=batch,
            action=BATCH_IMPORTED,
            data={
                "filename": filename,
                "file": batch.source.name,
                "sha256": checked.sha256,
                "created_batch": created,
                "imported": [c.team_case_no for c in result.imported],
                "already": len(result.already),
                "refused_rows": sorted(result.refused_rows),
            },
        )
    return result


def _register(
    actor: Any, batch: InspectionBatch, row: batches.BatchRow, district: Any, category: Category
) -> Complaint:
    complaint, _code = services.register_complaint(
        actor=actor,
        channel=Channel.INSPECTION,
        category=category,
        title=Truncator(" ".join(row.description.split())).chars(TITLE_CHARS),
        description=row.description,
        district=district,
        address=row.address,
        anonymous=True,  # the team holds the complainant's data, not the bureau
        submitted_at=_submitted_at(batch.received_on),
        received_on=batch.received_on,
        batch=batch,
        team_case_no=row.case_no,
        team_due_on=row.due_on,
    )
    # a referral is not the bureau's to refuse: accepted on the day it was referred, so
    # that its handling clock runs to the team's deadline
    return services.accept(actor=actor, complaint=complaint, on=batch.received_on)


def _keep_file(
    batch: InspectionBatch,
    filename: str,
    content: bytes,
    checked: uploads.CheckedFile,
    parsed: batches.ParsedBatch,
    result: ImportResult,
    statuses: dict[int, tuple[str, str]],
) -> None:
    stored = private_storage().save(
        random_name("complaints/batches", filename), ContentFile(content)
    )
    reasons = {
        number: [error.message for error in errors]
        for number, errors in result.refused_rows.items()
    }
    for raw in parsed.raw_rows:
        status, case_no = statuses.get(raw["row"], ("refused", ""))
        batch.raw_rows.append(
            {
                "sha256": checked.sha256,
                "file": stored,
                "filename": filename,
                "row": raw["row"],
                "cells": raw["cells"],
                "status": status,
                "case_no": case_no,
                "reasons": reasons.get(raw["row"], []),
            }
        )
    batch.source.name = stored
    batch.source_sha256 = checked.sha256
    batch.save(update_fields=["source", "source_sha256", "raw_rows"])


# ---- publication


def results_xlsx(batch: InspectionBatch) -> bytes:
    """The batch's results table as bureaus publish it (no personal data, text masked),
    in the site's default language (是否属实 is a label), whoever sends it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _results_xlsx(batch)


def _results_xlsx(batch: InspectionBatch) -> bytes:
    header = [
        "受理编号",
        "行政区",
        "举报问题",
        "调查核实情况",
        "是否属实",
        "处理和整改情况",
        "行政处罚",
        "责任追究",
    ]
    rows = [
        [
            r.team_case_no,
            r.district,
            r.question,
            r.findings,
            r.substantiated,
            r.measures,
            r.penalties,
            r.accountability,
        ]
        for r in batch_selectors.result_rows(batch)
    ]
    return spreadsheets.to_xlsx([(batch.batch_no, header, rows)])


def _body(batch: InspectionBatch, finished: int, total: int, page: str) -> tuple[str, str]:
    team, no = escape(batch.team), escape(batch.batch_no)
    body = (
        f"<p>{team}于{batch.received_on:%Y年%m月%d日}交办群众信访举报件（批次号：{no}）共{total}件，"
        f"要求于{batch.due_on:%Y年%m月%d日}前办结。截至目前已办结并公开{finished}件，"
        f"办理情况见附件。</p><p>各案件的调查核实、处理整改和责任追究情况也可在本网站"
        f'<a href="{page}">督察交办件办理情况</a>页面查阅。</p>'
    )
    body_en = (
        f"<p>{team} referred batch {no} of public complaints ({total} cases) on "
        f"{batch.received_on:%Y-%m-%d}, to be handled by {batch.due_on:%Y-%m-%d}. "
        f"The results of {finished} handled cases are in the attached table.</p>"
        f"<p>Each case's findings, measures and accountability are also on the "
        f'<a href="{page}">inspection referrals page</a>.</p>'
    )
    return body, body_en


def publish_batch_results(*, actor: Any, batch: InspectionBatch, on: date | None = None) -> Any:
    """Send the batch's results to publication: a disclosure item (created the first
    time, a new draft after) in the results category with the table as an XLSX
    attachment, submitted to the disclosure review unless already in it. Returns the
    item. Refused (ValidationError) while no case has findings recorded."""
    if actor is not None and not batch_access.can_publish(actor):
        raise PermissionDenied(_("You may not publish the results of inspection batches."))
    on = on or timezone.localdate()
    with transaction.atomic():
        batch = InspectionBatch.objects.select_for_update().get(pk=batch.pk)
        finished = batch_selectors.finished_cases(batch).count()
        if not finished:
            raise ValidationError(
                _("No case of batch %(batch)s has its findings recorded yet.")
                % {"batch": batch.batch_no},
                code="nothing",
            )
        total = batch.cases.exclude(state__in=batch_selectors.NOT_COUNTED).count()
        page = reverse("complaints:batch_results", args=[batch.batch_no])
        body, body_en = _body(batch, finished, total, page)
        fields = {
            "title": f"{batch.team}交办信访件办理情况（批次号：{batch.batch_no}）",
            "title_en": f"Results of inspection referral batch {batch.batch_no}",
            "formed_on": on,
            "summary": f"批次号{batch.batch_no}：交办信访件{total}件，已办结公开{finished}件。",
            "body": body,
            "body_en": body_en,
            "legal_ground": RESULTS_LEGAL_GROUND,
        }
        item = disclosure.save_item_in_category(
            actor=actor, item=batch.results_item, category_code=results_category_code(), **fields
        )
        disclosure.add_attachment(
            actor=actor,
            item=item,
            filename=f"inspection-batch-{batch.batch_no}-{on:%Y%m%d}.xlsx",
            content=results_xlsx(batch),
            title=f"交办信访件办理情况表（批次号{batch.batch_no}，{on:%Y-%m-%d}）",
            # a re-publication's table replaces the earlier one in the new draft
            replacing_title=f"交办信访件办理情况表（批次号{batch.batch_no}，",
        )
        # the office sends it; the review (保密审查, approval) is the disclosure app's
        disclosure.send_to_review(actor=actor, item=item)
        before = batch.results_published_on
        batch.results_item, batch.results_published_on = item, on
        batch.save(update_fields=["results_item", "results_published_on"])
        audit.record(
            actor=actor,
            instance=batch,
            action=RESULTS_PUBLISHED,
            changes={"results_published_on": [before and before.isoformat(), on.isoformat()]},
            data={"item": item.pk, "index_no": item.index_no, "finished": finished},
        )
    return item
