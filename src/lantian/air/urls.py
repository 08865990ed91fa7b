"""Public air-quality pages under the 环境质量 section (`/environment/air/…`)."""

from django.urls import path

from lantian.air import views

app_name = "air"

urlpatterns: list = [
    # pages: city now, stations, forecast, calendar, ranking (views.py)
    path("", views.now, name="now"),
    path("stations/<str:code>/", views.station, name="station"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar, name="calendar"),
    path("forecast/", views.forecast, name="forecast"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/<int:year>-<int:month>/", views.ranking, name="ranking"),
    # monthly report: page, PDF, DOCX (views.py, report_* views)
    path("report/", views.report_index, name="report_index"),
    path("report/<int:year>-<int:month>/", views.report, name="report"),
    path("report/<int:year>-<int:month>.pdf", views.report_pdf, name="report_pdf"),
    path("report/<int:year>-<int:month>.docx", views.report_docx, name="report_docx"),
]
