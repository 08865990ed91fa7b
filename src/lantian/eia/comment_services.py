"""Every write of the public's comments on EIA notices: a comment submitted while a notice
that invites comments is open, its moderation (published, or not published with a
reason) and the bureau's reply. Each write is one transaction with an audit entry on the
comment (no personal data in the entry: neither the name nor the contact).

Each write takes ``actor`` None (the public, or a demo) and an optional time it happened
(``submitted_at``, ``moderated_at``, ``replied_at``) so that a demo can backdate it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantian.core import audit
from lantian.eia import selectors
from lantian.eia.models import Comment, Notice

# Audit actions (labels registered in wagtail_hooks.py).
COMMENT_SUBMITTED = "lantian.eia_comment_submitted"
COMMENT_MODERATED = "lantian.eia_comment_moderated"
COMMENT_REPLIED = "lantian.eia_comment_replied"

TEXT_MAX_LENGTH = Comment._meta.get_field("text").max_length or 2000
REPLY_MAX_LENGTH = 5000


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        _refuse(
            field,
            _("Use at most %(limit)d characters (you entered %(count)d).")
            % {"limit": limit, "count": len(value)},
        )


def check_open(notice: Notice, today: date) -> None:
    """Refuse (ValidationError on ``notice``) a comment on ``notice`` on ``today``: a
    decision notice, or a day before its start or after its end."""
    if not selectors.invites_comments(notice):
        _refuse(
            "notice",
            _(
                "A decision notice does not invite comments; comments are accepted only "
                "while an acceptance, proposed-approval or completion notice is open."
            ),
        )
    if today < notice.starts_on:
        _refuse(
            "notice",
            _(
                "The comment period of this notice starts on %(date)s; comments are "
                "accepted from that day on."
            )
            % {"date": notice.starts_on.isoformat()},
        )
    if today > notice.ends_on:
        _refuse(
            "notice",
            _(
                "The comment period of this notice ended on %(date)s; comments are no "
                "longer accepted."
            )
            % {"date": notice.ends_on.isoformat()},
        )


@transaction.atomic
def submit_comment(
    *,
    notice: Notice,
    name: str,
    contact: str,
    text: str,
    today: date | None = None,
    submitted_at: datetime | None = None,
    actor: Any = None,
) -> Comment:
    """Receive a comment on ``notice``, pending moderation. ``today`` is the local
    (Asia/Shanghai) date it arrives (the local date of ``submitted_at``, or of now, when
    not given). Refused (ValidationError naming the field): a notice of a project that is
    not public; a decision notice; before the notice starts or after it ends (the message
    names the date); an empty comment; a name, contact or text too long."""
    if submitted_at is not None and today is None:
        today = timezone.localdate(submitted_at)
    today = today or timezone.localdate()
    notice = Notice.objects.select_related("project").get(pk=notice.pk)
    if not selectors.public_projects().filter(pk=notice.project_id).exists():
        _refuse("notice", _("This project is not public; it takes no comments."))
    check_open(notice, today)
    comment = Comment(
        notice=notice,
        name=" ".join((name or "").split()),
        contact=" ".join((contact or "").split()),
        text=_text(text),
    )
    if not comment.text:
        _refuse("text", _("Write your comment."))
    _check_length("text", comment.text, TEXT_MAX_LENGTH)
    comment.full_clean()
    comment.save()
    if submitted_at is not None:  # submitted_at is auto_now_add: backdate it after the insert
        Comment.objects.filter(pk=comment.pk).update(submitted_at=submitted_at)
        comment.submitted_at = submitted_at
    audit.record(
        actor=actor,
        instance=comment,
        action=COMMENT_SUBMITTED,
        data={"project": notice.project_id, "notice": notice.pk, "kind": notice.kind},
    )
    return comment


@transaction.atomic
def moderate_comment(
    *,
    actor: Any,
    comment: Comment,
    publish: bool,
    reason: str = "",
    moderated_at: datetime | None = None,
) -> Comment:
    """Publish the comment, or decline it with a ``reason`` (kept for the bureau, never
    shown with the comment). A decision can be changed; each change is audited with the
    old and new state. Refused (ValidationError on ``reason``): declining without one."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    reason = _text(reason)
    if publish:
        reason = ""
    elif not reason:
        _refuse("reason", _("Say why the comment is not published."))
    state = Comment.State.PUBLISHED if publish else Comment.State.NOT_PUBLISHED
    before = audit.snapshot(comment, ["state", "reason"])
    if before == {"state": state, "reason": reason}:
        return comment
    comment.state, comment.reason = state, reason
    comment.moderated_by = _user(actor)
    comment.moderated_at = moderated_at or timezone.now()
    comment.full_clean()
    comment.save()
    audit.record(
        actor=actor,
        instance=comment,
        action=COMMENT_MODERATED,
        changes=audit.changed_fields(before, audit.snapshot(comment, ["state", "reason"])),
        data={"project": comment.notice.project_id, "notice": comment.notice_id},
    )
    return comment


@transaction.atomic
def reply_to_comment(
    *,
    actor: Any,
    comment: Comment,
    reply: str,
    replied_at: datetime | None = None,
) -> Comment:
    """The bureau's reply to a comment, published or not (the public sees it only with a
    published comment); a second call corrects it, audited with the old and new text.
    Refused (ValidationError on ``reply``): an empty or too long reply."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    reply = _text(reply)
    if not reply:
        _refuse("reply", _("Write the reply."))
    _check_length("reply", reply, REPLY_MAX_LENGTH)
    if reply == comment.reply:
        return comment
    before = comment.reply
    comment.reply = reply
    comment.replied_by = _user(actor)
    comment.replied_at = replied_at or timezone.now()
    comment.save()
    audit.record(
        actor=actor,
        instance=comment,
        action=COMMENT_REPLIED,
        changes={"reply": [before, reply]},
        data={"project": comment.notice.project_id, "notice": comment.notice_id},
    )
    return comment
