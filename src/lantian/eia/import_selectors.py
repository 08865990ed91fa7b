"""Reads of the XLSX imports of projects and decisions (:mod:`lantian.eia.import_services`)
for the back office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lantian.eia.models import ProjectImport


def project_imports() -> QuerySet[ProjectImport]:
    """Every import, newest first, without its file."""
    return (
        ProjectImport.objects.defer("raw")
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")
    )


def project_import(pk: int) -> ProjectImport | None:
    return project_imports().filter(pk=pk).first()


def import_file(pk: int) -> tuple[str, bytes] | None:
    """The file of an import as received: its name and bytes."""
    found = ProjectImport.objects.filter(pk=pk).values_list("filename", "raw").first()
    return (found[0], bytes(found[1])) if found else None


def report_rows(found: ProjectImport) -> dict[str, Any]:
    """The report of an import for its page: the refused rows with their reasons and the
    rows written, each with its outcome."""
    report = found.report or {}
    return {
        "refused": [
            {"row": r.get("row"), "reasons": r.get("reasons") or [], "raw": r.get("raw") or {}}
            for r in report.get("rejected") or []
        ],
        "rows": [r for r in report.get("rows") or [] if r.get("outcome") != "unchanged"],
        "header_row": report.get("header_row"),
        "ignored": report.get("ignored") or [],
        "same_as": report.get("same_as"),
    }
