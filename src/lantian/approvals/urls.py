"""Public pages of the approval items and their service guides (`/services/approvals/…`)."""

from django.urls import path

from lantian.approvals import views

app_name = "approvals"

urlpatterns: list = [
    path("", views.item_list, name="items"),
    path("<str:code>/", views.item, name="item"),
    path(
        "<str:code>/materials/<int:pk>/<str:which>/",
        views.material_file,
        name="material_file",
    ),
]
