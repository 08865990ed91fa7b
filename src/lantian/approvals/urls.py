"""Public pages of the approval items and their service guides (`/services/approvals/…`)."""

from django.urls import path  # noqa: F401

app_name = "approvals"

urlpatterns: list = []
