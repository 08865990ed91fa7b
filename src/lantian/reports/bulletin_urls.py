"""The yearly environmental quality bulletin's public pages (`/reports/bulletin/…`)."""

from django.urls import path

from lantian.reports import bulletin_views

app_name = "bulletin"

urlpatterns: list = [
    path("bulletin/", bulletin_views.bulletin_index, name="index"),
    path("bulletin/<int:year>/", bulletin_views.bulletin_page, name="page"),
    path("bulletin/<int:year>.pdf", bulletin_views.bulletin_pdf, name="pdf"),
    path("bulletin/<int:year>.docx", bulletin_views.bulletin_docx, name="docx"),
]
