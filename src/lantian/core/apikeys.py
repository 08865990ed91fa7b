"""API keys for machine clients: issue, check, and the django-ninja auth class."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from lantian.core import audit
from lantian.core.models import ApiKey


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_key(*, actor: Any, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Make a key; returns the record and the plain key, which is not stored."""
    key = f"lt_{secrets.token_urlsafe(32)}"
    record = ApiKey.objects.create(name=name, prefix=key[:8], key_hash=_hash(key), scopes=scopes)
    audit.record(actor=actor, instance=record, action="wagtail.create", data={"scopes": scopes})
    return record, key


def check_key(key: str, scope: str) -> ApiKey | None:
    record = ApiKey.objects.filter(key_hash=_hash(key), is_active=True).first()
    if record is None or scope not in record.scopes:
        return None
    ApiKey.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record


class ScopedKey(HttpBearer):
    """``Authorization: Bearer <key>`` with the given scope."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return check_key(token, self.scope)
