"""Back office of public reaction: "items under watch" (sensitive disclosure items after
publication: page views, messages that mention them, closing with a note) and the
"hot-topic responses" (watching → drafting → published, or closed; a timeline).

Screens sit in the "Public interaction" menu (``viewsets.MENU_HOOK``); each view checks
its permission (403 with a reason) and looks its object up in the user's scope (404
outside it): :func:`lantian.complaints.watch.visible_watches` and
:func:`~lantian.complaints.watch.visible_topics`. The same checks stand at the doors
(core.admin_access), so the dashboard offers a link only to those it opens for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantian.complaints import watch
from lantian.complaints.models import Complaint, HotTopic, Watch
from lantian.core import admin_access, attention
from lantian.disclosure import selectors as disclosure

# the "Public interaction" menu group's hook (admin.viewsets.MENU_HOOK)
MENU_HOOK = "register_complaints_menu_item"
WATCHES = "complaints_watch"
TOPICS = "complaints_hot_topics"


def watch_url(name: str, *args: Any) -> str:
    return reverse(f"{WATCHES}:{name}", args=args)


def topic_url(name: str, *args: Any) -> str:
    return reverse(f"{TOPICS}:{name}", args=args)


def _breadcrumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    return [{"url": link, "label": label} for label, link in items]


def _home() -> tuple[Any, str]:
    return (_("Home"), reverse("wagtailadmin_home"))


def _denied(request: HttpRequest) -> HttpResponse:
    return admin_access.refused(
        request,
        _(
            "Your role does not include following published items and public concern. "
            "Ask an administrator if you need it."
        ),
    )


def _errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _case_url(user: Any, complaint: Complaint) -> str:
    """The case page, for those who may open it (H2's case screen), else ""."""
    try:
        link = reverse("complaints_admin:case", args=[complaint.pk])
    except NoReverseMatch:
        return ""
    from lantian.complaints import selectors

    if not admin_access.allows(user, link) or not selectors.can_see(user, complaint):
        return ""
    return link


# ======================================================================= watches


class CloseWatchForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Closing note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the public reaction was and what was done."),
    )


class HotTopicForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=300, required=False)
    concern = forms.CharField(
        label=gettext_lazy("Public concern"), widget=forms.Textarea(attrs={"rows": 4})
    )


class TopicEditForm(HotTopicForm):
    response = forms.CharField(
        label=gettext_lazy("Response"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=gettext_lazy("Published as written: no personal data."),
    )


class StepForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def watch_index(request: HttpRequest) -> HttpResponse:
    if not watch.can_view_watches(request.user):
        return _denied(request)
    closed = request.GET.get("closed") == "1"
    watches = watch.visible_watches(request.user).filter(closed_at__isnull=not closed)
    title = _("Items under watch")
    return render(
        request,
        "complaints/admin/watch_index.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(_home(), (title, "")),
            "rows": watch.summaries(watches),
            "closed": closed,
        },
    )


def _watch_for(user: Any, pk: int) -> Watch:
    return get_object_or_404(watch.visible_watches(user), pk=pk)


def watch_context(
    request: HttpRequest,
    found: Watch,
    *,
    close_form: forms.Form | None = None,
    topic_form: forms.Form | None = None,
    since: Any = None,
) -> dict[str, Any]:
    user = request.user
    can_change = watch.can_change_watches(user) and found.closed_at is None
    title = found.item.title
    linked = [watch.message_row(c, since) for c in watch.linked_messages(found)]
    for row in linked:
        row.case_url = _case_url(user, row.complaint)
    suggested = [
        watch.message_row(c, since)
        for c in watch.suggested_messages(found)[: watch.SUGGESTIONS_SHOWN]
    ]
    days = watch.view_days(found)
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": _breadcrumbs(
            _home(), (_("Items under watch"), watch_url("index")), (title, "")
        ),
        "watch": found,
        "item": found.item,
        "item_public_url": disclosure.item_path(found.item.index_no)
        if found.item.live and found.item.index_no
        else "",
        "item_admin_url": disclosure.item_admin_path(found.item),
        "days": days,
        "total_views": disclosure.page_views_total([found.item_id])[found.item_id],
        "linked": linked,
        "suggested": suggested,
        "needles": watch.mention_needles(found.item),
        "can_change": can_change,
        "close_form": close_form or CloseWatchForm(),
        "topic_form": topic_form
        or HotTopicForm(initial={"title": found.item.title, "title_en": found.item.title_en}),
        "topic": found.hot_topic,
        "topic_url": topic_url("topic", found.hot_topic_id) if found.hot_topic_id else "",
        "can_open_topic": can_change and not found.hot_topic_id and watch.can_add_topics(user),
    }


