"""`lantian seed_calendar`: load official holidays from the maintained library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantian.core.services import seed_calendar


class Command(BaseCommand):
    help = "Load China's holidays and make-up working days for every year the library knows."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = seed_calendar(actor=None)
        self.stdout.write(f"calendar: {counts['years']} new years, {counts['days']} new days")
