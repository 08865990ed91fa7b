"""`lantian report foi-annual --year Y --format json|docx|html [--output FILE]`: tables
三 and 四 of the annual disclosure report (国办公开办函〔2021〕30号).

A report whose cells do not add up (一 + 二 = 三（七） + 四 in every column, each row's
总计 = its six columns, （七） = the sum of the result rows) is refused with exit code 2,
naming each cell, unless ``--allow-inconsistent`` is given.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.reports import foi_annual


class Command(BaseCommand):
    help = (
        "Reports: `foi-annual --year Y --format json|docx|html` (tables 三 and 四); "
        "`annual --year Y --format json|docx|pdf|html` (the complete annual report)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        annual = sub.add_parser(
            "foi-annual", help="tables 三 and 四 of the annual disclosure report"
        )
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--format", choices=("json", "docx", "html"), default="json")
        annual.add_argument("--output", type=Path, help="write to FILE instead of stdout")
        annual.add_argument(
            "--allow-inconsistent",
            action="store_true",
            help="print the report even when its cells do not add up",
        )

        # the complete report, sections 一 to 六 (lantian.reports.annual)
        complete = sub.add_parser("annual", help="the complete annual disclosure report")
        complete.add_argument("--year", type=int, required=True)
        complete.add_argument("--format", choices=("json", "docx", "pdf", "html"), default="json")
        complete.add_argument("--output", type=Path, help="write to FILE instead of stdout")

        # the transparency self-score (lantian.reports.transparency)
        score = sub.add_parser("transparency", help="the PITI-aligned transparency self-score")
        score.add_argument("--year", type=int, required=True)
        score.add_argument("--format", choices=("json",), default="json")
        score.add_argument(
            "--today", type=date.fromisoformat, help="measure on DAY (default today)"
        )
        score.add_argument("--output", type=Path, help="write to FILE instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "annual":
            self._annual(options)
            return
        if options["report"] == "transparency":
            self._transparency(options)
            return
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: not a plausible year", returncode=2)
        report = foi_annual.foi_annual(year)
        if report.problems:
            lines = "\n".join(f"  {problem.message}" for problem in report.problems)
            if not options["allow_inconsistent"]:
                raise CommandError(
                    f"the {year} report does not add up:\n{lines}\n"
                    "(fix the cases, or print it anyway with --allow-inconsistent)",
                    returncode=2,
                )
            self.stderr.write(f"warning: the {year} report does not add up:\n{lines}")
        fmt = options["format"]
        if fmt == "json":
            content: bytes = (
                json.dumps(foi_annual.to_json(report), ensure_ascii=False, indent=2) + "\n"
            ).encode()
        elif fmt == "html":
            content = foi_annual.render_html(report).encode()
        else:
            content = foi_annual.render_docx(report)
        output = options["output"]
        if output is not None:
            output.write_bytes(content)
        elif fmt == "docx":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            self.stdout.write(content.decode(), ending="")

    def _annual(self, options: dict[str, Any]) -> None:
        """The complete report; a document whose cells do not add up is printed with its
        problems listed in it (and warned about), since the narrative is still wanted."""
        from lantian.reports import annual, annual_documents

        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: not a plausible year", returncode=2)
        doc = annual.build(year)
        for problem in doc["problems"]:
            self.stderr.write(f"warning: {problem['message']}")
        fmt = options["format"]
        if fmt == "json":
            content = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
        elif fmt == "html":
            content = annual_documents.render_html(doc).encode()
        elif fmt == "pdf":
            content = annual_documents.render_pdf(doc)
        else:
            content = annual_documents.render_docx(doc)
        if options["output"] is not None:
            options["output"].write_bytes(content)
        elif fmt in ("docx", "pdf"):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            self.stdout.write(content.decode(), ending="")

    def _transparency(self, options: dict[str, Any]) -> None:
        """The year's self-score as JSON; a year with too little data has ``total`` null."""
        from django.utils import timezone

        from lantian.reports import transparency, transparency_inputs

        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: not a plausible year", returncode=2)
        today = options["today"] or timezone.localdate()
        data = transparency.to_json(transparency_inputs.year_score(year, today), year)
        content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if options["output"] is not None:
            options["output"].write_text(content, encoding="utf-8")
        else:
            self.stdout.write(content, ending="")
