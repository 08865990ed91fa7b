"""`lantian aqi`: the AQI of one observation, as JSON, e.g.

lantian aqi --standard cn --averaging hour --date 2026-03-01 so2=10 pm25=75 co=0.6
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lantian.air.aqi import INPUTS, Averaging, Standard, calculate


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_values(pairs: list[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip().lower().replace(".", "")
        if not sep or name not in INPUTS:
            raise _fail(f"expected POLLUTANT=VALUE with one of {', '.join(INPUTS)}: {pair!r}")
        if not text.strip():
            raise _fail(f"{name}: missing value")
        try:
            value = float(text)
        except ValueError:
            raise _fail(f"{name}: not a number: {text!r}") from None
        if math.isnan(value) or math.isinf(value):
            raise _fail(f"{name}: not a finite number: {text!r}")
        if value < 0:
            raise _fail(f"{name}: a concentration cannot be negative: {value:g}")
        values[name] = value
    if not values:
        raise _fail("give at least one POLLUTANT=VALUE")
    return values


class Command(BaseCommand):
    help = "Compute the AQI of one observation (µg/m³; CO in mg/m³) and print it as JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--standard", required=True, choices=[s.value for s in Standard])
        parser.add_argument("--averaging", required=True, choices=[a.value for a in Averaging])
        parser.add_argument(
            "--date", help="observation date (YYYY-MM-DD); picks the edition for cn"
        )
        parser.add_argument("values", nargs="*", metavar="POLLUTANT=VALUE")

    def handle(self, *args: Any, **options: Any) -> None:
        values = parse_values(options["values"])
        on = None
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                raise _fail(f"not a date (YYYY-MM-DD): {options['date']!r}") from None
        if options["standard"] == Standard.CN and on is None:
            on = timezone.localdate()  # today in Asia/Shanghai
        result = calculate(options["standard"], options["averaging"], on=on, **values)
        level = asdict(result.level) if result.level else None
        body = {
            "standard": result.standard,
            "averaging": result.averaging,
            "aqi": result.aqi,
            "level": level["number"] if level else None,
            "category": level["category_zh"] if level else None,
            "category_en": level["category_en"] if level else None,
            "color": level["color_hex"] if level else None,
            "health_effects": level["health_zh"] if level else None,
            "measures": level["measures_zh"] if level else None,
            "primary": list(result.primary),
            "exceeding": list(result.exceeding),
            "iaqi": result.iaqi,
        }
        self.stdout.write(json.dumps(body, ensure_ascii=False))
