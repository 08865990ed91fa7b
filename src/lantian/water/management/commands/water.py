"""`lantian water classify [FILE]`: the GB 3838-2002 class of one sample, as JSON;
`lantian water ingest FILE…`: import sample files (CSV, XLSX), printing a JSON report;
`lantian water drinking --year Y [--month M]`: the drinking-water sources' compliance and
水源达标率 / 水量达标率 of a month or a year, as JSON;
`lantian water report --year Y --month M [--output DIR] [--publish]`: the monthly
drinking-water-source report, summarised as JSON, its PDF and DOCX written to DIR, and
with ``--publish`` sent to the disclosure review as an item of 水环境质量.

The sample is a JSON object of item → value (mg/L; faecal coliform per litre; pH
dimensionless; water temperature in ℃) with ``"water_body": "river" | "lake"`` and an
optional ``"target"`` class (``"I"``…``"V"``, Class III when absent), read from FILE or,
without FILE or with ``-``, from stdin, e.g.

echo '{"water_body": "river", "do": 4.2, "cod": 30, "ph": 7.1}' | lantian water classify

prints ``{"class": "IV", "level": "轻度污染", "items": {...}, "exceeding": [...], ...}``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.water import gb3838, ingest, selectors, services

_OTHER_KEYS = ("water_body", "target")


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _number(key: str, value: Any) -> float | None:
    if value is None:
        return None  # not measured
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(f"{key}: not a number: {json.dumps(value, ensure_ascii=False)}")
    try:
        number = float(value)
    except ValueError:
        raise _fail(f"{key}: not a number: {value!r}") from None
    if not math.isfinite(number):
        raise _fail(f"{key}: not a finite number: {value!r}")
    return number


def parse_sample(text: str) -> tuple[dict[str, float | None], str, str | None]:
    """The items, the water body and the target of a classify document."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(document, dict):
        raise _fail("expected a JSON object of item → value with water_body")
    unknown = [key for key in document if key not in gb3838.ITEMS and key not in _OTHER_KEYS]
    if unknown:
        expected = ", ".join((*gb3838.ITEMS, *_OTHER_KEYS))
        raise _fail(f"unknown key {unknown[0]!r}: expected one of {expected}")
    water_body = document.get("water_body")
    if water_body not in gb3838.WATER_BODIES:
        shown = json.dumps(water_body, ensure_ascii=False)
        raise _fail(f'water_body must be "river" or "lake", not {shown}')
    target = document.get("target")
    if target is not None and target not in gb3838.CLASSES:
        shown = json.dumps(target, ensure_ascii=False)
        raise _fail(f"target must be one of {', '.join(gb3838.CLASSES)}, not {shown}")
    values = {key: _number(key, v) for key, v in document.items() if key in gb3838.ITEMS}
    if all(value is None for value in values.values()):
        raise _fail(f"give at least one item: {', '.join(gb3838.ITEMS)}")
    return values, water_body, target


class Command(BaseCommand):
    help = (
        "Water quality: `classify [FILE]` prints the GB 3838-2002 class of one sample; "
        "`ingest FILE…` imports sample files and prints a JSON report."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        classify = sub.add_parser(
            "classify",
            help="class, level, item classes and exceeding items of a JSON sample",
        )
        classify.add_argument(
            "file", nargs="?", default="-", help="a JSON file; stdin when absent or '-'"
        )

        ingest_ = sub.add_parser(
            "ingest",
            help="import CSV or XLSX files of samples (site_code,sampled_on,item,value)",
        )
        ingest_.add_argument("files", nargs="+", help="CSV or XLSX files")
        drinking_ = sub.add_parser(
            "drinking", help="drinking-water sources: compliance and rates of a month or year"
        )
        drinking_.add_argument("--year", type=int, required=True)
        drinking_.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
        report = sub.add_parser(
            "report", help="the monthly drinking-water-source report: JSON, files, publication"
        )
        report.add_argument("--year", type=int, required=True)
        report.add_argument(
            "--month", type=int, required=True, choices=range(1, 13), metavar="1-12"
        )
        report.add_argument("--output", help="a folder to write the PDF and the DOCX to")
        report.add_argument(
            "--publish",
            action="store_true",
            help="send the report to the disclosure review (水环境质量, PDF attached)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "classify":
            self._classify(options["file"])
        elif options["action"] == "ingest":
            self._ingest(options["files"])
        elif options["action"] == "drinking":
            if not 2000 <= options["year"] <= 2100:
                raise _fail(f"--year must be between 2000 and 2100, not {options['year']}")
            found = selectors.drinking_compliance(year=options["year"], month=options["month"])
            self.stdout.write(json.dumps(found.as_json(), ensure_ascii=False))
        elif options["action"] == "report":
            self._report(options)

    def _report(self, options: dict[str, Any]) -> None:
        from django.conf import settings
        from django.core.exceptions import ValidationError
        from django.utils import translation

        from lantian.water import documents

        year, month = options["year"], options["month"]
        if not 2000 <= year <= 2100:
            raise _fail(f"--year must be between 2000 and 2100, not {year}")
        with translation.override(settings.LANGUAGE_CODE):
            context = documents.report_context(year, month)
            out: dict[str, Any] = {
                "title": context["official_title"],
                "no_samples": context["no_samples"],
                "sources": [
                    {"code": r.code, "compliant": r.compliant, "exceeding": r.exceeding}
                    for r in context["sources"]
                ],
                "source_rate": context["month_rates"].source_rate,
                "volume_rate": context["month_rates"].volume_rate,
                "year_to_date_source_rate": context["year_rates"].source_rate,
                "year_to_date_volume_rate": context["year_rates"].volume_rate,
            }
            if options["output"]:
                folder = Path(options["output"])
                folder.mkdir(parents=True, exist_ok=True)
                stem = folder / context["filename_stem"]
                stem.with_suffix(".pdf").write_bytes(documents.render_pdf(context))
                stem.with_suffix(".docx").write_bytes(documents.render_docx(context))
                out["files"] = [str(stem.with_suffix(".pdf")), str(stem.with_suffix(".docx"))]
        if options["publish"]:
            try:
                item = services.publish_drinking_report(actor=None, year=year, month=month)
            except ValidationError as exc:
                raise _fail("; ".join(exc.messages)) from None
            out["published"] = {"item": item.pk, "index_no": item.index_no}
        self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _ingest(self, files: list[str]) -> None:
        """One report per file; a file that cannot be read at all is reported with its
        error and makes the exit code 1 once every file was tried."""
        reports: list[dict[str, Any]] = []
        failed = False
        for file in files:
            path = Path(file)
            if not path.is_file():
                reports.append({"filename": file, "error": f"{path}: no such file"})
                failed = True
                continue
            try:
                batch = services.ingest_samples(
                    actor=None, content=path.read_bytes(), filename=path.name
                )
            except ingest.FileError as exc:
                reports.append({"filename": file, "error": str(exc)})
                failed = True
                continue
            reports.append(batch.report)
        self.stdout.write(json.dumps({"files": reports}, ensure_ascii=False))
        if failed:
            raise CommandError("some files could not be read", returncode=1)

    def _classify(self, file: str) -> None:
        if file == "-":
            text = sys.stdin.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise _fail(f"{path}: no such file")
            text = path.read_text(encoding="utf-8")
        values, water_body, target = parse_sample(text)
        try:
            result = gb3838.evaluate(values, water_body, target)
        except ValueError as exc:  # out of range: negative, pH off the 0–14 scale
            raise _fail(str(exc)) from None
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
