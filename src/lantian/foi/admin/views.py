"""Staff views of disclosure applications: the case list with its queues, filters and
export, the case page with its clock, timeline and actions, the registration of letters,
visits and faxes, and the downloads of letters and released files.

Every view starts from :func:`~lantian.foi.admin.permissions.visible_cases`, so a case of
another department is not found (404), whatever the URL. Views stay thin: each action
calls one service, which checks the step and writes the audit entry; the view only
records who opened a case page or downloaded a document.
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
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from lantian.core import audit
from lantian.core.deadlines import event_rows
from lantian.core.models import Department
from lantian.core.privacy import mask_id_number, mask_name
from lantian.foi import downloads, exports, selectors, services
from lantian.foi.admin import forms as admin_forms
from lantian.foi.admin import labels
from lantian.foi.admin.permissions import can_change, can_view, case_for, denied, visible_cases
from lantian.foi.clock import REPLY_CLOCK
from lantian.foi.models import Application, Letter, ReleasedFile, Remedy
from lantian.foi.replies import BY_KEY

A = Application
Step = services.Step

# Audit actions of the back office, labelled in foi/wagtail_hooks.py.
CASE_VIEWED = "lantian.foi_case_viewed"
DOCUMENT_DOWNLOADED = services.DOCUMENT_DOWNLOADED
CASES_EXPORTED = "lantian.foi_cases_exported"

NAMESPACE = "foi_admin"


def url(name: str, *args: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


# ------------------------------------------------------------------------- clock facts


def clock_word(clock: selectors.CaseClock | None, state: str) -> str:
    """The deadline as a word, so that it never rests on colour alone."""
    if clock is None:
        return ""
    if state not in selectors.OPEN_STATES:
        if clock.on_time is False:
            return _("Replied late")
        return _("Closed") if clock.status == "stopped" else ""
    if clock.status == "not_started":
        return _("Receipt not confirmed")
    if clock.overdue:
        return _("Overdue")
    if clock.status == "paused":
        return _("Paused")
    if clock.due_soon:
        return _("Due soon")
    return _("Running")


def clock_facts(application: Application, clock: selectors.CaseClock | None) -> exports.ClockFacts:
    if clock is None:
        return exports.ClockFacts()
    open_case = application.state in selectors.OPEN_STATES
    return exports.ClockFacts(
        due=clock.statutory_due,
        days_left=clock.working_days_left if open_case else None,
        status=clock_word(clock, application.state),
    )


# ------------------------------------------------------------------------- queues


class Queue:
    NEW = "new"
    MINE = "mine"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = "all"


QUEUES: tuple[tuple[str, Promise], ...] = (
    (Queue.NEW, gettext_lazy("New")),
    (Queue.MINE, gettext_lazy("Mine")),
    (Queue.DUE_SOON, gettext_lazy("Due soon")),
    (Queue.OVERDUE, gettext_lazy("Overdue")),
    (Queue.ALL, gettext_lazy("All")),
)


def queue_filter(queryset: QuerySet[Application], queue: str, user: Any) -> QuerySet[Application]:
    """The cases of one queue within ``queryset`` (already limited to what the user sees)."""
    if queue == Queue.NEW:
        return queryset.filter(
            Q(state=A.State.RECEIVED) | Q(department__isnull=True, state__in=selectors.OPEN_STATES)
        )
    if queue == Queue.MINE:
        return queryset.filter(handler=user, state__in=selectors.OPEN_STATES)
    if queue in (Queue.DUE_SOON, Queue.OVERDUE):
        found = selectors.due_soon_and_overdue(cases=queryset)
        wanted = [a.pk for a, c in found if c.overdue == (queue == Queue.OVERDUE)]
        return queryset.filter(pk__in=wanted)
    return queryset


def queue_counts(user: Any) -> dict[str, int]:
    cases = visible_cases(user)
    found = selectors.due_soon_and_overdue(cases=cases)
    overdue = sum(1 for _a, c in found if c.overdue)
    return {
        Queue.NEW: queue_filter(cases, Queue.NEW, user).count(),
        Queue.MINE: queue_filter(cases, Queue.MINE, user).count(),
        Queue.DUE_SOON: len(found) - overdue,
        Queue.OVERDUE: overdue,
        Queue.ALL: cases.count(),
    }


def year_choices() -> list[tuple[int, int]]:
    years = A.objects.dates("submitted_at", "year", order="DESC")
    return [(d.year, d.year) for d in years]


class CaseFilterSet(WagtailFilterSet):
    queue = django_filters.ChoiceFilter(
        label=gettext_lazy("Queue"),
        choices=[(key, label) for key, label in QUEUES if key != Queue.ALL],
        empty_label=gettext_lazy("All"),
        method="filter_queue",
    )
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=A.State.choices)
    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Handling department"), queryset=Department.objects.all()
    )
    applicant_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Applicant type"), choices=A.ApplicantType.choices
    )
    reply_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Reply type"),
        choices=A._meta.get_field("reply_type").choices,
    )
    year = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Year of receipt"),
        choices=year_choices,
        coerce=int,
        method="filter_year",
    )

    class Meta:
        model = A
        fields = ["queue", "state", "department", "applicant_type", "reply_type", "year"]

    def filter_queue(self, queryset: QuerySet[Application], name: str, value: str) -> Any:
        return queue_filter(queryset, value, self.request.user)

    def filter_year(self, queryset: QuerySet[Application], name: str, value: int) -> Any:
        return queryset.filter(
            Q(received_on__year=value) | Q(received_on__isnull=True, submitted_at__year=value)
        )


# ------------------------------------------------------------------------- list columns


class ClockColumn(Column):
    """Due date, working days left and the deadline word of one row."""

    cell_template_name = "foi/admin/clock_cell.html"
    clocks: dict[int, selectors.CaseClock] = {}  # set by the view for the rows of its page

    def get_cell_context_data(self, instance: Application, parent_context: Any) -> Any:
        context = super().get_cell_context_data(instance, parent_context)
        clock = self.clocks.get(instance.pk)
        facts = clock_facts(instance, clock)
        context.update(
            facts=facts,
            urgent=bool(clock and clock.overdue and instance.state in selectors.OPEN_STATES),
            soon=bool(clock and clock.due_soon),
            provisional=bool(clock and clock.provisional),
            late=-facts.days_left if facts.days_left is not None and facts.days_left < 0 else None,
        )
        return context


def excerpt(application: Application) -> str:
    text = " ".join(application.description.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _applicant(application: Application) -> str:
    return f"{application.get_applicant_type_display()} · {mask_name(application.name)}"


def _handler(application: Application) -> str:
    user = application.handler
    return (user.get_full_name() or user.get_username()) if user else ""


class CaseIndexView(IndexView):
    """The case list: only the cases the user may see, in queues, searchable, filterable
    and exported with ID numbers masked."""

    any_permission_required = None  # checked in dispatch, answered with a 403
    filterset_class = CaseFilterSet
    search_fields = ["tracking_code", "description", "name", "document_hint"]
    search_backend_name = None
    default_ordering = "-received_on"
    page_title = gettext_lazy("Disclosure applications")
    template_name = "foi/admin/index.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not can_view(request.user):
            return denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[Application]:
        return visible_cases(self.request.user).select_related("department", "handler")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "tracking_code",
                label=gettext_lazy("Tracking code"),
                sort_key="tracking_code",
                get_url=lambda a: url("case", a.pk),
            ),
            Column("received_on", label=gettext_lazy("Received"), sort_key="received_on"),
            Column("applicant", label=gettext_lazy("Applicant"), accessor=_applicant),
            Column("excerpt", label=gettext_lazy("Information sought"), accessor=excerpt),
            Column("department", label=gettext_lazy("Department"), accessor="department"),
            Column("handler", label=gettext_lazy("Handler"), accessor=_handler),
            Column(
                "state",
                label=gettext_lazy("State"),
                accessor="get_state_display",
                sort_key="state",
            ),
            self.clock_column,
        ]

    @cached_property
    def clock_column(self) -> ClockColumn:
        return ClockColumn("clock", label=gettext_lazy("Statutory due date"))

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        # the clock column reads the clocks of this page's rows (one query for all)
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
        if not can_change(self.request.user):
            return []
        return [
            HeaderButton(
                gettext_lazy("Register an application"),
                url=url("register"),
                icon_name="plus",
            )
        ]

    list_export = [column.key for column in exports.COLUMNS]

    def as_spreadsheet(self, queryset: QuerySet[Application], spreadsheet_format: str) -> Any:
        cases = list(queryset)
        clocks = selectors.case_clocks(cases)
        audit.record(
            actor=self.request.user,
            instance=self.request.user,
            action=CASES_EXPORTED,
            data={
                "count": len(cases),
                "format": spreadsheet_format,
                "query": self.request.GET.urlencode(),
            },
        )
        rows = exports.rows(cases, lambda a: clock_facts(a, clocks.get(a.pk)))
        stamp = timezone.localdate().isoformat()
        return exports.response(rows, spreadsheet_format, f"foi-applications-{stamp}")


# ------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    form: type[admin_forms.ActionForm]
    run: Callable[[Any, Application, dict[str, Any]], Any]
    step: str | None = None  # the services step whose TRANSITIONS decide availability
    when: Callable[[Application], bool] = lambda application: True
    secondary: bool = False

    def available(self, application: Application) -> bool:
        if self.step is not None and application.state not in services.TRANSITIONS[self.step]:
            return False
        return self.when(application)


def _has_event(application: Application, step: str) -> bool:
    return application.events.filter(kind=step).exists()


def _issue_letter(user: Any, application: Application, data: dict[str, Any]) -> Any:
    from lantian.foi.letter_services import issue_letter

    return issue_letter(actor=user, application=application, kind=data["kind"], on=data["on"])


def _simple(service: str) -> Callable[[Any, Application, dict[str, Any]], Any]:
    def run(user: Any, application: Application, data: dict[str, Any]) -> Any:
        return getattr(services, service)(actor=user, application=application, **data)

    return run


ACTIONS: tuple[Action, ...] = (
    Action(
        "confirm_receipt",
        gettext_lazy("Confirm receipt"),
        admin_forms.ReceiptForm,
        _simple("confirm_receipt"),
        step=Step.RECEIPT_CONFIRMED,
        when=lambda a: a.received_on is None,
    ),
    Action(
        "assign",
        gettext_lazy("Assign"),
        admin_forms.AssignForm,
        _simple("assign"),
        step=Step.ASSIGNED,
    ),
    Action(
        "request_supplement",
        gettext_lazy("Request a supplement (补正)"),
        admin_forms.SupplementRequestForm,
        _simple("request_supplement"),
        step=Step.SUPPLEMENT_REQUESTED,
        when=lambda a: a.received_on is not None and not _has_event(a, Step.SUPPLEMENT_REQUESTED),
    ),
    Action(
        "receive_supplement",
        gettext_lazy("Record the supplement"),
        admin_forms.DateOnlyForm,
        _simple("receive_supplement"),
        step=Step.SUPPLEMENT_RECEIVED,
    ),
    Action(
        "close_unsupplemented",
        gettext_lazy("Close: not supplemented in time"),
        admin_forms.DateOnlyForm,
        _simple("close_unsupplemented"),
        step=Step.CLOSED_UNSUPPLEMENTED,
        secondary=True,
    ),
    Action(
        "start_consultation",
        gettext_lazy("Start a consultation"),
        admin_forms.ConsultationStartForm,
        _simple("start_consultation"),
        step=Step.CONSULTATION_STARTED,
    ),
    Action(
        "end_consultation",
        gettext_lazy("End the consultation"),
        admin_forms.ConsultationEndForm,
        _simple("end_consultation"),
        step=Step.CONSULTATION_ENDED,
    ),
    Action(
        "extend",
        gettext_lazy("Extend the reply period"),
        admin_forms.ExtensionForm,
        _simple("extend"),
        step=Step.EXTENDED,
        when=lambda a: a.received_on is not None and not _has_event(a, Step.EXTENDED),
    ),
    Action(
        "issue_fee_notice",
        gettext_lazy("Issue a fee notice"),
        admin_forms.FeeNoticeForm,
        _simple("issue_fee_notice"),
        step=Step.FEE_NOTICE,
        when=lambda a: a.received_on is not None and not _has_event(a, Step.FEE_NOTICE),
        secondary=True,
    ),
    Action(
        "record_fee_paid",
        gettext_lazy("Record the payment"),
        admin_forms.DateOnlyForm,
        _simple("record_fee_paid"),
        step=Step.FEE_PAID,
    ),
    Action(
        "close_fee_unpaid",
        gettext_lazy("Close: fee not paid in time"),
        admin_forms.DateOnlyForm,
        _simple("close_fee_unpaid"),
        step=Step.CLOSED_FEE_UNPAID,
        secondary=True,
    ),
    Action(
        "draft_reply",
        gettext_lazy("Draft the reply"),
        admin_forms.DraftReplyForm,
        _simple("draft_reply"),
        step=Step.REPLY_DRAFTED,
        when=lambda a: a.received_on is not None,
    ),
    Action(
        "submit_reply_for_review",
        gettext_lazy("Submit the reply for review"),
        admin_forms.EmptyForm,
        _simple("submit_reply_for_review"),
        step=Step.REPLY_SUBMITTED,
    ),
    Action(
        "approve_reply",
        gettext_lazy("Approve and send the reply"),
        admin_forms.DateOnlyForm,
        _simple("approve_reply"),
        step=Step.REPLY_APPROVED,
    ),
    Action(
        "return_reply",
        gettext_lazy("Return the reply to its drafter"),
        admin_forms.ReturnReplyForm,
        _simple("return_reply"),
        step=Step.REPLY_RETURNED,
    ),
    Action(
        "add_released_file",
        gettext_lazy("Add a released file"),
        admin_forms.ReleasedFileForm,
        _simple("add_released_file"),
        step=Step.FILE_RELEASED,
    ),
    Action(
        "issue_letter",
        gettext_lazy("Issue a letter"),
        admin_forms.LetterForm,
        _issue_letter,
        when=lambda a: a.received_on is not None or a.state != A.State.RECEIVED,
    ),
    Action(
        "record_remedy",
        gettext_lazy("Record a reconsideration or lawsuit"),
        admin_forms.RemedyForm,
        _simple("record_remedy"),
        step=Step.REMEDY,
        secondary=True,
    ),
    Action(
        "publish_proactively",
        gettext_lazy("Also publish proactively (Art. 44)"),
        admin_forms.PublishForm,
        _simple("publish_proactively"),
        step=Step.PUBLISHED_PROACTIVELY,
        when=lambda a: a.proactive_item_id is None,
        secondary=True,
    ),
    Action(
        "archive",
        gettext_lazy("Archive"),
        admin_forms.EmptyForm,
        _simple("archive"),
        step=Step.ARCHIVED,
    ),
    Action(
        "withdraw",
        gettext_lazy("Record a withdrawal"),
        admin_forms.WithdrawForm,
        _simple("withdraw"),
        step=Step.WITHDRAWN,
        secondary=True,
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


# ------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime | None
    kind: str  # "step", "clock" or "letter"
    label: str
    actor: str = ""
    note: str = ""
    details: tuple[tuple[str, str], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (label, url)


CLOCK_LABELS = {
    "start": gettext_lazy("Clock started"),
    "pause": gettext_lazy("Clock paused"),
    "resume": gettext_lazy("Clock resumed"),
    "restart": gettext_lazy("Clock restarted"),
    "extend": gettext_lazy("Clock extended"),
    "stop": gettext_lazy("Clock stopped"),
}

DETAIL_LABELS = {
    "channel": gettext_lazy("Channel"),
    "received_on": gettext_lazy("Date of receipt"),
    "deadline": gettext_lazy("Supplement by"),
    "party": gettext_lazy("Party consulted"),
    "answer_due": gettext_lazy("Answer due"),
    "days": gettext_lazy("Working days"),
    "amount": gettext_lazy("Amount (yuan)"),
    "pay_by": gettext_lazy("Pay by"),
    "reply_type": gettext_lazy("Reply type"),
    "internal_due": gettext_lazy("Internal due date"),
    "late": gettext_lazy("Late"),
    "result": gettext_lazy("Result"),
}


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _detail_value(key: str, value: Any) -> str:
    if key == "reply_type" and value in BY_KEY:
        return f"{BY_KEY[value].row} {BY_KEY[value].label_zh}"
    if key == "channel" and value in A.Channel.values:
        return str(A.Channel(value).label)
    if key == "result" and value in Remedy.Result.values:
        return str(Remedy.Result(value).label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def timeline(application: Application) -> list[TimelineEntry]:
    """Case events, clock events and letters in one list, oldest first."""
    entries: list[TimelineEntry] = []
    letters = {letter.pk: letter for letter in application.letters.all()}
    for event in application.events.select_related("actor"):
        if event.kind == "letter_issued":
            continue  # shown with its documents below
        details = tuple(
            (str(DETAIL_LABELS[key]), _detail_value(key, value))
            for key, value in (event.data or {}).items()
            if key in DETAIL_LABELS and value not in (None, "")
        )
        entries.append(
            TimelineEntry(
                on=event.on,
                at=event.at,
                kind="step",
                label=str(services.STEP_LABELS.get(event.kind, event.kind)),
                actor=_person(event.actor),
                note=event.note,
                details=details,
            )
        )
    for row in event_rows(application, REPLY_CLOCK).select_related("created_by"):
        details = ((str(DETAIL_LABELS["days"]), str(row.days)),) if row.days else ()
        entries.append(
            TimelineEntry(
                on=row.on,
                at=row.created_at,
                kind="clock",
                label=str(CLOCK_LABELS.get(row.kind, row.kind)),
                actor=_person(row.created_by),
                note=labels.clock_note(row.note),
                details=details,
            )
        )
    for letter in letters.values():
        entries.append(
            TimelineEntry(
                on=letter.issued_on,
                at=None,
                kind="letter",
                label=letter.get_kind_display(),
                actor=_person(letter.issued_by),
                documents=tuple(
                    (fmt.upper(), url("letter", application.pk, letter.pk, fmt))
                    for fmt in ("pdf", "docx")
                    if getattr(letter, fmt)
                ),
            )
        )
    order = {"step": 0, "clock": 1, "letter": 2}
    return sorted(
        entries,
        key=lambda e: (e.on, e.at.timestamp() if e.at else float("inf"), order[e.kind]),
    )


# ------------------------------------------------------------------------- case page


def _breadcrumbs(*items: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"url": link, "label": label} for label, link in items]


def case_context(
    request: HttpRequest,
    application: Application,
    bound: tuple[str, forms.Form] | None = None,
) -> dict[str, Any]:
    user = request.user
    clock = selectors.case_clock(application)
    actions = []
    if can_change(user):
        for action in ACTIONS:
            if not action.available(application):
                continue
            if bound and bound[0] == action.name:
                form = bound[1]
            else:
                form = action.form(application=application, user=user, prefix=action.name)
            actions.append(
                {
                    "action": action,
                    "form": form,
                    "url": url("act", application.pk, action.name),
                    "open": bool(bound and bound[0] == action.name),
                }
            )
    reply = BY_KEY.get(application.reply_type)
    title = application.tracking_code
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": _breadcrumbs(
            (_("Home"), reverse("wagtailadmin_home")),
            (_("Disclosure applications"), url("index")),
            (title, ""),
        ),
        "application": application,
        "masked_id": mask_id_number(application.id_number),
        "clock": clock,
        "clock_word": clock_word(clock, application.state),
        "is_open": application.state in selectors.OPEN_STATES,
        "reply": reply,
        "timeline": timeline(application),
        "released_files": [
            (f, url("released_file", application.pk, f.pk))
            for f in application.released_files.all()
        ],
        "remedies": list(application.remedies.all()),
        "primary_actions": [a for a in actions if not a["action"].secondary],
        "secondary_actions": [a for a in actions if a["action"].secondary],
    }


def case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page; every opening is in the audit log."""
    if not can_view(request.user):
        return denied(request)
    application = case_for(request.user, pk)
    audit.record(actor=request.user, instance=application, action=CASE_VIEWED)
    return render(request, "foi/admin/case.html", case_context(request, application))


