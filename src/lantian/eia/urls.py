"""Public pages of EIA approvals, under the 环评审批 section (`/eia/…`)."""

from django.urls import path

from lantian.eia import views

app_name = "eia"

urlpatterns: list = [
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
]
