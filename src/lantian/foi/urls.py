"""Public pages of disclosure on application under the 办事服务 section (`/services/foi/…`)."""

from django.urls import path

from lantian.foi import views

app_name = "foi"

urlpatterns: list = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.confirmation, name="confirmation"),
    path("track/", views.track, name="track"),
    path("track/case/", views.case, name="case"),
    path("track/leave/", views.leave, name="leave"),
    path("track/letters/<int:pk>.<str:fmt>", views.letter, name="letter"),
    path("track/files/<int:pk>/", views.released_file, name="released_file"),
]
