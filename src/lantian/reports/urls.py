"""Public pages of reports: the published annual disclosure reports
(`/disclosure/annual-reports/<year>/`)."""

from django.urls import path

from lantian.reports import annual_views

app_name = "reports"

urlpatterns: list = [
    path("<int:year>/", annual_views.annual_public, name="annual_public"),
]
