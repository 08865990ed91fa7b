"""The public pages of public interaction (政民互动), under /interaction/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "complaints"

urlpatterns: list = []
