"""Public pages of enforcement, mounted under the 污染源监管 section (`/sources/…`) beside
the sources app's own pages (distinct sub-paths, so neither shadows the other)."""

from django.urls import path

from lantian.enforcement import account_views, feeds, views

app_name = "enforcement"

urlpatterns: list = [
    path("penalties/", views.penalty_list, name="penalties"),
    path("penalties/<int:pk>/", views.penalty, name="penalty"),
    path("penalties/feed/rss.xml", views.PUBLIC(feeds.PenaltiesRss()), name="penalties_rss"),
    path("penalties/feed/atom.xml", views.PUBLIC(feeds.PenaltiesAtom()), name="penalties_atom"),
    path("credit-ratings/", views.rating_list, name="ratings"),
    path("credit-ratings/<int:pk>/", views.rating_detail, name="rating"),
    path("disclosure-reports/", views.report_list, name="reports"),
    path("disclosure-reports/<int:pk>/", views.report_detail, name="report"),
    path(
        "disclosure-reports/<int:pk>/files/<int:file_pk>/",
        views.report_file,
        name="report_file",
    ),
    # the enterprise's account (the sources app's) writes its reports here
    path("account/reports/<int:pk>/", account_views.report, name="account_report"),
    path(
        "account/reports/<int:pk>/files/<int:file_pk>/remove/",
        account_views.remove_file,
        name="account_remove_file",
    ),
]
