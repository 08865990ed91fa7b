"""`lantian load_demo`: load the demo bureau (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantian.demo import bureau


class Command(BaseCommand):
    help = "Load the demo bureau 示范市生态环境局: departments, one user per role, portal pages."

    def handle(self, *args: Any, **options: Any) -> None:
        result = bureau.load()
        self.stdout.write(self.style.SUCCESS("Demo bureau loaded: 示范市生态环境局"))
        for username, role in result["logins"]:  # type: ignore[union-attr]
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"  password: {result['password']}")
