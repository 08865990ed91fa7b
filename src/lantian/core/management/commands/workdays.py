"""`lantian workdays add|between|is`: working-day arithmetic on the official calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.core import calendar


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}", returncode=2) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"not a whole number of days: {text!r}", returncode=2) from None
    if value < 0:
        raise CommandError(f"the number of days must not be negative: {value}", returncode=2)
    return value


def _line(value: object, provisional: bool) -> str:
    return f"{value} provisional" if provisional else str(value)


class Command(BaseCommand):
    help = "Working days on China's official calendar (holidays and make-up days)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the N-th working day after DATE (DATE not counted)")
        add.add_argument("date")
        add.add_argument("days")
        between = sub.add_parser("between", help="working days in (START, END]")
        between.add_argument("start")
        between.add_argument("end")
        is_ = sub.add_parser("is", help="working, holiday or weekend")
        is_.add_argument("date")

    def handle(self, *args: Any, **options: Any) -> None:
        match options["action"]:
            case "add":
                result = calendar.add_working_days(_date(options["date"]), _count(options["days"]))
                self.stdout.write(_line(result.value.isoformat(), result.provisional))
            case "between":
                count = calendar.working_days_between(
                    _date(options["start"]), _date(options["end"])
                )
                self.stdout.write(_line(count.value, count.provisional))
            case "is":
                answer = calendar.is_working_day(_date(options["date"]))
                self.stdout.write(_line(answer.kind.value, answer.provisional))
