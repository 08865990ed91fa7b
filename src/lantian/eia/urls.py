"""Public pages of EIA approvals, under the 环评审批 section (`/eia/…`)."""

from django.urls import path

from lantian.eia import comment_views, feeds, views

app_name = "eia"

urlpatterns: list = [
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/comments/", comment_views.comment, name="comment"),
    path("projects/<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("notices/feed/rss.xml", views.PUBLIC(feeds.NoticesRss()), name="notices_rss"),
    path("notices/feed/atom.xml", views.PUBLIC(feeds.NoticesAtom()), name="notices_atom"),
    path(
        "notices/feed/<str:kind>/rss.xml",
        views.PUBLIC(feeds.NoticesRss()),
        name="notices_kind_rss",
    ),
    path(
        "notices/feed/<str:kind>/atom.xml",
        views.PUBLIC(feeds.NoticesAtom()),
        name="notices_kind_atom",
    ),
]
