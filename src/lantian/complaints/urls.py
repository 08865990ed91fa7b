"""The public pages of public interaction (政民互动), under /interaction/."""

from __future__ import annotations

from django.urls import path

from lantian.complaints import batch_views, feeds, views

app_name = "complaints"

urlpatterns: list = [
    path("complaints/new/", views.new_complaint, name="new"),
    path("mailbox/new/", views.new_letter, name="mailbox"),
    path("submitted/", views.confirmation, name="confirmation"),
    path("track/", views.track, name="track"),
    path("track/case/", views.case, name="case"),
    path("track/leave/", views.leave, name="leave"),
    path("track/letters/<int:pk>.<str:fmt>", views.letter, name="letter"),
    path("replies/", views.replies, name="replies"),
    path("replies/<int:pk>/", views.reply_detail, name="reply"),
    path("replies/<int:pk>/photos/<int:photo>/", views.reply_photo, name="reply_photo"),
    path("replies/feed/rss.xml", views.PUBLIC(feeds.RepliesRss()), name="replies_rss"),
    path("replies/feed/atom.xml", views.PUBLIC(feeds.RepliesAtom()), name="replies_atom"),
    path("typical-cases/", views.typical_cases, name="typical_cases"),
    path("typical-cases/<int:pk>/", views.typical_case, name="typical_case"),
    path("hot-topics/", views.hot_topics, name="hot_topics"),
    path("hot-topics/<int:pk>/", views.hot_topic, name="hot_topic"),
    path("statistics/", views.statistics, name="statistics"),
    path("inspection/", batch_views.batch_list, name="batch_list"),
    path("inspection/<str:batch_no>/", batch_views.batch_results, name="batch_results"),
]
