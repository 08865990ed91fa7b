"""Public pages of EIA approvals, under the 环评审批 section (`/eia/…`)."""

from django.urls import path  # noqa: F401

app_name = "eia"

urlpatterns: list = []
