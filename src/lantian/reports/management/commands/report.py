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
        "`annual --year Y --format json|docx|pdf|html` (the complete annual report); "
        "`bulletin --year Y --format json|pdf|docx [--publish]` (the yearly bulletin)."
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

        # the yearly environmental quality bulletin (lantian.reports.bulletin)
        yearly = sub.add_parser("bulletin", help="the yearly environmental quality bulletin")
        yearly.add_argument("--year", type=int, required=True)
        yearly.add_argument("--format", choices=("json", "pdf", "docx"), default="json")
        yearly.add_argument("--output", type=Path, help="write to FILE instead of stdout")
        yearly.add_argument(
            "--publish",
            action="store_true",
            help="also publish it as a disclosure item, sent to the disclosure review",
        )
        yearly.add_argument(
            "--today", type=date.fromisoformat, help="judge the year on DAY (default today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "annual":
            self._annual(options)
            return
        if options["report"] == "transparency":
            self._transparency(options)
            return
        if options["report"] == "bulletin":
            self._bulletin(options)
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

    def _bulletin(self, options: dict[str, Any]) -> None:
        """The bulletin as JSON, PDF or DOCX; ``--publish`` refuses (exit code 2) a year
        that is not an annual assessment (not over, or fewer than 324 valid days)."""
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        from lantian.reports import bulletin, bulletin_documents, bulletin_services

        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: not a plausible year", returncode=2)
        today = options["today"] or timezone.localdate()
        b = bulletin.bulletin(year, today=today)
        if options["publish"]:
            try:
                item = bulletin_services.publish(actor=None, year=year, today=today)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages), returncode=2) from error
            self.stderr.write(f"published to the disclosure review: {item.index_no}")
        fmt = options["format"]
        if fmt == "json":
            data = json.dumps(bulletin.to_json(b), ensure_ascii=False, indent=2) + "\n"
            content = data.encode()
        elif fmt == "pdf":
            content = bulletin_documents.render_pdf(b)
        else:
            content = bulletin_documents.render_docx(b)
        if options["output"] is not None:
            options["output"].write_bytes(content)
        elif fmt == "json":
            self.stdout.write(content.decode(), ending="")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
