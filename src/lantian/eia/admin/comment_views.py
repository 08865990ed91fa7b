"""Screens of the public's comments in the EIA back office: the moderation queue (those
awaiting moderation first), a comment with its contact (staff only), and the forms that
publish it or not (with a reason) and reply to it.

The EIA division and administrators moderate (:func:`lantian.eia.admin.access.can_moderate`,
also the door in front of these URLs, :mod:`lantian.eia.admin.urls`); every write goes
through :mod:`lantian.eia.comment_services`, which validates and audits it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from lantian.core.forms import form_page, save_with
from lantian.eia import comment_services, selectors
from lantian.eia.admin import access
from lantian.eia.admin.views import PAGE_SIZE, base, denied, url
from lantian.eia.models import Comment

PUBLISH, DECLINE = "publish", "decline"


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("comment moderation", "Publish on the project's page?"),
        choices=[
            (PUBLISH, gettext_lazy("Publish the comment")),
            (DECLINE, gettext_lazy("Do not publish it")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason not published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Required when the comment is not published (for example: personal data of "
            "others, insults, advertising, not about the project). Kept in the record, "
            "never shown on the public site."
        ),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("the bureau's reply"),
        max_length=comment_services.REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Shown under the comment on the project's public page once the comment is "
            "published; the reply to a comment not published stays in the record."
        ),
    )


def _comment(pk: int) -> Comment:
    found = selectors.staff_comment(pk)
    if found is None:
        raise Http404
    return found


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _crumbs(found: Comment | None = None) -> list[tuple[str, str]]:
    crumbs = [(_("EIA projects"), url("projects")), (_("Public comments"), url("comments"))]
    if found is not None:
        crumbs.append((_("Comment %(number)s") % {"number": found.pk}, url("comment", found.pk)))
    return crumbs


def _who(user: Any) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _summary(found: Comment) -> str:
    """The comment in one paragraph, above the forms that decide on it."""
    name = found.name or pgettext("commenter", "Anonymous")
    return _("%(name)s on %(notice)s of %(project)s, %(submitted)s: “%(text)s”") % {
        "name": name,
        "notice": found.notice.get_kind_display(),
        "project": found.notice.project.name,
        "submitted": timezone.localtime(found.submitted_at).strftime("%Y-%m-%d %H:%M"),
        "text": found.text,
    }


def comment_index(request: HttpRequest) -> HttpResponse:
    if not access.can_moderate(request.user):
        return denied(request)
    state = request.GET.get("state", "")
    state = state if state in Comment.State.values else ""
    project = _int(request.GET.get("project"))
    found = selectors.staff_comments(state=state, project=project)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("p"))
    title = _("Public comments")
    context = base(request, title, *_crumbs()[:1], (title, ""))
    context.update(
        {
            "page": page,
            "rows": [{"comment": c, "url": url("comment", c.pk)} for c in page],
            "states": Comment.State.choices,
            "state": state,
            "project": project,
            "project_name": page[0].notice.project.name if project and page else "",
            "pending": selectors.pending_comment_count(),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "p"}),
        }
    )
    return render(request, "eia/admin/comment_index.html", context)


def comment_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_moderate(request.user):
        return denied(request)
    found = _comment(pk)
    project = found.notice.project
    title = _("Comment %(number)s") % {"number": found.pk}
    context = base(request, title, *_crumbs(), (title, ""))
    context.update(
        {
            "comment": found,
            "project": project,
            "project_url": url("project", project.pk),
            "queue_url": f"{url('comments')}?{urlencode({'project': project.pk})}",
            "public_url": reverse("eia:project", args=[project.pk]) + f"#comment-{found.pk}",
            "moderate_url": url("comment_moderate", found.pk),
            "reply_url": url("comment_reply", found.pk),
            "moderated_by": _who(found.moderated_by),
            "replied_by": _who(found.replied_by),
        }
    )
    return render(request, "eia/admin/comment.html", context)


def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_moderate(request.user):
        return denied(request)
    found = _comment(pk)
    declined = found.state == Comment.State.NOT_PUBLISHED
    initial = {"decision": DECLINE if declined else PUBLISH, "reason": found.reason}
    form = ModerationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            publish = form.cleaned_data["decision"] == PUBLISH
            written = save_with(
                form,
                comment_services.moderate_comment,
                actor=request.user,
                comment=found,
                publish=publish,
                reason=form.cleaned_data["reason"],
            )
            if written is not None:
                done = (
                    _("The comment is published on the project's page.")
                    if publish
                    else _("The comment is not published; the reason is kept.")
                )
                messages.success(request, done)
                return redirect(url("comment", found.pk))
    title = _("Publish or not")
    context = base(request, title, *_crumbs(found), (title, ""))
    context["help_text"] = _summary(found)
    return form_page(request, form, context, cancel=url("comment", found.pk), status=status)


def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_moderate(request.user):
        return denied(request)
    found = _comment(pk)
    form = ReplyForm(request.POST or None, initial={"reply": found.reply})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            written = save_with(
                form,
                comment_services.reply_to_comment,
                actor=request.user,
                comment=found,
                reply=form.cleaned_data["reply"],
            )
            if written is not None:
                messages.success(request, _("The reply is saved."))
                return redirect(url("comment", found.pk))
    title = _("Correct the reply") if found.reply else _("Reply")
    context = base(request, title, *_crumbs(found), (title, ""))
    context["help_text"] = _summary(found)
    return form_page(request, form, context, cancel=url("comment", found.pk), status=status)


# Appended to the back office's patterns (lantian.eia.admin.urls), each behind the door
# of can_moderate.
patterns = [
    path("comments/", comment_index, name="comments"),
    path("comments/<int:pk>/", comment_page, name="comment"),
    path("comments/<int:pk>/moderate/", comment_moderate, name="comment_moderate"),
    path("comments/<int:pk>/reply/", comment_reply, name="comment_reply"),
]
NAMES = tuple(p.name for p in patterns)
