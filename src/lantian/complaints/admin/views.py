"""Staff views of complaints: the case list with its queues and filters, the case page
with both clocks, timeline, photos, letters and actions, the registration of calls,
petitions and supervision reports, and the downloads of photos and letters.

Every view starts from :func:`~lantian.complaints.admin.permissions.visible_cases`, so a
case of another department is not found (404), whatever the URL. Views stay thin: each
action calls one service (:mod:`lantian.complaints.services`), which checks the step and
writes the audit entry; the view only records who opened a case page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from lantian.complaints import selectors, services
from lantian.complaints.admin import forms as admin_forms
from lantian.complaints.admin.permissions import (
    can_change,
    can_register,
    can_view,
    case_for,
    denied,
    is_administrator,
    is_head,
    visible_cases,
)
from lantian.complaints.clock import INTAKE
from lantian.complaints.letter_services import LETTER_EVENT
from lantian.complaints.models import Category, Channel, Complaint, Letter, Photo
from lantian.complaints.tasks import ALARM_SENT, REMINDER_SENT
from lantian.core import audit
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.core.models import Department
from lantian.core.privacy import mask_name

C = Complaint
Step = services.Step

# Audit action of the back office, labelled in complaints/wagtail_hooks.py.
CASE_VIEWED = "lantian.complaint_case_viewed"

NAMESPACE = "complaints_admin"

# Timeline kinds written by the jobs (lantian.complaints.tasks), not steps of the case.
JOB_EVENT_LABELS = {
    REMINDER_SENT: gettext_lazy("Deadline reminder sent to staff"),
    ALARM_SENT: gettext_lazy("Website-inspection alarm sent to staff"),
}


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


# ------------------------------------------------------------------------- clock words


def clock_word(clock: selectors.ComplaintClock | None, state: str) -> str:
    """The deadline as a word, so that it never rests on colour alone."""
    if clock is None:
        return ""
    if state not in selectors.OPEN_STATES:
        if clock.on_time is False:
            return _("Answered late")
        return _("Done")
    if clock.overdue:
        return _("Overdue")
    if clock.due_soon:
        return _("Due soon")
    return _("Running")


def stage_label(clock: selectors.ComplaintClock) -> str:
    return {
        "intake": _("Intake decision"),
        "handling": _("Handling"),
        "done": _("Done"),
    }.get(clock.stage, clock.stage)


# ------------------------------------------------------------------------- queues


class Queue:
    NEW = "new"
    MINE = "mine"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UNANSWERED = "unanswered"  # public messages past the website-inspection alarm
    ALL = "all"


QUEUES: tuple[tuple[str, Promise], ...] = (
    (Queue.NEW, gettext_lazy("Awaiting intake")),
    (Queue.MINE, gettext_lazy("Mine")),
    (Queue.DUE_SOON, gettext_lazy("Due soon")),
    (Queue.OVERDUE, gettext_lazy("Overdue")),
    (Queue.UNANSWERED, gettext_lazy("Unanswered messages")),
    (Queue.ALL, gettext_lazy("All")),
)


def _due(queryset: QuerySet[Complaint], overdue: bool) -> list[int]:
    cases = list(queryset.filter(state__in=selectors.OPEN_STATES))
    clocks = selectors.case_clocks(cases)
    return [
        c.pk
        for c in cases
        if (clocks[c.pk].overdue if overdue else clocks[c.pk].due_soon and not clocks[c.pk].overdue)
    ]


def queue_filter(queryset: QuerySet[Complaint], queue: str, user: Any) -> QuerySet[Complaint]:
    """The cases of one queue within ``queryset`` (already limited to what the user sees)."""
    if queue == Queue.NEW:
        return queryset.filter(state=C.State.RECEIVED)
    if queue == Queue.MINE:
        return queryset.filter(handler=user, state__in=selectors.OPEN_STATES)
    if queue in (Queue.DUE_SOON, Queue.OVERDUE):
        return queryset.filter(pk__in=_due(queryset, queue == Queue.OVERDUE))
    if queue == Queue.UNANSWERED:
        found = [m.complaint.pk for m in selectors.unanswered_public_messages()]
        return queryset.filter(pk__in=found)
    return queryset


def queue_counts(user: Any) -> dict[str, int]:
    cases = visible_cases(user)
    open_cases = list(cases.filter(state__in=selectors.OPEN_STATES))
    clocks = selectors.case_clocks(open_cases)
    overdue = sum(1 for c in open_cases if clocks[c.pk].overdue)
    soon = sum(1 for c in open_cases if clocks[c.pk].due_soon and not clocks[c.pk].overdue)
    return {
        Queue.NEW: cases.filter(state=C.State.RECEIVED).count(),
        Queue.MINE: cases.filter(handler=user, state__in=selectors.OPEN_STATES).count(),
        Queue.DUE_SOON: soon,
        Queue.OVERDUE: overdue,
        Queue.UNANSWERED: queue_filter(cases, Queue.UNANSWERED, user).count(),
        Queue.ALL: cases.count(),
    }


def queue_url(queue: str, department: Department | None = None) -> str:
    query = f"?queue={queue}"
    if department is not None:
        query += f"&department={department.pk}"
    return url("index") + query


class CaseFilterSet(WagtailFilterSet):
    queue = django_filters.ChoiceFilter(
        label=gettext_lazy("Queue"),
        choices=[(key, label) for key, label in QUEUES if key != Queue.ALL],
        empty_label=gettext_lazy("All"),
        method="filter_queue",
    )
    channel = django_filters.ChoiceFilter(label=gettext_lazy("Channel"), choices=Channel.choices)
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Category"), queryset=Category.objects.all()
    )
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("District"),
        queryset=C._meta.get_field("district").related_model.objects.all(),
    )
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=C.State.choices)
    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Handling department"), queryset=Department.objects.all()
    )

    class Meta:
        model = C
        fields = ["queue", "channel", "category", "district", "state", "department"]

    def filter_queue(self, queryset: QuerySet[Complaint], name: str, value: str) -> Any:
        return queue_filter(queryset, value, self.request.user)


# ------------------------------------------------------------------------- list columns


class ClockColumn(Column):
    """The due date of the clock that matters now, the days left and its word."""

    cell_template_name = "complaints/admin/clock_cell.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clocks: dict[int, selectors.ComplaintClock] = {}

    def get_cell_context_data(self, instance: Complaint, parent_context: Any) -> Any:
        context = super().get_cell_context_data(instance, parent_context)
        clock = self.clocks.get(instance.pk)
        is_open = instance.state in selectors.OPEN_STATES
        days_left = clock.days_left if clock and is_open else None
        context.update(
            due=clock.due if clock else None,
            stage=stage_label(clock) if clock and is_open else "",
            word=clock_word(clock, instance.state),
            urgent=bool(clock and clock.overdue and is_open),
            soon=bool(clock and clock.due_soon and is_open),
            provisional=bool(clock and clock.provisional),
            days_left=days_left if days_left is not None and days_left >= 0 else None,
            late=-days_left if days_left is not None and days_left < 0 else None,
        )
        return context


def excerpt(complaint: Complaint) -> str:
    text = " ".join((complaint.title or complaint.description).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _complainant(complaint: Complaint) -> str:
    if complaint.anonymous or not complaint.name:
        return _("Anonymous")
    return mask_name(complaint.name)


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class CaseIndexView(IndexView):
    """The case list: only the cases the user may see, in queues, searchable and
    filterable; the complainant's name masked."""

    any_permission_required = None  # checked in dispatch, answered with a 403
    filterset_class = CaseFilterSet
    search_fields = ["case_no", "title", "description", "enterprise", "address", "name"]
    search_backend_name = None
    default_ordering = "-received_on"
    page_title = gettext_lazy("Complaints and messages")
    template_name = "complaints/admin/index.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not can_view(request.user):
            return denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[Complaint]:
        return visible_cases(self.request.user).select_related(
            "department", "handler", "category", "district"
        )

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "case_no",
                label=gettext_lazy("Case number"),
                sort_key="case_no",
                get_url=lambda c: url("case", c.pk),
            ),
            Column("received_on", label=gettext_lazy("Received"), sort_key="received_on"),
            Column("channel", label=gettext_lazy("Channel"), accessor="get_channel_display"),
            Column("category", label=gettext_lazy("Category"), accessor="category"),
            Column("excerpt", label=gettext_lazy("Subject"), accessor=excerpt),
            Column("complainant", label=gettext_lazy("Complainant"), accessor=_complainant),
            Column("district", label=gettext_lazy("District"), accessor="district"),
            Column("department", label=gettext_lazy("Department"), accessor="department"),
            Column("handler", label=gettext_lazy("Handler"), accessor=lambda c: _person(c.handler)),
            Column(
                "state", label=gettext_lazy("State"), accessor="get_state_display", sort_key="state"
            ),
            self.clock_column,
        ]

    @cached_property
    def clock_column(self) -> ClockColumn:
        return ClockColumn("clock", label=gettext_lazy("Due"))

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        self.clock_column.clocks = selectors.case_clocks(context["object_list"])
        context["queues"] = self.queue_tabs()
        return context

    def queue_tabs(self) -> list[dict[str, Any]]:
        counts = queue_counts(self.request.user)
        current = self.request.GET.get("queue") or Queue.ALL
        return [
            {
                "key": key,
                "label": label,
                "count": counts[key],
                "url": self.index_url + (f"?queue={key}" if key != Queue.ALL else ""),
                "current": key == current,
            }
            for key, label in QUEUES
        ]

    @cached_property
    def header_buttons(self) -> list[Any]:
        if not can_register(self.request.user):
            return []
        return [
            HeaderButton(
                gettext_lazy("Register a complaint"), url=url("register"), icon_name="plus"
            )
        ]


