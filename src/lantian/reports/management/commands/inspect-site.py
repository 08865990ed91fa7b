"""`lantian inspect-site [--json] [--today YYYY-MM-DD] [--axe] [--outbound]`: the website
self-inspection (国办秘函〔2019〕19号), stored as a run like the daily job's.

The module's file name is the command's name (Django finds commands by file name, and a
hyphen is allowed there). Prints each check with its ``status``, ``veto`` and offending
``urls``; exits with 1 when a single-item veto failed, so a deployment script can stop.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantian.reports import inspection_services as services
from lantian.reports.models import InspectionRun


class Command(BaseCommand):
    help = (
        "Website self-inspection against the government-website indicators (国办秘函〔2019〕19号)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the checks as JSON")
        parser.add_argument("--today", help="the day of the inspection (YYYY-MM-DD); today")
        parser.add_argument(
            "--axe", action="store_true", help="also run axe-core in Chromium (Playwright)"
        )
        parser.add_argument(
            "--outbound", action="store_true", help="also check links to other sites"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        run = services.run_inspection(
            trigger=InspectionRun.Trigger.COMMAND,
            today=today or timezone.localdate(),
            axe=options["axe"],
            outbound=True if options["outbound"] else None,
        )
        if options["json"]:
            payload = {
                "run": run.pk,
                "today": (today or timezone.localdate()).isoformat(),
                "vetoes": run.vetoes,
                "failures": run.failures,
                "checks": run.results,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for row in run.results:
                mark = "VETO " if row["veto"] else ""
                self.stdout.write(f"{mark}{row['status'].upper():7} {row['check']}: {row['title']}")
                for url in row["urls"]:
                    self.stdout.write(f"        {url}")
        if run.vetoes:
            sys.exit(1)
