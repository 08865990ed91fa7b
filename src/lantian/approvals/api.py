"""Approval-item endpoints of the public API (`/api/v1/services/items…`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from ninja import Router

router = Router(tags=["approvals"])