# ------------------------------------------------------------------------- actions

Run = Callable[[Any, Complaint, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    form: type[admin_forms.ActionForm]
    run: Run
    step: str | None = None  # the services step whose TRANSITIONS decide availability
    when: Callable[[Complaint, Any], bool] = lambda complaint, user: True
    secondary: bool = False
    listed: bool = True  # False: not among the next steps (drawn where it belongs)

    def available(self, complaint: Complaint, user: Any) -> bool:
        if self.step is not None and complaint.state not in services.TRANSITIONS[self.step]:
            return False
        return self.when(complaint, user)


def _simple(service: str) -> Run:
    def run(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
        return getattr(services, service)(actor=user, complaint=complaint, **data)

    return run


def _upload(file: Any) -> tuple[str, bytes]:
    file.seek(0)
    return file.name, file.read()


def _inspect(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
    photos = data.pop("photos", [])
    with transaction.atomic():  # the visit and its photos, or nothing
        inspection = services.record_inspection(actor=user, complaint=complaint, **data)
        for file in photos:
            name, content = _upload(file)
            services.add_photo(
                actor=user,
                complaint=complaint,
                filename=name,
                content=content,
                inspection=inspection,
            )
    return inspection


def _add_photos(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
    with transaction.atomic():
        for file in data["photos"]:
            name, content = _upload(file)
            services.add_photo(actor=user, complaint=complaint, filename=name, content=content)


def issue_letter(user: Any, complaint: Complaint, kind: str, on: date) -> Any:
    from lantian.complaints.letter_services import issue_letter as issue

    return issue(actor=user, complaint=complaint, kind=kind, on=on)


def _reply(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
    with_letter = data.pop("issue_letter", False)
    with transaction.atomic():  # the reply and its letter, or neither
        services.reply(actor=user, complaint=complaint, **data)
        if with_letter:
            issue_letter(user, complaint, "reply", data["on"])


def _letter(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
    return issue_letter(user, complaint, data["kind"], data["on"])


def _photo_publication(user: Any, complaint: Complaint, data: dict[str, Any]) -> Any:
    # the form offers only this case's photos
    return services.set_photo_publication(actor=user, photo=data["photo"], public=data["public"])


def _may_extend(complaint: Complaint, user: Any) -> bool:
    # 《信访条例》 Art. 33: extended "with approval" — a department head (or an administrator)
    return is_head(user) or is_administrator(user)


PHOTO_PUBLICATION = "photo_publication"

ACTIONS: tuple[Action, ...] = (
    Action(
        "accept",
        gettext_lazy("Accept"),
        admin_forms.AcceptForm,
        _simple("accept"),
        step=Step.ACCEPTED,
    ),
    Action(
        "refuse",
        gettext_lazy("Do not accept: send to the competent authority"),
        admin_forms.RefuseForm,
        _simple("refuse"),
        step=Step.REFUSED,
    ),
    Action(
        "transfer",
        gettext_lazy("Transfer to another department"),
        admin_forms.TransferForm,
        _simple("transfer"),
        step=Step.TRANSFERRED,
    ),
    Action(
        "assign_handler",
        gettext_lazy("Assign a handler"),
        admin_forms.AssignHandlerForm,
        _simple("assign_handler"),
        step=Step.HANDLER_ASSIGNED,
        when=lambda c, u: c.department_id is not None,
    ),
    Action(
        "extend",
        gettext_lazy("Extend the handling period"),
        admin_forms.ExtendForm,
        _simple("extend"),
        step=Step.EXTENDED,
        when=_may_extend,
    ),
    Action(
        "record_inspection",
        gettext_lazy("Record a site inspection"),
        admin_forms.InspectionForm,
        _inspect,
        step=Step.INSPECTED,
    ),
    Action(
        "record_findings",
        gettext_lazy("Record findings and measures"),
        admin_forms.FindingsForm,
        _simple("record_findings"),
        step=Step.FINDINGS,
    ),
    Action(
        "reply",
        gettext_lazy("Reply to the complainant"),
        admin_forms.ReplyForm,
        _reply,
        step=Step.REPLIED,
    ),
    Action(
        "record_satisfaction",
        gettext_lazy("Record the complainant's satisfaction"),
        admin_forms.SatisfactionForm,
        _simple("record_satisfaction"),
        step=Step.SATISFACTION,
    ),
    Action(
        "close",
        gettext_lazy("Close the case"),
        admin_forms.DateOnlyForm,
        _simple("close"),
        step=Step.CLOSED,
    ),
    Action(
        "publish_reply",
        gettext_lazy("Publish the masked question and reply"),
        admin_forms.PublishForm,
        _simple("publish_reply"),
        step=Step.PUBLISHED,
        when=lambda c, u: c.agrees_to_publication,
    ),
    Action(
        "issue_letter",
        gettext_lazy("Issue a letter"),
        admin_forms.LetterForm,
        _letter,
    ),
    Action(
        "add_photos",
        gettext_lazy("Add photos"),
        admin_forms.PhotoForm,
        _add_photos,
        step=Step.PHOTO,
        secondary=True,
    ),
    Action(
        PHOTO_PUBLICATION,
        gettext_lazy("Publish a photo with the reply or keep it private"),
        admin_forms.PhotoPublicationForm,
        _photo_publication,
        listed=False,  # a button beside each photo
    ),
    Action(
        "merge_duplicate",
        gettext_lazy("Merge into a master case"),
        admin_forms.MergeForm,
        _simple("merge_duplicate"),
        step=Step.MERGED,
        secondary=True,
    ),
    Action(
        "reopen",
        gettext_lazy("Reopen the case"),
        admin_forms.ReopenForm,
        _simple("reopen"),
        step=Step.REOPENED,
        secondary=True,
    ),
    Action(
        "mark_invalid",
        gettext_lazy("Reject as invalid"),
        admin_forms.InvalidForm,
        _simple("mark_invalid"),
        step=Step.INVALID,
        secondary=True,
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


# ------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime | None
    kind: str  # "step", "clock", "job" or "letter"
    label: str
    actor: str = ""
    note: str = ""
    details: tuple[tuple[str, str], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (label, url)
    public: bool = False


CLOCK_LABELS = {
    "start": gettext_lazy("Clock started"),
    "pause": gettext_lazy("Clock paused"),
    "resume": gettext_lazy("Clock resumed"),
    "restart": gettext_lazy("Clock restarted"),
    "extend": gettext_lazy("Clock extended"),
    "stop": gettext_lazy("Clock stopped"),
}

CLOCK_NAMES = {
    "intake": gettext_lazy("intake"),
    "handling": gettext_lazy("handling"),
}

DETAIL_LABELS = {
    "channel": gettext_lazy("Channel"),
    "referred_to": gettext_lazy("Sent to"),
    "handling_due": gettext_lazy("Handling due"),
    "days": gettext_lazy("Days"),
    "master": gettext_lazy("Master case"),
    "inspectors": gettext_lazy("Inspectors"),
    "substantiated": gettext_lazy("Substantiated"),
    "satisfaction": gettext_lazy("Satisfaction"),
    "on_time": gettext_lazy("On time"),
    "due": gettext_lazy("Due"),
    "round": gettext_lazy("Round"),
}


def _detail_value(key: str, value: Any) -> str:
    if key == "channel" and value in Channel.values:
        return str(Channel(value).label)
    if key == "substantiated" and value in C.Substantiated.values:
        return str(C.Substantiated(value).label)
    if key == "satisfaction" and value in C.Satisfaction.values:
        return str(C.Satisfaction(value).label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def _clock_rows(complaint: Complaint) -> QuerySet[ClockEventRow]:
    from django.contrib.contenttypes.models import ContentType

    return ClockEventRow.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=str(complaint.pk)
    ).select_related("created_by")


def _clock_name(name: str) -> str:
    base, _sep, round_ = name.partition("#")
    label = str(CLOCK_NAMES["intake" if base == INTAKE else "handling"])
    return f"{label} #{round_}" if round_ else label


def timeline(complaint: Complaint) -> list[TimelineEntry]:
    """Case events, clock events and letters in one list, oldest first."""
    entries: list[TimelineEntry] = []
    for event in complaint.events.select_related("actor"):
        if event.kind == LETTER_EVENT:
            continue  # shown with its documents below
        details = tuple(
            (str(DETAIL_LABELS[key]), _detail_value(key, value))
            for key, value in (event.data or {}).items()
            if key in DETAIL_LABELS and value not in (None, "")
        )
        job = event.kind in JOB_EVENT_LABELS
        label = JOB_EVENT_LABELS.get(event.kind) or services.STEP_LABELS.get(event.kind, event.kind)
        entries.append(
            TimelineEntry(
                on=event.on,
                at=event.at,
                kind="job" if job else "step",
                label=str(label),
                actor=_person(event.actor),
                note=event.note,
                details=details,
                public=event.public,
            )
        )
    for row in _clock_rows(complaint):
        details = ((str(DETAIL_LABELS["days"]), str(row.days)),) if row.days else ()
        entries.append(
            TimelineEntry(
                on=row.on,
                at=row.created_at,
                kind="clock",
                label=f"{CLOCK_LABELS.get(row.kind, row.kind)} ({_clock_name(row.clock)})",
                actor=_person(row.created_by),
                note=row.note if row.note not in ("duplicate", "invalid") else "",
                details=details,
            )
        )
    for letter in complaint.letters.select_related("issued_by"):
        entries.append(
            TimelineEntry(
                on=letter.issued_on,
                at=None,
                kind="letter",
                label=letter.get_kind_display(),
                actor=_person(letter.issued_by),
                documents=letter_links(complaint, letter),
            )
        )
    order = {"step": 0, "clock": 1, "job": 2, "letter": 3}
    return sorted(
        entries,
        key=lambda e: (e.on, e.at.timestamp() if e.at else float("inf"), order[e.kind]),
    )


def letter_links(complaint: Complaint, letter: Letter) -> tuple[tuple[str, str], ...]:
    return tuple(
        (fmt.upper(), url("letter", complaint.pk, letter.pk, fmt))
        for fmt in ("pdf", "docx")
        if getattr(letter, fmt)
    )


# ------------------------------------------------------------------------- case page


def _breadcrumbs(*items: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"url": link, "label": label} for label, link in items]


def _attribute_answers(complaint: Complaint) -> list[tuple[str, str]]:
    """The answers to the category's extra questions, by the questions' own words."""
    questions = {
        q.get("code"): q for q in (complaint.category.attributes or []) if isinstance(q, dict)
    }
    rows = []
    for code, answer in (complaint.attributes or {}).items():
        question = questions.get(code, {})
        names = {str(v.get("key")): v.get("name") for v in question.get("values") or []}
        values = answer if isinstance(answer, list) else [answer]
        shown = "、".join(str(names.get(str(v), v)) for v in values)
        rows.append((str(question.get("description") or code), shown))
    return rows


@dataclass(frozen=True)
class PhotoRow:
    """A photo on the case page: where it comes from, whether it is to be published,
    and the button that changes that (for staff who may work the case)."""

    photo: Photo
    link: str
    origin: str
    status: str
    publish: bool | None = None  # the button's value: True publish, False keep private, None none
    refusal: str = ""  # why it cannot be published, when it is private and no button says so
    action_url: str = ""


def photo_rows(complaint: Complaint, photos: list[Photo], may_change: bool) -> list[PhotoRow]:
    rows = []
    for photo in photos:
        if photo.inspection_id is not None:
            origin = _("Site inspection of %(date)s") % {
                "date": photo.inspection.on.strftime("%Y-%m-%d")
            }
        else:
            origin = _("Photo of the complaint")
        if photo.public:
            status = (
                _("Published with the reply")
                if complaint.published
                else _("To be published with the reply")
            )
        else:
            status = _("Private")
        publish: bool | None = None
        refusal = ""
        if photo.public:
            publish = False
        elif (error := services.photo_publication_refusal(photo)) is None:
            publish = True
        else:
            refusal = " ".join(error.messages)
        rows.append(
            PhotoRow(
                photo=photo,
                link=url("photo", complaint.pk, photo.pk),
                origin=origin,
                status=status,
                publish=publish if may_change else None,
                refusal=refusal,
                action_url=url("act", complaint.pk, PHOTO_PUBLICATION) if may_change else "",
            )
        )
    return rows


def case_context(
    request: HttpRequest,
    complaint: Complaint,
    bound: tuple[str, forms.Form] | None = None,
) -> dict[str, Any]:
    user = request.user
    clock = selectors.case_clock(complaint)
    actions = []
    if can_change(user):
        for action in ACTIONS:
            if not action.listed or not action.available(complaint, user):
                continue
            if bound and bound[0] == action.name:
                form = bound[1]
            else:
                form = action.form(complaint=complaint, user=user, prefix=action.name)
            actions.append(
                {
                    "action": action,
                    "form": form,
                    "url": url("act", complaint.pk, action.name),
                    "open": bool(bound and bound[0] == action.name),
                }
            )
    title = complaint.case_no
    photos = list(complaint.photos.select_related("inspection", "complaint"))
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": _breadcrumbs(
            (_("Home"), reverse("wagtailadmin_home")),
            (_("Complaints and messages"), url("index")),
            (title, ""),
        ),
        "complaint": complaint,
        "clock": clock,
        "clock_word": clock_word(clock, complaint.state),
        "stage": stage_label(clock),
        "is_open": complaint.state in selectors.OPEN_STATES,
        "answers": _attribute_answers(complaint),
        "timeline": timeline(complaint),
        "inspections": list(complaint.inspections.all()),
        "photos": photo_rows(complaint, photos, can_change(user)),
        "duplicates": [
            (d, url("case", d.pk))
            for d in visible_cases(user).filter(master=complaint).order_by("received_on")
        ],
        "master_url": (
            url("case", complaint.master_id)
            if complaint.master_id and visible_cases(user).filter(pk=complaint.master_id).exists()
            else ""
        ),
        "primary_actions": [a for a in actions if not a["action"].secondary],
        "secondary_actions": [a for a in actions if a["action"].secondary],
    }


def case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page; every opening is in the audit log."""
    if not can_view(request.user):
        return denied(request)
    complaint = case_for(request.user, pk)
    audit.record(actor=request.user, instance=complaint, action=CASE_VIEWED)
    return render(request, "complaints/admin/case.html", case_context(request, complaint))


def _error_messages(error: ValidationError) -> list[tuple[str | None, str]]:
    if hasattr(error, "error_dict"):
        return [
            (field, str(message))
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [(None, str(message)) for message in error.messages]


# service argument → form field, where the names differ
FIELD_ALIASES = {"photo": "photos"}


@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action of the case page through its service; errors go back on the form."""
    if not can_change(request.user):
        return denied(request)
    complaint = case_for(request.user, pk)
    action = ACTIONS_BY_NAME.get(name)
    if action is None:
        raise Http404
    form = action.form(
        request.POST, request.FILES, complaint=complaint, user=request.user, prefix=name
    )
    if form.is_valid():
        try:
            action.run(request.user, complaint, form.service_kwargs())
        except ValidationError as error:
            for field, message in _error_messages(error):
                field = FIELD_ALIASES.get(field or "", field)
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("%(action)s: done for %(code)s.")
                % {"action": action.label, "code": complaint.case_no},
            )
            return redirect(url("case", complaint.pk))
    complaint.refresh_from_db()
    context = case_context(request, complaint, bound=(name, form))
    # an action not offered to this user (e.g. an extension by a handler) still says why
    offered = context["primary_actions"] + context["secondary_actions"]
    if not any(item["action"].name == name for item in offered):
        context["refused_action"] = {"action": action, "form": form}
    return render(request, "complaints/admin/case.html", context, status=400)


# ------------------------------------------------------------------------- registration


def register(request: HttpRequest) -> HttpResponse:
    """Register a 12369 call, a petition by letter or visit, or a supervision report."""
    if not can_register(request.user):
        return denied(request)
    form = admin_forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = services.register_complaint(
                actor=request.user, **form.registration_kwargs()
            )
        except ValidationError as error:
            for field, message in _error_messages(error):
                form.add_error(field if field in form.fields else None, message)
        else:
            visible = visible_cases(request.user).filter(pk=complaint.pk).exists()
            title = _("Complaint registered")
            return render(
                request,
                "complaints/admin/registered.html",
                {
                    "page_title": title,
                    "header_title": title,
                    "breadcrumbs_items": _breadcrumbs(
                        (_("Home"), reverse("wagtailadmin_home")),
                        (_("Complaints and messages"), url("index")),
                        (title, ""),
                    ),
                    "complaint": complaint,
                    "verification_code": code,
                    "case_url": url("case", complaint.pk) if visible else "",
                },
            )
    title = _("Register a complaint")
    return render(
        request,
        "complaints/admin/register.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(
                (_("Home"), reverse("wagtailadmin_home")),
                (_("Complaints and messages"), url("index")),
                (title, ""),
            ),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------------- downloads


def photo(request: HttpRequest, pk: int, photo_pk: int) -> Any:
    """A photo of the case (the cleaned copy; ``?original=1`` the evidence as received)."""
    from lantian.complaints import downloads

    if not can_view(request.user):
        return denied(request)
    complaint = case_for(request.user, pk)
    found = Photo.objects.filter(complaint=complaint, pk=photo_pk).first()
    if found is None:
        raise Http404
    return downloads.serve_photo(
        request, complaint, found, public=False, original=request.GET.get("original") == "1"
    )


def letter(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> Any:
    from lantian.complaints import downloads

    if not can_view(request.user):
        return denied(request)
    complaint = case_for(request.user, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    found = Letter.objects.filter(complaint=complaint, pk=letter_pk).first()
    if found is None:
        raise Http404
    return downloads.serve_letter(request, found, fmt)


__all__ = ["CaseIndexView", "act", "case", "letter", "photo", "register"]
