"""`lantian apikey create NAME --scope SCOPE…`: issue a key for a machine client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantian.core.apikeys import KNOWN_SCOPES, issue_key


class Command(BaseCommand):
    help = "Issue an API key (printed once; only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        create.add_argument("--scope", action="append", required=True, dest="scopes")

    def handle(self, *args: Any, **options: Any) -> None:
        # a key with a scope no code checks would open nothing: refuse it (typos included)
        unknown = [scope for scope in options["scopes"] if scope not in KNOWN_SCOPES]
        if unknown:
            known = ", ".join(sorted(KNOWN_SCOPES)) or "none"
            raise CommandError(
                f"unknown scope: {', '.join(unknown)} (known scopes: {known})", returncode=2
            )
        record, key = issue_key(actor=None, name=options["name"], scopes=options["scopes"])
        self.stdout.write(key)
        self.stderr.write(f"key {record.prefix}… for {record.name}: {', '.join(record.scopes)}")
