"""The import of the national EIA approval platform's XLSX export
(:mod:`lantian.eia.imports` reads and checks it): each good row creates its project or
updates it, found by the national investment project code, and records its decision,
through the app's services (which validate and audit every change). A project
registered by hand is found only once its investment project code is recorded; the
code is compared as the import writes it (upper case, ASCII dashes).

Idempotent: a row whose values are all stored already is counted unchanged and written
not at all (no audit entry); the same file twice changes nothing. A row the services
refuse is reported with its row number and reasons, each naming its column, and the
rows accepted before and after it are kept (a savepoint per row). The file is kept as
received with the report of its rows (:class:`~lantian.eia.models.ProjectImport`), also
when every row is refused; a file that cannot be read at all raises
:class:`lantian.eia.imports.FileError` and stores nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lantian.air import selectors as air
from lantian.core import audit, uploads
from lantian.eia import imports, services
from lantian.eia.models import Project, ProjectImport, validate_builder_code

IMPORT_EXTENSIONS = ("xlsx",)
IMPORT_MAX_BYTES = 10 * 1024 * 1024

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a builder's credit code (GB 32100-2015), or None."""
    try:
        validate_builder_code(code)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _stored(project: Project, name: str) -> Any:
    return project.district_id if name == "district" else getattr(project, name)


def _reasons(error: ValidationError, columns: dict[str, str]) -> list[str]:
    """A service's refusal as reasons naming the file's columns."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    reasons = []
    for name, messages in error.message_dict.items():
        known = imports.COLUMNS.get(name)
        for message in messages:
            if name == NON_FIELD_ERRORS or known is None:
                reasons.append(message)
            else:
                column = columns.get(name) or known[0]
                reasons.append(
                    _("%(column)s: %(problem)s") % {"column": column, "problem": message}
                )
    return reasons


def _write(
    actor: Any, row: imports.ProjectRow, project: Project | None, districts: dict[int, Any]
) -> tuple[str, Project]:
    values = dict(row.values)
    if "district" in values:
        values["district"] = districts[values["district"]]
    outcome = UNCHANGED
    if project is None:
        project, outcome = services.save_project(actor=actor, **values), CREATED
    else:
        changed = {
            name: value
            for name, value in values.items()
            if _stored(project, name) != (value.pk if name == "district" else value)
        }
        if changed:
            project, outcome = (
                services.save_project(actor=actor, project=project, **changed),
                UPDATED,
            )
    decision = row.decision
    if decision is not None:
        # an empty cell leaves the stored document number or conditions alone
        wanted = (
            decision.decision,
            decision.decided_on,
            decision.decision_number or project.decision_number,
            decision.conditions or project.conditions,
        )
        stored = (project.decision, project.decided_on, project.decision_number, project.conditions)
        if wanted != stored:
            project = services.record_decision(
                actor=actor,
                project=project,
                decision=wanted[0],
                decided_on=wanted[1],
                decision_number=wanted[2],
                conditions=wanted[3],
            )
            outcome = CREATED if outcome == CREATED else UPDATED
    return outcome, project


@transaction.atomic
def import_projects(*, actor: Any, content: bytes, filename: str) -> ProjectImport:
    """Import the platform's XLSX export (checked by its content); the import with its
    report. Raises :class:`lantian.eia.imports.FileError` for a file that is not an XLSX
    workbook, has no header row or lacks a required column (nothing is stored then)."""
    try:
        uploads.check_file(filename, content, accept=IMPORT_EXTENSIONS, max_bytes=IMPORT_MAX_BYTES)
    except ValidationError as error:
        raise imports.FileError(" ".join(error.messages)) from None
    records = {d.pk: d for d in air.district_records()}
    parsed = imports.parse(
        content,
        districts=imports.district_table({pk: (d.name, d.name_en) for pk, d in records.items()}),
        credit_code_problem=credit_code_problem,
    )
    sha256 = hashlib.sha256(content).hexdigest()
    same_as = (
        ProjectImport.objects.filter(sha256=sha256).order_by("-pk").values_list("pk", flat=True)
    ).first()
    record = ProjectImport.objects.create(
        filename=filename[:255],
        sha256=sha256,
        raw=content,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    codes = [row.project_code for row in parsed.rows]  # upper case, as stored
    existing = {p.project_code: p for p in Project.objects.filter(project_code__in=codes)}
    refused = [{"row": r.row, "reasons": r.reasons, "raw": r.raw} for r in parsed.refused]
    done: list[dict[str, Any]] = []
    for row in parsed.rows:
        try:
            with transaction.atomic():
                outcome, project = _write(actor, row, existing.get(row.project_code), records)
        except ValidationError as error:
            refused.append(
                {"row": row.row, "reasons": _reasons(error, parsed.columns), "raw": row.raw}
            )
            continue
        except IntegrityError:  # another import stored the code meanwhile
            column = parsed.columns.get("project_code") or imports.COLUMNS["project_code"][0]
            reason = _("%(column)s: %(problem)s") % {
                "column": column,
                "problem": _("“%(code)s” was stored by another project meanwhile; import again")
                % {"code": row.project_code},
            }
            refused.append({"row": row.row, "reasons": [reason], "raw": row.raw})
            continue
        existing[row.project_code] = project
        done.append(
            {"row": row.row, "code": row.project_code, "project": project.pk, "outcome": outcome}
        )
    refused.sort(key=lambda r: r["row"])
    counts = {
        outcome: sum(1 for d in done if d["outcome"] == outcome)
        for outcome in (CREATED, UPDATED, UNCHANGED)
    }
    record.report = {
        "header_row": parsed.header_row,
        "columns": parsed.columns,
        "ignored": parsed.ignored,
        "same_as": same_as,
        "rows": done,
        "rejected": refused,
    }
    record.created, record.updated = counts[CREATED], counts[UPDATED]
    record.unchanged, record.rejected = counts[UNCHANGED], len(refused)
    record.save()
    audit.record(
        actor=actor,
        instance=record,
        action="wagtail.create",
        data={"filename": record.filename, "sha256": sha256, **counts, "rejected": len(refused)},
    )
    return record
