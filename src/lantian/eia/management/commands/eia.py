"""`lantian eia import FILE…` imports the national EIA approval platform's XLSX exports of
projects and decisions (:mod:`lantian.eia.imports` lists the columns)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.eia.import_services import import_projects
from lantian.eia.imports import FileError


class Command(BaseCommand):
    help = (
        "EIA projects: `import FILE…` loads the national EIA approval platform's XLSX "
        "exports (created, updated, unchanged and refused rows with their reasons)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="load XLSX exports of projects and decisions")
        load.add_argument("files", nargs="+", type=Path)
        load.add_argument("--json", action="store_true", help="one JSON report a file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        unreadable = []
        for path in options["files"]:
            try:
                content = path.read_bytes()
            except OSError as exc:
                unreadable.append(f"{path}: {exc.strerror or exc}")
                self.stderr.write(unreadable[-1])
                continue
            try:
                done = import_projects(actor=None, content=content, filename=path.name)
            except FileError as exc:
                unreadable.append(f"{path}: {exc}")
                self.stderr.write(unreadable[-1])
                continue
            refused = done.report.get("rejected") or []
            if options["json"]:
                report = {
                    "file": str(path),
                    "import": done.pk,
                    "created": done.created,
                    "updated": done.updated,
                    "unchanged": done.unchanged,
                    "rejected": refused,
                }
                self.stdout.write(json.dumps(report, ensure_ascii=False))
                continue
            self.stdout.write(
                f"{path}: {done.created} created, {done.updated} updated, "
                f"{done.unchanged} unchanged, {done.rejected} refused (import {done.pk})"
            )
            for row in refused:
                self.stdout.write(f"  row {row['row']}: " + "; ".join(row["reasons"]))
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} of {len(options['files'])} file(s) could not be imported",
                returncode=2,
            )