def watch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_view_watches(request.user):
        return _denied(request)
    found = _watch_for(request.user, pk)
    since = found.seen_at or found.opened_at  # mark what is new before marking it seen
    context = watch_context(request, found, since=since)
    watch.mark_seen(watch=found, user=request.user)
    return render(request, "complaints/admin/watch_detail.html", context)


def _changeable_watch(request: HttpRequest, pk: int) -> Watch | HttpResponse:
    if not watch.can_change_watches(request.user):
        return _denied(request)
    return _watch_for(request.user, pk)


@require_POST
def watch_link(request: HttpRequest, pk: int, complaint_pk: int, action: str) -> HttpResponse:
    """Confirm (``link``) or dismiss (``dismiss``) a message as being about the item."""
    found = _changeable_watch(request, pk)
    if isinstance(found, HttpResponse):
        return found
    complaint = get_object_or_404(Complaint, pk=complaint_pk)
    # only a message the watch shows (suggested or already decided)
    shown = watch.suggested_messages(found).filter(pk=complaint.pk).exists()
    if not shown and not found.mentions.filter(complaint=complaint).exists():
        raise Http404("not a message of this watch")
    service = {"link": watch.link_message, "dismiss": watch.dismiss_message}.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, watch=found, complaint=complaint)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action == "link":
            messages.success(
                request, _("%(case)s linked to the item.") % {"case": complaint.case_no}
            )
        else:
            messages.success(
                request, _("%(case)s dismissed: not about the item.") % {"case": complaint.case_no}
            )
    return redirect(watch_url("watch", found.pk))


