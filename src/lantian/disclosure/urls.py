"""Public disclosure pages and feeds under the 信息公开 section (`/disclosure/…`).

The section page itself is Wagtail's, at `/disclosure/`; these paths sit beside its
children and are included before Wagtail's catch-all."""

from django.urls import path

from lantian.disclosure import feeds, views

app_name = "disclosure"

rss = views.PUBLIC(feeds.LatestItemsRss())
atom = views.PUBLIC(feeds.LatestItemsAtom())

urlpatterns: list = [
    path("guide/", views.guide, name="guide"),
    path("catalogue/", views.catalogue, name="catalogue"),
    # An index number holds a slash, e.g. MB1C00001/2026-00012.
    path("items/<path:index_no>/", views.item, name="item"),
    path("files/<int:pk>/<str:filename>", views.attachment_file, name="attachment"),
    path("news/", views.kind_list, {"slug": "news"}, name="news"),
    path("notices/", views.kind_list, {"slug": "notices"}, name="notices"),
    path("press/", views.kind_list, {"slug": "press"}, name="press"),
    path("interpretations/", views.kind_list, {"slug": "interpretations"}, name="interpretations"),
    path("feeds/rss.xml", rss, name="rss"),
    path("feeds/atom.xml", atom, name="atom"),
    path("feeds/<str:code>/rss.xml", rss, name="category_rss"),
    path("feeds/<str:code>/atom.xml", atom, name="category_atom"),
]
