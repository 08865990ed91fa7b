"""API keys for machine clients: issue, check, revoke, the scopes apps know, and the
django-ninja auth class.

Each app that accepts keys names its scope with :func:`register_scope` from its
``AppConfig.ready`` (core imports no app), so the back office offers exactly the scopes
some code checks.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from ninja.security import HttpBearer

from lantian.core import audit
from lantian.core.models import ApiKey

# scope -> its label for staff; filled by the apps' ready()
KNOWN_SCOPES: dict[str, str | Promise] = {}

API_KEY_REVOKED = "lantian.api_key_revoked"


def register_scope(scope: str, label: str | Promise) -> None:
    """Name a scope that some code checks with :func:`check_key` or :class:`ScopedKey`."""
    KNOWN_SCOPES[scope] = label


def known_scopes() -> list[tuple[str, str | Promise]]:
    """``(scope, label)`` for every registered scope, in scope order."""
    return sorted(KNOWN_SCOPES.items())


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_key(*, actor: Any, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Make a key; returns the record and the plain key, which is not stored."""
    key = f"lt_{secrets.token_urlsafe(32)}"
    record = ApiKey.objects.create(name=name, prefix=key[:8], key_hash=_hash(key), scopes=scopes)
    audit.record(actor=actor, instance=record, action="wagtail.create", data={"scopes": scopes})
    return record, key


@transaction.atomic
def revoke_key(*, actor: Any, key: ApiKey) -> ApiKey:
    """Turn the key off for good (kept for the record and the audit log); a key already
    off is left as it is and nothing is logged."""
    record = ApiKey.objects.select_for_update().get(pk=key.pk)
    if record.is_active:
        record.is_active = False
        record.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            instance=record,
            action=API_KEY_REVOKED,
            changes={"is_active": [True, False]},
            data={"prefix": record.prefix},
        )
    return record


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
