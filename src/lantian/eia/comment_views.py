"""The public's comments on a project's open notices: the "Public comments" section of
the project page (the counts, the published comments with the bureau's replies, a form
per open notice that invites comments) and the form's own page (`eia:comment`), which
takes the comment, rate-limited per client, and shows what it refused.

The project page is public and cacheable; while it carries a form (a CSRF token) or a
message for this visitor it is not cached."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantian.core import ratelimit
from lantian.core.forms import PublicForm, add_service_errors
from lantian.eia import comment_services, selectors
from lantian.eia.models import Comment, Notice, Project

COMMENT_ACTION = "eia-comment"
PUBLIC_MAX_AGE = 300


def comment_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("EIA_COMMENT_RATE", "5/hour")


class CommentForm(PublicForm):
    """A comment on one open notice. The name is optional and shown with the comment once
    it is published; the contact is for the bureau's reply alone."""

    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=Comment._meta.get_field("name").max_length,
        required=False,
        help_text=gettext_lazy(
            "Optional. Shown with your comment once it is published; without it the "
            "comment is shown as anonymous."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=gettext_lazy("How to reach you"),
        max_length=Comment._meta.get_field("contact").max_length,
        required=False,
        help_text=gettext_lazy(
            "Optional: a phone number or an email address, should the bureau need to ask "
            "you about your comment. It is never published."
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=Comment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "At most 2,000 characters, on the project's environmental impact. The bureau "
            "publishes comments after moderation and may reply to them."
        ),
        error_messages={"required": gettext_lazy("Write your comment.")},
    )
    # a field people never see (hidden from sight and from screen readers)
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (self.data.get("website") or "").strip():
            raise forms.ValidationError(_("This comment could not be accepted."), code="spam")
        return data


def comment_form(notice: Notice, data: Any = None) -> CommentForm:
    """The form of ``notice``, its ids distinct from other notices' forms on the page."""
    return CommentForm(data, auto_id=f"id_notice{notice.pk}_%s")


def _closed_message(project: Project, today: date) -> str:
    last = selectors.last_comment_period(project, today)
    coming = selectors.next_comment_period(project, today)
    if coming is not None:
        return _(
            "Comments are accepted only while an acceptance, proposed-approval or completion "
            "notice is open; the next one opens on %(date)s."
        ) % {"date": coming.starts_on.isoformat()}
    if last is not None:
        return _(
            "Comments are accepted only while an acceptance, proposed-approval or completion "
            "notice is open; the last one ended on %(date)s."
        ) % {"date": last.ends_on.isoformat()}
    return _(
        "Comments are accepted only while an acceptance, proposed-approval or completion "
        "notice is open; this project has none."
    )


def section(
    project: Project, today: date, posted: CommentForm | None = None, posted_notice: int = 0
) -> dict[str, Any]:
    """The context of the "Public comments" section (``comment_section``): the counts,
    per notice that invites comments too, the published comments, a form per notice open
    on ``today`` (``posted`` for ``posted_notice``), or why none is open."""
    by_notice = selectors.notice_comment_counts(project)
    open_now = selectors.open_notices(project, today)
    return {
        "comment_section": {
            "counts": selectors.comment_counts(project),
            "notices": [
                {
                    "label": n.get_kind_display(),
                    "starts_on": n.starts_on,
                    "ends_on": n.ends_on,
                    "counts": by_notice.get(n.pk, selectors.CommentCounts()),
                }
                for n in project.notices.all()
                if selectors.invites_comments(n)
            ],
            "comments": selectors.published_comments(project),
            "forms": [
                {
                    "notice": n,
                    "label": n.get_kind_display(),
                    "form": posted if posted is not None and n.pk == posted_notice else None,
                }
                for n in open_now
            ],
            "closed": "" if open_now else _closed_message(project, today),
        }
    }


def _with_forms(context: dict[str, Any]) -> dict[str, Any]:
    for entry in context["comment_section"]["forms"]:
        if entry["form"] is None:
            entry["form"] = comment_form(entry["notice"])
    return context


def project_section(project: Project, today: date) -> dict[str, Any]:
    """The section as the project page shows it."""
    return _with_forms(section(project, today))


def cache(request: HttpRequest, response: HttpResponse, context: dict[str, Any]) -> HttpResponse:
    """The project page's caching: public for a few minutes, unless it carries a comment
    form (a CSRF token) or a message for this visitor."""
    if context["comment_section"]["forms"] or len(messages.get_messages(request)):
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _refusal(error: ValidationError) -> forms.Form:
    """A refusal that belongs to no field of a form on the page (the notice has closed,
    or takes no comments), for the error summary."""
    refusal = forms.Form({})
    refusal.full_clean()
    add_service_errors(refusal, error)
    return refusal


def _page(
    request: HttpRequest, project: Project, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.update({"project": project})
    return render(request, "eia/comment.html", _with_forms(context), status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The comment form of a project's open notices; a comment posted here (from this
    page or the project page) is taken, then the visitor goes back to the project page
    with thanks, or sees here what was refused."""
    project = selectors.public_project(pk)
    if project is None:
        raise Http404
    today = timezone.localdate()
    if request.method != "POST":
        return _page(request, project, section(project, today))
    client = ratelimit.client_ip(request)
    try:
        ratelimit.check(COMMENT_ACTION, client, comment_rate())
    except ratelimit.RateLimited as exc:
        return ratelimit.refused(request, exc, "eia/ratelimited.html")
    raw = request.POST.get("notice", "")
    notice = next((n for n in project.notices.all() if str(n.pk) == raw), None)
    if notice is None:
        raise Http404
    try:
        comment_services.check_open(notice, today)
    except ValidationError as error:
        context = section(project, today)
        context["refusal"] = _refusal(error)
        return _page(request, project, context, status=400)
    form = comment_form(notice, request.POST)
    if form.is_valid():
        try:
            comment_services.submit_comment(
                notice=notice,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                text=form.cleaned_data["text"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            ratelimit.hit(COMMENT_ACTION, client, comment_rate())
            messages.success(
                request,
                _(
                    "Thank you: your comment has been received. It will appear on this page "
                    "once the bureau has moderated it."
                ),
            )
            return redirect(reverse("eia:project", args=[project.pk]) + "#comments")
    context = section(project, today, posted=form, posted_notice=notice.pk)
    return _page(request, project, context, status=400)
