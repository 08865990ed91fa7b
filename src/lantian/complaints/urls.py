"""The public pages of public interaction (政民互动), under /interaction/."""

from __future__ import annotations

from django.urls import path

from lantian.complaints import batch_views

app_name = "complaints"

urlpatterns: list = [
    path("inspection/", batch_views.batch_list, name="batch_list"),
    path("inspection/<str:batch_no>/", batch_views.batch_results, name="batch_results"),
]