@require_POST
def watch_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = _changeable_watch(request, pk)
    if isinstance(found, HttpResponse):
        return found
    form = CloseWatchForm(request.POST)
    if form.is_valid():
        try:
            watch.close_watch(actor=request.user, watch=found, note=form.cleaned_data["note"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The watch is closed."))
            return redirect(watch_url("watch", found.pk))
    context = watch_context(request, found, close_form=form)
    return render(request, "complaints/admin/watch_detail.html", context, status=400)


@require_POST
def watch_open_topic(request: HttpRequest, pk: int) -> HttpResponse:
    found = _changeable_watch(request, pk)
    if isinstance(found, HttpResponse):
        return found
    if not watch.can_add_topics(request.user):
        return _denied(request)
    form = HotTopicForm(request.POST)
    if form.is_valid():
        try:
            topic = watch.open_hot_topic(actor=request.user, watch=found, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Hot-topic response opened."))
            return redirect(topic_url("topic", topic.pk))
    context = watch_context(request, found, topic_form=form)
    return render(request, "complaints/admin/watch_detail.html", context, status=400)


# ======================================================================= hot topics


def topic_index(request: HttpRequest) -> HttpResponse:
    if not watch.can_view_topics(request.user):
        return _denied(request)
    topics = watch.visible_topics(request.user)
    state = request.GET.get("state", "")
    if state in HotTopic.State.values:
        topics = topics.filter(state=state)
    title = _("Hot-topic responses")
    return render(
        request,
        "complaints/admin/watch_topic_index.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(_home(), (title, "")),
            "topics": topics,
            "states": HotTopic.State.choices,
            "state": state,
            "can_add": watch.can_add_topics(request.user),
            "add_url": topic_url("add"),
        },
    )


def topic_add(request: HttpRequest) -> HttpResponse:
    if not watch.can_add_topics(request.user):
        return _denied(request)
    form = HotTopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = watch.open_hot_topic(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Hot-topic response opened."))
            return redirect(topic_url("topic", topic.pk))
    title = _("New hot-topic response")
    return render(
        request,
        "complaints/admin/watch_topic_add.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(
                _home(), (_("Hot-topic responses"), topic_url("index")), (title, "")
            ),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _topic_for(user: Any, pk: int) -> HotTopic:
    return get_object_or_404(watch.visible_topics(user), pk=pk)


def topic_context(
    request: HttpRequest,
    topic: HotTopic,
    *,
    form: forms.Form | None = None,
    step_forms: Mapping[str, forms.Form] | None = None,
) -> dict[str, Any]:
    user = request.user
    editable = watch.can_change_topics(user) and topic.state in watch.OPEN_TOPIC_STATES
    steps = []
    if watch.can_change_topics(user):
        for step in watch.steps_for(topic):
            bound = (step_forms or {}).get(step.name)
            steps.append(
                {
                    "step": step,
                    "form": bound or StepForm(prefix=step.name),
                    "url": topic_url("step", topic.pk, step.name),
                }
            )
    title = topic.title
    found_watch = Watch.objects.filter(hot_topic=topic).first()
    related = [watch.message_row(c) for c in topic.complaints.all()]
    for row in related:
        row.case_url = _case_url(user, row.complaint)
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": _breadcrumbs(
            _home(), (_("Hot-topic responses"), topic_url("index")), (title, "")
        ),
        "topic": topic,
        "timeline": watch.topic_timeline(topic),
        "form": form
        or TopicEditForm(
            initial={name: getattr(topic, name) for name in watch.TOPIC_FIELDS},
        ),
        "editable": editable,
        "edit_url": topic_url("edit", topic.pk),
        "steps": steps,
        "messages_about": related,
        "watch_url": watch_url("watch", found_watch.pk)
        if found_watch and watch.visible_watches(user).filter(pk=found_watch.pk).exists()
        else "",
    }


def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_view_topics(request.user):
        return _denied(request)
    topic = _topic_for(request.user, pk)
    return render(request, "complaints/admin/watch_topic.html", topic_context(request, topic))


@require_POST
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not watch.can_change_topics(request.user):
        return _denied(request)
    topic = _topic_for(request.user, pk)
    form = TopicEditForm(request.POST)
    if form.is_valid():
        try:
            watch.edit_hot_topic(actor=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(topic_url("topic", topic.pk))
    context = topic_context(request, topic, form=form)
    return render(request, "complaints/admin/watch_topic.html", context, status=400)


@require_POST
def topic_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if not watch.can_change_topics(request.user):
        return _denied(request)
    topic = _topic_for(request.user, pk)
    step = watch.STEPS.get(name)
    if step is None:
        raise Http404
    form = StepForm(request.POST, prefix=name)
    if form.is_valid():
        try:
            watch.take_step(
                actor=request.user, topic=topic, step=name, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("%(step)s: done.") % {"step": step.label})
            return redirect(topic_url("topic", topic.pk))
    topic.refresh_from_db()
    context = topic_context(request, topic, step_forms={name: form})
    return render(request, "complaints/admin/watch_topic.html", context, status=400)


# ======================================================================= wiring

watch_patterns = (
    [
        path("", watch_index, name="index"),
        path("<int:pk>/", watch_detail, name="watch"),
        path("<int:pk>/messages/<int:complaint_pk>/<slug:action>/", watch_link, name="message"),
        path("<int:pk>/close/", watch_close, name="close"),
        path("<int:pk>/hot-topic/", watch_open_topic, name="open_topic"),
    ],
    WATCHES,
)
topic_patterns = (
    [
        path("", topic_index, name="index"),
        path("new/", topic_add, name="add"),
        path("<int:pk>/", topic_detail, name="topic"),
        path("<int:pk>/edit/", topic_edit, name="edit"),
        path("<int:pk>/step/<slug:name>/", topic_step, name="step"),
    ],
    TOPICS,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [
        path("complaints/watch/", include(watch_patterns, namespace=WATCHES)),
        path("complaints/hot-topics/", include(topic_patterns, namespace=TOPICS)),
    ]


def _watch_viewer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_view_watches(user)


def _watch_worker(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_change_watches(user)


def _topic_viewer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_view_topics(user)


def _topic_worker(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return watch.can_change_topics(user)


admin_access.register(f"{WATCHES}:*", _watch_viewer)
admin_access.register([f"{WATCHES}:message", f"{WATCHES}:close"], _watch_worker)
admin_access.register(f"{TOPICS}:*", _topic_viewer)
admin_access.register([f"{TOPICS}:edit", f"{TOPICS}:step"], _topic_worker)
admin_access.register(f"{TOPICS}:add", lambda user, kwargs: watch.can_add_topics(user))


class _Item(MenuItem):
    def __init__(self, label: Any, url: str, check: Any, icon: str, order: int) -> None:
        self._check = check
        super().__init__(label, url, icon_name=icon, order=order)

    def is_shown(self, request: Any) -> bool:
        return self._check(request.user)


# Called when the menu is built (a request), once the admin URLs are loaded.
@hooks.register(MENU_HOOK)
def watch_menu_item() -> MenuItem:
    return _Item(
        gettext_lazy("Items under watch"), watch_url("index"), watch.can_view_watches, "view", 900
    )


@hooks.register(MENU_HOOK)
def topic_menu_item() -> MenuItem:
    return _Item(
        gettext_lazy("Hot-topic responses"),
        topic_url("index"),
        watch.can_view_topics,
        "comment",
        910,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for action, label, message in (
        (
            watch.WATCH_OPENED,
            gettext_lazy("Watch opened"),
            gettext_lazy("Sensitive item put under watch"),
        ),
        (
            watch.WATCH_MESSAGE_LINKED,
            gettext_lazy("Message linked"),
            gettext_lazy("Message linked to a watched item"),
        ),
        (
            watch.WATCH_MESSAGE_DISMISSED,
            gettext_lazy("Message dismissed"),
            gettext_lazy("Message dismissed as not about a watched item"),
        ),
        (
            watch.WATCH_CLOSED,
            gettext_lazy("Watch closed"),
            gettext_lazy("Watch of a sensitive item closed"),
        ),
        (
            watch.HOT_TOPIC_OPENED,
            gettext_lazy("Hot topic opened"),
            gettext_lazy("Hot-topic response opened"),
        ),
        (
            watch.HOT_TOPIC_EDITED,
            gettext_lazy("Hot topic edited"),
            gettext_lazy("Hot-topic response edited"),
        ),
        (
            watch.HOT_TOPIC_STEP,
            gettext_lazy("Hot topic step"),
            gettext_lazy("Step taken on a hot-topic response"),
        ),
    ):
        actions.register_action(action, label, message)


# ======================================================================= dashboard


@attention.register(
    allowed=watch.can_view_watches, heading=gettext_lazy("Public reaction"), order=35
)
def watched_items(user: Any) -> list[attention.AttentionItem]:
    """ "N sensitive items under watch; M with new messages" for their reviewer."""
    open_watches = list(watch.open_watches_of(user))
    if not open_watches:
        return []
    with_new = sum(1 for found in open_watches if watch.new_messages(found))
    label = ngettext(
        "%(count)d sensitive item under watch",
        "%(count)d sensitive items under watch",
        len(open_watches),
    ) % {"count": len(open_watches)}
    if with_new:
        label += "; " + ngettext(
            "%(count)d with new messages", "%(count)d with new messages", with_new
        ) % {"count": with_new}
    return [
        attention.AttentionItem(
            label=label,
            url=watch_url("index"),
            count=len(open_watches),
            urgent=bool(with_new),
        )
    ]