def _error_messages(error: ValidationError) -> list[tuple[str | None, str]]:
    if hasattr(error, "error_dict"):
        return [
            (field, str(message))
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [(None, str(message)) for message in error.messages]


@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action of the case page through its service; errors go back on the form."""
    if not can_change(request.user):
        return denied(request)
    application = case_for(request.user, pk)
    action = ACTIONS_BY_NAME.get(name)
    if action is None:
        raise Http404
    form = action.form(
        request.POST, request.FILES, application=application, user=request.user, prefix=name
    )
    if form.is_valid():
        try:
            action.run(request.user, application, form.service_kwargs())
        except ValidationError as error:
            for field, message in _error_messages(error):
                form.add_error(field if field in form.fields else None, message)
        except (ValueError, NotImplementedError) as error:
            form.add_error(None, str(error) or _("This step is not available yet."))
        else:
            messages.success(
                request,
                _("%(action)s: done for %(code)s.")
                % {"action": action.label, "code": application.tracking_code},
            )
            return redirect(url("case", application.pk))
    application.refresh_from_db()
    context = case_context(request, application, bound=(name, form))
    return render(request, "foi/admin/case.html", context, status=400)


# ------------------------------------------------------------------------- registration


def register(request: HttpRequest) -> HttpResponse:
    """Register an application received by letter, in person, by fax or e-mail."""
    if not can_change(request.user):
        return denied(request)
    form = admin_forms.RegistrationForm(request.POST or None)
    code = None
    if request.method == "POST" and form.is_valid():
        try:
            application, code = services.register_application(
                actor=request.user, **form.registration_kwargs()
            )
        except ValidationError as error:
            for field, message in _error_messages(error):
                form.add_error(field if field in form.fields else None, message)
        else:
            visible = visible_cases(request.user).filter(pk=application.pk).exists()
            return render(
                request,
                "foi/admin/registered.html",
                {
                    "page_title": _("Application registered"),
                    "header_title": _("Application registered"),
                    "breadcrumbs_items": _breadcrumbs(
                        (_("Home"), reverse("wagtailadmin_home")),
                        (_("Disclosure applications"), url("index")),
                        (_("Application registered"), ""),
                    ),
                    "application": application,
                    "verification_code": code,
                    "case_url": url("case", application.pk) if visible else "",
                },
            )
    title = _("Register an application")
    return render(
        request,
        "foi/admin/register.html",
        {
            "page_title": title,
            "header_title": title,
            "breadcrumbs_items": _breadcrumbs(
                (_("Home"), reverse("wagtailadmin_home")),
                (_("Disclosure applications"), url("index")),
                (title, ""),
            ),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------------- downloads


def _download(
    request: HttpRequest, application: Application, field: Any, document: str, name: str
) -> HttpResponse:
    return downloads.serve(
        actor=request.user,
        application=application,
        field=field,
        document=document,
        name=name,
        applicant=False,
    )


def letter(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> Any:
    if not can_view(request.user):
        return denied(request)
    application = case_for(request.user, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    found = Letter.objects.filter(application=application, pk=letter_pk).first()
    if found is None:
        raise Http404
    return _download(
        request, application, getattr(found, fmt), f"letter:{found.kind}", found.download_name(fmt)
    )


def released_file(request: HttpRequest, pk: int, file_pk: int) -> Any:
    if not can_view(request.user):
        return denied(request)
    application = case_for(request.user, pk)
    found = ReleasedFile.objects.filter(application=application, pk=file_pk).first()
    if found is None:
        raise Http404
    return _download(
        request, application, found.file, f"released:{found.pk}", found.download_name()
    )


__all__ = ["CaseIndexView", "act", "case", "letter", "register", "released_file"]
