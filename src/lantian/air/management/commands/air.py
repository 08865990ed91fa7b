"""`lantian air ingest FILE…`: load hourly observations (CSV, XLSX, JSON).

Prints a JSON report per file (created, updated, unchanged, rejected rows with reasons)
and draws a progress bar on stderr while it works.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.air.ingest import FileError
from lantian.air.services import ingest_payload
from lantian.core.jobs import progress_bar


class Command(BaseCommand):
    help = "Air-quality data: `ingest FILE…` loads hourly observations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="load CSV, XLSX or JSON observation files")
        ingest.add_argument("files", nargs="+", type=Path)
        ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file", returncode=2)
            try:
                batch = ingest_payload(
                    actor=None,
                    content=path.read_bytes(),
                    filename=path.name,
                    progress=None if options["quiet"] else progress_bar,
                )
            except FileError as exc:
                raise CommandError(f"{path}: {exc}", returncode=2) from None
            report = {
                "file": str(path),
                "batch": batch.pk,
                "accepted": batch.accepted,
                "unchanged": batch.unchanged,
                **batch.report,
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False))
