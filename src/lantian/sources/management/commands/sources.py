"""`lantian sources ingest FILE…` loads self-monitoring files (CSV, XLSX);
`lantian sources exceedances --credit-code X --from D --to D --json` prints the events."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from lantian.core.jobs import progress_bar
from lantian.sources import selectors
from lantian.sources.ingest import FileError
from lantian.sources.services import ingest_payload
from lantian.sources.supervisory_services import import_results


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}", returncode=2) from None


class Command(BaseCommand):
    help = (
        "Pollution sources: `ingest FILE…` loads self-monitoring data; `supervisory FILE…` "
        "loads supervisory-monitoring results; `exceedances` lists the exceedance events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="load CSV or XLSX self-monitoring files")
        ingest.add_argument("files", nargs="+", type=Path)
        ingest.add_argument("--quiet", action="store_true", help="no progress bar")
        samples = sub.add_parser(
            "supervisory", help="load the monitoring station's supervisory-monitoring sheets"
        )
        samples.add_argument("files", nargs="+", type=Path)
        events = sub.add_parser("exceedances", help="exceedance events of an enterprise")
        events.add_argument("--credit-code", default="", help="the enterprise's credit code")
        events.add_argument("--from", dest="start", default=None, help="first day, YYYY-MM-DD")
        events.add_argument("--to", dest="end", default=None, help="last day, YYYY-MM-DD")
        events.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ingest":
            self._ingest(options)
        elif options["action"] == "supervisory":
            self._supervisory(options)
        else:
            self._exceedances(options)

    def _ingest(self, options: dict[str, Any]) -> None:
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
            report = {"file": str(path), "batch": batch.pk, "accepted": batch.accepted}
            self.stdout.write(json.dumps({**report, **batch.report}, ensure_ascii=False))

    def _supervisory(self, options: dict[str, Any]) -> None:
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file", returncode=2)
            try:
                batch = import_results(actor=None, content=path.read_bytes(), filename=path.name)
            except FileError as exc:
                raise CommandError(f"{path}: {exc}", returncode=2) from None
            report = {"file": str(path), "batch": batch.pk, "accepted": batch.accepted}
            self.stdout.write(json.dumps({**report, **batch.report}, ensure_ascii=False))

    def _exceedances(self, options: dict[str, Any]) -> None:
        start = _day(options["start"]) if options["start"] else None
        end = _day(options["end"]) if options["end"] else None
        if start and end and end < start:
            raise CommandError("--to is before --from", returncode=2)
        events = selectors.exceedances(
            credit_code=options["credit_code"], start=start, end=end, public=False
        ).order_by("start", "outlet__code", "pollutant")
        rows = [
            {
                "outlet": e.outlet.code,
                "pollutant": e.pollutant,
                "start": localtime(e.start).isoformat(),
                "end": localtime(e.end).isoformat(),
                "max": e.maximum,
                "mean": e.mean,
                "multiple": e.multiple,
            }
            for e in events
        ]
        self.stdout.write(json.dumps(rows, ensure_ascii=False))
