"""`lantian apikey create NAME --scope SCOPE…`: issue a key for a machine client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantian.core.apikeys import issue_key


class Command(BaseCommand):
    help = "Issue an API key (printed once; only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("name")
        create.add_argument("--scope", action="append", required=True, dest="scopes")

    def handle(self, *args: Any, **options: Any) -> None:
        record, key = issue_key(actor=None, name=options["name"], scopes=options["scopes"])
        self.stdout.write(key)
        self.stderr.write(f"key {record.prefix}… for {record.name}: {', '.join(record.scopes)}")
