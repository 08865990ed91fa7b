"""Public water-quality pages under the 环境质量 section (`/environment/water/…`)."""

from django.urls import path

from lantian.water import views

app_name = "water"

urlpatterns: list = [
    path("", views.overview, name="quality"),
    path("sites/<str:code>/", views.site, name="site"),
    # the monthly drinking-water-source report: page, PDF, DOCX
    path("report/", views.report_index, name="report_index"),
    path("report/<int:year>-<int:month>/", views.report, name="report"),
    path("report/<int:year>-<int:month>.pdf", views.report_pdf, name="report_pdf"),
    path("report/<int:year>-<int:month>.docx", views.report_docx, name="report_docx"),
]
