"""Public reaction after publication (舆情跟踪与热点回应) and the typical cases staff
write: the reads and the writes of the back office's "items under watch", "hot-topic
responses" and "typical cases".

- A disclosure item marked sensitive opens a :class:`Watch` for its reviewer (the user
  who approved its confidentiality review) when it is published: Wagtail's ``published``
  signal, received here (disclosure does not import complaints; it only answers through
  its selectors who the reviewer was and how often the page was read).
- The watch shows page views per day, the messages staff linked to the item and the
  messages that mention it (its title, index number or document number), as suggestions
  staff confirm or dismiss; a hot-topic response (:class:`HotTopic`) is opened from it
  when needed; it is closed with a note.
- Hot-topic responses move watching → drafting → published, or to closed; each step is
  appended to the topic's timeline (``HotTopic.events``) and audited.
- Typical cases are drafted and published; their text must not carry the personal data
  of the case they come from (:func:`personal_data_problems`, with core.privacy).

Every write is keyword-only, in one transaction, with an audit entry. Audit actions are
named ``lantian.watch_*``, ``lantian.hot_topic_*`` and ``lantian.typical_case_*``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.complaints.models import Complaint, HotTopic, TypicalCase, Watch, WatchMention
from lantian.core import audit, privacy
from lantian.core.roles import Role, register_permissions, roles_of
from lantian.core.text import person_names
from lantian.disclosure import selectors as disclosure

logger = logging.getLogger(__name__)

# ---- audit actions (labelled in lantian.complaints.admin.hot_topics)

WATCH_OPENED = "lantian.watch_opened"
WATCH_MESSAGE_LINKED = "lantian.watch_message_linked"
WATCH_MESSAGE_DISMISSED = "lantian.watch_message_dismissed"
WATCH_CLOSED = "lantian.watch_closed"
HOT_TOPIC_OPENED = "lantian.hot_topic_opened"
HOT_TOPIC_EDITED = "lantian.hot_topic_edited"
HOT_TOPIC_STEP = "lantian.hot_topic_step"
TYPICAL_CASE_SAVED = "lantian.typical_case_saved"
TYPICAL_CASE_PUBLISHED = "lantian.typical_case_published"
TYPICAL_CASE_UNPUBLISHED = "lantian.typical_case_unpublished"

# ---- permissions

WATCH_VIEW = "complaints.view_watch"
WATCH_CHANGE = "complaints.change_watch"
HOT_TOPIC_VIEW = "complaints.view_hottopic"
HOT_TOPIC_ADD = "complaints.add_hottopic"
HOT_TOPIC_CHANGE = "complaints.change_hottopic"
TYPICAL_VIEW = "complaints.view_typicalcase"
TYPICAL_ADD = "complaints.add_typicalcase"
TYPICAL_CHANGE = "complaints.change_typicalcase"

_WATCH = (WATCH_VIEW, WATCH_CHANGE, HOT_TOPIC_VIEW, HOT_TOPIC_ADD, HOT_TOPIC_CHANGE)
_TYPICAL = (TYPICAL_VIEW, TYPICAL_ADD, TYPICAL_CHANGE)
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    # reviewers follow what they approved and answer public concern; they also publish
    # typical cases (they review publications)
    Role.REVIEWER: _WATCH + _TYPICAL,
    Role.DEPARTMENT_HEAD: _WATCH + _TYPICAL,
    # handlers write typical cases from the cases they handled
    Role.CASE_HANDLER: _TYPICAL,
    Role.ADMINISTRATOR: _WATCH + _TYPICAL,
}
# Who may put a typical case on the public site (handlers draft, these publish).
PUBLISHERS = (Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR)

# How far back a watch page charts page views, and suggestions at most.
CHART_DAYS = 30
SUGGESTIONS_SHOWN = 20


def ready() -> None:
    """From ``ComplaintsConfig.ready``: role permissions and the publication receiver."""
    from wagtail.signals import published

    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)
    published.connect(_on_published, dispatch_uid="lantian.complaints.watch.published")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _has_role(user: Any, *roles: Role) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(set(roles) & set(roles_of(user)))


def is_office_wide(user: Any) -> bool:
    """Administrators see every watch, topic and typical case."""
    return getattr(user, "is_authenticated", False) and _has_role(user, Role.ADMINISTRATOR)


def _department_id(user: Any) -> int | None:
    profile = getattr(user, "staff_profile", None)
    return getattr(profile, "department_id", None)


# ======================================================================= watches


def _publication_date(item: Any) -> date:
    """The date disclosure records for this publication (its receiver may run after
    ours: the same rule, see ``disclosure.signals``)."""
    if item.published_on is None or item.published_on < item.formed_on:
        return timezone.localdate()
    return item.published_on


def _on_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not disclosure.is_item(instance) or not instance.live or not instance.sensitive:
        return
    open_watch(actor=None, item=instance)


@transaction.atomic
def open_watch(*, actor: Any, item: Any) -> Watch | None:
    """Open the watch of a published sensitive item for its reviewer (None for an item
    that is not live or not sensitive). Once per publication: a republication of the
    same information (same publication date) keeps its watch, open or closed."""
    if not item.live or not item.sensitive:
        return None
    published_on = _publication_date(item)
    watch, created = Watch.objects.get_or_create(
        item_id=item.pk,
        published_on=published_on,
        defaults={"reviewer": disclosure.reviewer_of(item)},
    )
    if created:
        audit.record(
            actor=actor,
            instance=watch,
            action=WATCH_OPENED,
            data={
                "item": item.pk,
                "index_no": item.index_no,
                "published_on": published_on.isoformat(),
                "reviewer": watch.reviewer_id,
            },
        )
    return watch


def open_missing_watches() -> int:
    """Open the watches a publication's receiver missed (items published by a path that
    sent no signal); safe to run again. Returns how many were opened."""
    opened = 0
    for item in disclosure.published_sensitive_items():
        if not Watch.objects.filter(item_id=item.pk, published_on=item.published_on).exists():
            opened += open_watch(actor=None, item=item) is not None
    return opened


def can_view_watches(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(WATCH_VIEW))


def can_change_watches(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(WATCH_CHANGE))


def visible_watches(user: Any) -> QuerySet[Watch]:
    """Administrators: every watch. A reviewer: their own and those without a reviewer
    (an item published directly). A department head: also those of their department's
    items. Nobody else: none."""
    watches = Watch.objects.select_related("item", "reviewer", "hot_topic")
    if not can_view_watches(user):
        return watches.none()
    if is_office_wide(user):
        return watches
    scope = Q(reviewer=user) | Q(reviewer__isnull=True)
    department = _department_id(user)
    if department is not None and _has_role(user, Role.DEPARTMENT_HEAD):
        scope |= Q(item__department_id=department)
    return watches.filter(scope)


def open_watches_of(user: Any) -> QuerySet[Watch]:
    """The open watches the user is the reviewer of (the dashboard's)."""
    return visible_watches(user).filter(reviewer=user, closed_at__isnull=True)


# ---- messages that mention an item

_TITLE_FRAME = re.compile(
    r"^(?:关于)?(?P<core>.+?)(?:的[^的]{0,4}?(?:通知|公告|通报|公示|决定|意见|报告|批复|函))?$"
)


def mention_needles(item: Any) -> list[str]:
    """What a message that mentions the item would contain: its title, the title's core
    (without 关于… 的通知), its index number and its document number."""
    needles = [item.title.strip(), (item.index_no or "").strip(), item.doc_number.strip()]
    match = _TITLE_FRAME.match(item.title.strip())
    if match:
        needles.append(match.group("core").strip('《》“”" '))
    unique: list[str] = []
    for needle in needles:
        if len(needle) >= 4 and needle not in unique:
            unique.append(needle)
    return unique


def _mentioning(item: Any) -> Q:
    query = Q(pk__in=[])
    for needle in mention_needles(item):
        query |= (
            Q(title__icontains=needle)
            | Q(description__icontains=needle)
            | Q(public_summary__icontains=needle)
        )
    return query


def linked_messages(watch: Watch) -> QuerySet[Complaint]:
    ids = watch.mentions.filter(linked=True).values("complaint_id")
    return Complaint.objects.filter(pk__in=ids).order_by("-submitted_at", "-pk")


def suggested_messages(watch: Watch) -> QuerySet[Complaint]:
    """Messages received since the publication whose text mentions the item and that
    nobody decided about yet (linked or dismissed)."""
    decided = watch.mentions.values("complaint_id")
    return (
        Complaint.objects.filter(_mentioning(watch.item), received_on__gte=watch.published_on)
        .exclude(pk__in=decided)
        .order_by("-submitted_at", "-pk")
    )


def _since(watch: Watch) -> Any:
    return watch.seen_at or watch.opened_at


def new_messages(watch: Watch) -> int:
    """Linked or suggested messages that arrived after the reviewer last looked."""
    since = _since(watch)
    linked = linked_messages(watch).filter(created_at__gt=since).count()
    return linked + suggested_messages(watch).filter(created_at__gt=since).count()


def mark_seen(*, watch: Watch, user: Any) -> None:
    """The reviewer opened the watch: later messages are new. Not audited (a reading)."""
    if getattr(user, "pk", None) and user.pk == watch.reviewer_id:
        watch.seen_at = timezone.now()
        Watch.objects.filter(pk=watch.pk).update(seen_at=watch.seen_at)


@dataclass
class MessageRow:
    """A message as the watch shows it: no personal data (masked subject and excerpt)."""

    complaint: Complaint
    subject: str
    excerpt: str
    new: bool = False
    case_url: str = ""  # the case page, for those who may open it


def message_row(complaint: Complaint, since: Any = None, width: int = 120) -> MessageRow:
    names = [complaint.name] if complaint.name else []
    text = " ".join(complaint.description.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return MessageRow(
        complaint=complaint,
        subject=privacy.mask_text(complaint.title, names=names),
        excerpt=privacy.mask_text(text, names=names),
        new=bool(since and complaint.created_at > since),
    )


@dataclass
class ViewDay:
    day: date
    views: int
    height: int = 0  # percent of the busiest day, for the bar


@dataclass
class WatchSummary:
    watch: Watch
    total_views: int = 0
    days: list[ViewDay] = field(default_factory=list)
    linked: int = 0
    suggested: int = 0
    new: int = 0


def view_days(watch: Watch, today: date | None = None, days: int = CHART_DAYS) -> list[ViewDay]:
    """Page views per day since the publication (the last ``days`` days at most)."""
    end = today or timezone.localdate()
    start = max(watch.published_on, end - timedelta(days=days - 1))
    if start > end:
        return []
    counts = disclosure.page_views_by_day([watch.item_id], start, end)[watch.item_id]
    rows = [
        ViewDay(start + timedelta(days=n), counts.get(start + timedelta(days=n), 0))
        for n in range((end - start).days + 1)
    ]
    busiest = max((row.views for row in rows), default=0)
    for row in rows:
        row.height = round(100 * row.views / busiest) if busiest else 0
    return rows


def summaries(watches: Iterable[Watch], today: date | None = None) -> list[WatchSummary]:
    watches = list(watches)
    totals = disclosure.page_views_total([w.item_id for w in watches])
    found = []
    for watch in watches:
        found.append(
            WatchSummary(
                watch=watch,
                total_views=totals.get(watch.item_id, 0),
                days=view_days(watch, today, days=14),
                linked=linked_messages(watch).count(),
                suggested=suggested_messages(watch).count(),
                new=new_messages(watch) if watch.closed_at is None else 0,
            )
        )
    return found


def _open_watch_for_update(watch: Watch) -> Watch:
    watch = Watch.objects.select_for_update().get(pk=watch.pk)
    if watch.closed_at is not None:
        raise ValidationError(_("The watch is closed."))
    return watch


@transaction.atomic
def link_message(*, actor: Any, watch: Watch, complaint: Complaint) -> WatchMention:
    """Confirm that ``complaint`` is about the watched item (also a message of the watch's
    hot-topic response, if it has one)."""
    watch = _open_watch_for_update(watch)
    mention, _created = WatchMention.objects.update_or_create(
        watch=watch, complaint=complaint, defaults={"linked": True, "decided_by": _user(actor)}
    )
    if watch.hot_topic_id:
        watch.hot_topic.complaints.add(complaint)
    audit.record(
        actor=actor,
        instance=watch,
        action=WATCH_MESSAGE_LINKED,
        data={"complaint": complaint.pk, "case_no": complaint.case_no},
    )
    return mention


@transaction.atomic
def dismiss_message(*, actor: Any, watch: Watch, complaint: Complaint) -> WatchMention:
    """Record that ``complaint`` is not about the item: no longer suggested (and no longer
    a message of the watch's hot-topic response)."""
    watch = _open_watch_for_update(watch)
    mention, _created = WatchMention.objects.update_or_create(
        watch=watch, complaint=complaint, defaults={"linked": False, "decided_by": _user(actor)}
    )
    if watch.hot_topic_id:
        watch.hot_topic.complaints.remove(complaint)
    audit.record(
        actor=actor,
        instance=watch,
        action=WATCH_MESSAGE_DISMISSED,
        data={"complaint": complaint.pk, "case_no": complaint.case_no},
    )
    return mention


@transaction.atomic
def close_watch(*, actor: Any, watch: Watch, note: str) -> Watch:
    """End the follow-up with a note (what was seen, what was done)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the watch can end.")})
    watch = _open_watch_for_update(watch)
    if watch.hot_topic_id and watch.hot_topic.state in OPEN_TOPIC_STATES:
        raise ValidationError(
            _("Publish or close the hot-topic response before closing the watch.")
        )
    watch.closed_at = timezone.now()
    watch.closed_by = _user(actor)
    watch.close_note = note
    watch.save(update_fields=["closed_at", "closed_by", "close_note"])
    audit.record(
        actor=actor,
        instance=watch,
        action=WATCH_CLOSED,
        changes={"closed_at": [None, watch.closed_at.isoformat()]},
        data={"note": note},
    )
    return watch


# ======================================================================= hot topics

State = HotTopic.State
OPEN_TOPIC_STATES = (State.WATCHING, State.DRAFTING)


@dataclass(frozen=True)
class Step:
    name: str
    label: Any
    sources: tuple[str, ...]
    target: str
    note_required: bool = False


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("draft", gettext_lazy("Draft a response"), (State.WATCHING,), State.DRAFTING),
        Step("publish", gettext_lazy("Publish the response"), (State.DRAFTING,), State.PUBLISHED),
        Step(
            "close",
            gettext_lazy("Close without a response"),
            (State.WATCHING, State.DRAFTING),
            State.CLOSED,
            note_required=True,
        ),
    )
}
EVENT_OPENED = "opened"
EVENT_LABELS = {
    EVENT_OPENED: gettext_lazy("Opened"),
    "draft": gettext_lazy("Drafting started"),
    "publish": gettext_lazy("Response published"),
    "close": gettext_lazy("Closed without a response"),
}


def steps_for(topic: HotTopic) -> list[Step]:
    return [step for step in STEPS.values() if topic.state in step.sources]


def _event(kind: str, actor: Any, note: str = "", **data: Any) -> dict[str, Any]:
    now = timezone.now()
    user = _user(actor)
    return {
        "kind": kind,
        "on": timezone.localdate(now).isoformat(),
        "at": now.isoformat(),
        "actor": user.pk if user else None,
        "actor_name": _person(user),
        "note": note,
        **data,
    }


def can_view_topics(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(HOT_TOPIC_VIEW))


def can_change_topics(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(HOT_TOPIC_CHANGE))


def can_add_topics(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(HOT_TOPIC_ADD))


def visible_topics(user: Any) -> QuerySet[HotTopic]:
    """Administrators: all. Others with the permission: the topics they own, those
    without an owner, and those of the watches they see."""
    topics = HotTopic.objects.select_related("owner", "disclosure_item")
    if not can_view_topics(user):
        return topics.none()
    if is_office_wide(user):
        return topics
    watched = visible_watches(user).exclude(hot_topic__isnull=True).values("hot_topic_id")
    return topics.filter(Q(owner=user) | Q(owner__isnull=True) | Q(pk__in=watched))


TOPIC_FIELDS = ("title", "title_en", "concern", "response")


def _clean_topic_fields(fields: dict[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(TOPIC_FIELDS)
    if unknown:
        raise TypeError(f"unknown hot-topic fields: {sorted(unknown)}")
    return {name: (value or "").strip() for name, value in fields.items()}


@transaction.atomic
def open_hot_topic(
    *,
    actor: Any,
    title: str,
    concern: str,
    watch: Watch | None = None,
    owner: Any = None,
    title_en: str = "",
    on: date | None = None,
) -> HotTopic:
    """Open a hot-topic response, under watch; from a watch it takes the watch's item,
    reviewer and linked messages."""
    values = _clean_topic_fields({"title": title, "concern": concern, "title_en": title_en})
    errors = {}
    if not values["title"]:
        errors["title"] = _("Give the topic a title.")
    if not values["concern"]:
        errors["concern"] = _("Say what the public is concerned about.")
    if errors:
        raise ValidationError(errors)
    if watch is not None:
        watch = _open_watch_for_update(watch)
        if watch.hot_topic_id:
            raise ValidationError(_("This watch already has a hot-topic response."))
    topic = HotTopic.objects.create(
        **values,
        disclosure_item_id=watch.item_id if watch else None,
        owner=owner if owner is not None else (watch.reviewer if watch else _user(actor)),
        opened_on=on or timezone.localdate(),
        events=[_event(EVENT_OPENED, actor, watch=watch.pk if watch else None)],
    )
    if watch is not None:
        watch.hot_topic = topic
        watch.save(update_fields=["hot_topic"])
        topic.complaints.set(linked_messages(watch))
    audit.record(
        actor=actor,
        instance=topic,
        action=HOT_TOPIC_OPENED,
        data={"watch": watch.pk if watch else None, "item": topic.disclosure_item_id},
    )
    return topic


def _topic_for_update(topic: HotTopic) -> HotTopic:
    return HotTopic.objects.select_for_update().get(pk=topic.pk)


@transaction.atomic
def edit_hot_topic(*, actor: Any, topic: HotTopic, **fields: Any) -> HotTopic:
    """Change the title, concern or response of a topic still open (watching or being
    drafted); a published response is changed by a new topic, not in place."""
    values = _clean_topic_fields(fields)
    topic = _topic_for_update(topic)
    if topic.state not in OPEN_TOPIC_STATES:
        raise ValidationError(_("A published or closed response is not edited."))
    if "title" in values and not values["title"]:
        raise ValidationError({"title": _("Give the topic a title.")})
    if "concern" in values and not values["concern"]:
        raise ValidationError({"concern": _("Say what the public is concerned about.")})
    before = audit.snapshot(topic, TOPIC_FIELDS)
    for name, value in values.items():
        setattr(topic, name, value)
    topic.save(update_fields=list(values) or None)
    changes = audit.changed_fields(before, audit.snapshot(topic, TOPIC_FIELDS))
    if changes:
        audit.record(actor=actor, instance=topic, action=HOT_TOPIC_EDITED, changes=changes)
    return topic


def _topic_personal_data(topic: HotTopic, text: str) -> list[str]:
    problems: list[str] = []
    for complaint in topic.complaints.all():
        problems += personal_data_problems(text, complaint)
    if not problems:
        problems = personal_data_problems(text, None)
    return list(dict.fromkeys(problems))


@transaction.atomic
def take_step(
    *, actor: Any, topic: HotTopic, step: str, note: str = "", on: date | None = None
) -> HotTopic:
    """Move the topic on (``draft``, ``publish``, ``close``), appending the step to its
    timeline. Publishing needs a response without personal data; closing needs a note."""
    found = STEPS.get(step)
    if found is None:
        raise ValidationError(_("Unknown step."))
    topic = _topic_for_update(topic)
    if topic.state not in found.sources:
        raise ValidationError(
            _("“%(step)s” is not possible while the topic is “%(state)s”.")
            % {"step": found.label, "state": topic.get_state_display()}
        )
    note = (note or "").strip()
    if found.note_required and not note:
        raise ValidationError({"note": _("Say why the topic is closed without a response.")})
    changes: dict[str, list[Any]] = {"state": [topic.state, found.target]}
    if found.target == State.PUBLISHED:
        if not topic.response.strip():
            raise ValidationError({"response": _("Write the response before publishing it.")})
        problems = _topic_personal_data(topic, f"{topic.title}\n{topic.response}")
        if problems:
            raise ValidationError({"response": problems})
        topic.published_on = on or timezone.localdate()
        changes["published_on"] = [None, topic.published_on.isoformat()]
    previous = topic.state
    topic.state = found.target
    topic.events = [*topic.events, _event(step, actor, note, **{"from": previous})]
    topic.save(update_fields=["state", "published_on", "events"])
    audit.record(
        actor=actor,
        instance=topic,
        action=HOT_TOPIC_STEP,
        changes=changes,
        data={"step": step, "note": note},
    )
    return topic


@dataclass
class TimelineEntry:
    kind: str
    label: Any
    on: str
    actor: str
    note: str


def topic_timeline(topic: HotTopic) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            kind=event.get("kind", ""),
            label=EVENT_LABELS.get(event.get("kind", ""), event.get("kind", "")),
            on=event.get("on", ""),
            actor=event.get("actor_name", ""),
            note=event.get("note", ""),
        )
        for event in topic.events or []
    ]


# ======================================================================= typical cases


def personal_data_problems(text: str, complaint: Complaint | None) -> list[str]:
    """Why ``text`` may not be published: the personal data of ``complaint`` (its
    complainant's name, phone, e-mail, ID number, contact address) written in it, or any
    ID number, phone number or e-mail address (core.privacy's patterns). Names of other
    people are not refused (officials are named); an empty list when the text is fine."""
    text = text or ""
    problems: list[str] = []
    if complaint is not None:
        known = (
            (complaint.name, _("the complainant's name")),
            (complaint.phone, _("the complainant's phone number")),
            (complaint.email, _("the complainant's e-mail address")),
            (complaint.id_number, _("the complainant's ID number")),
            (complaint.contact_address, _("the complainant's contact address")),
        )
        digits = re.sub(r"\D", "", text)
        for value, what in known:
            value = (value or "").strip()
            if len(value) < 2:
                continue
            value_digits = re.sub(r"\D", "", value)
            if value in text or (
                what == known[1][1] and len(value_digits) >= 7 and value_digits in digits
            ):
                problems.append(
                    _("The text contains %(what)s of case %(case)s.")
                    % {"what": what, "case": complaint.case_no}
                )
    # numbers and e-mails anywhere: mask the text without the names the heuristic finds
    without_names = text
    for name in person_names(text):
        without_names = without_names.replace(name, "")
    if privacy.mask_text(without_names) != without_names:
        problems.append(_("The text contains an ID number, a phone number or an e-mail address."))
    return problems


def can_view_typical(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(TYPICAL_VIEW))


def can_edit_typical(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_perm(TYPICAL_ADD)
        and user.has_perm(TYPICAL_CHANGE)
    )


def can_publish_typical(user: Any) -> bool:
    return can_edit_typical(user) and _has_role(user, *PUBLISHERS)


def cases_for_typical(user: Any) -> QuerySet[Complaint]:
    """The handled cases ``user`` may write a typical case from: those they see
    (:func:`lantian.complaints.selectors.cases_visible_to`) that were answered."""
    from lantian.complaints import selectors

    return selectors.cases_visible_to(user).filter(
        state__in=(Complaint.State.REPLIED, Complaint.State.CLOSED)
    )


def visible_typical_cases(user: Any) -> QuerySet[TypicalCase]:
    """With the permission: the typical cases without a source case, and those whose
    case the user sees (a case of another department stays hidden: 404)."""
    from lantian.complaints import selectors

    cases = TypicalCase.objects.select_related("category", "complaint")
    if not can_view_typical(user):
        return cases.none()
    if is_office_wide(user):
        return cases
    seen = selectors.cases_visible_to(user).values("pk")
    return cases.filter(Q(complaint__isnull=True) | Q(complaint__in=seen))


TYPICAL_TEXT_FIELDS = ("title", "title_en", "summary", "handling", "outcome")
TYPICAL_FIELDS = (*TYPICAL_TEXT_FIELDS, "category", "complaint")


def _check_typical(case: TypicalCase) -> None:
    errors: dict[str, list[str]] = {}
    for name in ("title", "summary", "handling"):
        if not getattr(case, name).strip():
            errors.setdefault(name, []).append(_("This field is required."))
    for name in TYPICAL_TEXT_FIELDS:
        problems = personal_data_problems(getattr(case, name), case.complaint)
        if problems:
            errors.setdefault(name, []).extend(problems)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_typical_case(*, actor: Any, case: TypicalCase | None = None, **fields: Any) -> TypicalCase:
    """Create or change a typical case (a draft until published; a published one stays
    published). Refused (ValidationError naming the field) when a text carries personal
    data of its source case or any ID number, phone or e-mail; or when ``actor`` may not
    see the source case."""
    unknown = set(fields) - set(TYPICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown typical-case fields: {sorted(unknown)}")
    complaint = fields.get("complaint")
    if (
        complaint is not None
        and actor is not None
        and not cases_for_typical(actor).filter(pk=complaint.pk).exists()
    ):
        raise ValidationError({"complaint": _("Choose a handled case you can see.")})
    if case is None:
        case = TypicalCase()
        before: dict[str, Any] = {}
    else:
        case = TypicalCase.objects.select_for_update().get(pk=case.pk)
        before = audit.snapshot(case, [*TYPICAL_TEXT_FIELDS, "category_id", "complaint_id"])
    for name, value in fields.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    _check_typical(case)
    created = case.pk is None
    case.save()
    after = audit.snapshot(case, [*TYPICAL_TEXT_FIELDS, "category_id", "complaint_id"])
    audit.record(
        actor=actor,
        instance=case,
        action=TYPICAL_CASE_SAVED,
        changes=audit.changed_fields(before, after),
        data={"created": created},
    )
    return case


@transaction.atomic
def publish_typical_case(*, actor: Any, case: TypicalCase, on: date | None = None) -> TypicalCase:
    """Put the typical case on the public site (``live``) as of ``on`` (today); its
    text is checked again for personal data."""
    if actor is not None and not can_publish_typical(actor):
        raise PermissionDenied(_("Reviewers, department heads and administrators publish."))
    case = TypicalCase.objects.select_for_update().get(pk=case.pk)
    _check_typical(case)
    if case.live:
        raise ValidationError(_("The typical case is already published."))
    case.live = True
    case.published_on = on or timezone.localdate()
    case.save(update_fields=["live", "published_on"])
    audit.record(
        actor=actor,
        instance=case,
        action=TYPICAL_CASE_PUBLISHED,
        changes={"live": [False, True], "published_on": [None, case.published_on.isoformat()]},
    )
    return case


@transaction.atomic
def unpublish_typical_case(*, actor: Any, case: TypicalCase, reason: str) -> TypicalCase:
    """Take a typical case off the public site, with the reason."""
    if actor is not None and not can_publish_typical(actor):
        raise PermissionDenied(_("Reviewers, department heads and administrators publish."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for taking the case off the site.")})
    case = TypicalCase.objects.select_for_update().get(pk=case.pk)
    if not case.live:
        raise ValidationError(_("The typical case is not published."))
    case.live = False
    case.save(update_fields=["live"])
    audit.record(
        actor=actor,
        instance=case,
        action=TYPICAL_CASE_UNPUBLISHED,
        changes={"live": [True, False]},
        data={"reason": reason},
    )
    return case
