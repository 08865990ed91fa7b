"""`lantian load_demo`: load the demo bureau (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantian.demo import air, bureau, foi, workflow
from lantian.demo import annual_report as annual_report_demo
from lantian.demo import approvals as approvals_demo
from lantian.demo import complaints as complaints_demo
from lantian.demo import disclosure as disclosure_demo
from lantian.demo import eia as eia_demo
from lantian.demo import enforcement as enforcement_demo
from lantian.demo import reports as reports_demo
from lantian.demo import sources as sources_demo
from lantian.demo import water as water_demo


class Command(BaseCommand):
    help = (
        "Load the demo bureau 示范市生态环境局: departments, one user per role, portal pages, "
        "18 months of hourly air-quality data from 14 stations with a forecast, two years of "
        "monthly water samples from 12 sites, two years of "
        "disclosure items (a few of them drafted or in review), 80+ disclosure applications, "
        "two years of complaints, and about 200 pollution sources with their enforcement record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-air", action="store_true", help="Skip the air-quality data (about a minute)."
        )
        parser.add_argument(
            "--no-water",
            action="store_true",
            help="Skip the 12 water sites and their two years of monthly samples (seconds).",
        )
        parser.add_argument(
            "--no-disclosure",
            action="store_true",
            help="Skip the two years of disclosure items (about 20 seconds).",
        )
        parser.add_argument(
            "--no-complaints",
            action="store_true",
            help="Skip the two years of complaints (about 3,300 cases; half a minute).",
        )
        parser.add_argument(
            "--no-sources",
            action="store_true",
            help=(
                "Skip the pollution sources (about 200 enterprises with a year of hourly "
                "data) and their enforcement record (penalties, inspections, credit ratings, "
                "disclosure reports)."
            ),
        )
        parser.add_argument(
            "--no-eia",
            action="store_true",
            help="Skip the EIA projects and their notices (about 40; seconds).",
        )
        parser.add_argument(
            "--no-approvals",
            action="store_true",
            help="Skip the 13 approval items and their service guides (seconds).",
        )
        parser.add_argument(
            "--no-foi",
            action="store_true",
            help="Skip the demo disclosure applications (依申请公开).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = bureau.load()
        self.stdout.write(self.style.SUCCESS("Demo bureau loaded: 示范市生态环境局"))
        if not options["no_disclosure"]:
            self.stdout.write("Disclosure: two years of items across the catalogue …")
            items = disclosure_demo.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(self.style.SUCCESS(f"Disclosure items loaded: {items['items']} new"))
            in_review = workflow.load()
            self.stdout.write(
                self.style.SUCCESS(f"Disclosure items in review loaded: {in_review['items']} new")
            )
        if not options["no_air"]:
            self.stdout.write("Air quality: 14 stations, hourly data month by month …")
            loaded = air.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Air quality loaded: {loaded['observations']} new station-hours "
                    f"in {loaded['batches']} batches"
                )
            )
        if not options["no_water"]:
            loaded_water = water_demo.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(
                self.style.SUCCESS(f"Water quality loaded: {loaded_water['samples']} new samples")
            )
        if not options["no_air"]:  # after the air and water data it sums up
            self.stdout.write("Reports: the last full year's environmental quality bulletin …")
            bulletins = reports_demo.load_bulletin(
                progress=lambda line: self.stdout.write(f"  {line}")
            )
            self.stdout.write(
                self.style.SUCCESS(f"Bulletins published: {bulletins['bulletins']} new")
            )
        if not options["no_foi"]:
            loaded_foi = foi.load(password=result["password"])  # type: ignore[arg-type]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Disclosure applications loaded: {loaded_foi['applications']} new"
                )
            )
        if not options["no_complaints"]:
            self.stdout.write(
                "Complaints: two years of cases, an inspection batch, typical cases …"
            )
            loaded_complaints = complaints_demo.load(
                password=result["password"],  # type: ignore[arg-type]
                progress=lambda line: self.stdout.write(f"  {line}"),
            )
            self.stdout.write(
                self.style.SUCCESS(f"Complaints loaded: {loaded_complaints['cases']} new cases")
            )
        if not options["no_sources"]:
            self.stdout.write("Pollution sources: enterprises, outlets, a year of data …")
            loaded_sources = sources_demo.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pollution sources loaded: {loaded_sources['enterprises']} enterprises, "
                    f"{loaded_sources['values']:,} new values"
                )
            )
            self.stdout.write("Enforcement: penalties, inspections, credit ratings, reports …")
            loaded_enforcement = enforcement_demo.load(
                progress=lambda line: self.stdout.write(f"  {line}"),
                password=result["password"],  # type: ignore[arg-type]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Enforcement loaded: {loaded_enforcement['penalties']} new penalty "
                    f"decisions, {loaded_enforcement['inspections']} inspections, "
                    f"{loaded_enforcement['ratings']} credit ratings, "
                    f"{loaded_enforcement['annual']} annual and "
                    f"{loaded_enforcement['adhoc']} ad-hoc disclosure reports"
                )
            )
            linked = complaints_demo.link_enterprises()  # the complaints about them
            self.stdout.write(
                self.style.SUCCESS(
                    f"Complaints linked to their enterprise: {linked['cases']} new cases "
                    f"about {linked['enterprises']} enterprises"
                )
            )
        if not options["no_eia"]:  # after the sources: its builders link their enterprise
            self.stdout.write("EIA: projects, their notices on the statutory clock …")
            loaded_eia = eia_demo.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(
                self.style.SUCCESS(f"EIA projects loaded: {loaded_eia['projects']} new")
            )
        if not options["no_approvals"]:
            loaded_items = approvals_demo.load(progress=lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(
                self.style.SUCCESS(f"Approval items loaded: {loaded_items['items']} new")
            )
        if not options["no_disclosure"]:  # last: the report counts what the others loaded
            self.stdout.write("Reports: the last full year's annual disclosure report …")
            annual = annual_report_demo.load_annual_report(
                progress=lambda line: self.stdout.write(f"  {line}")
            )
            self.stdout.write(
                self.style.SUCCESS(f"Annual disclosure reports published: {annual['reports']} new")
            )
            # the self-inspection crawls the whole site, so it runs once everything is in
            self.stdout.write("Reports: the website self-inspection and the transparency score …")
            reports_demo.run_checks(progress=lambda line: self.stdout.write(f"  {line}"))
        for username, role in result["logins"]:  # type: ignore[union-attr]
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"  password: {result['password']}")
        if not options["no_sources"]:
            self.stdout.write(
                f"Enterprise account (public site, /sources/account/): "
                f"{enforcement_demo.ACCOUNT_EMAIL} with the same password"
            )
