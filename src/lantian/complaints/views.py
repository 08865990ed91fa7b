"""Public pages of public interaction under the 政民互动 section (`/interaction/…`): the
complaint form and the director's mailbox with their one-time confirmation, tracking
with the case number and verification code, the published replies and their feed,
typical cases, hot-topic responses and the statistics.

The form, confirmation and tracking pages are never cached (a CSRF token, a one-time
code, a case only its complainant may see); the public lists are, briefly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantian.complaints import downloads, selectors, services, tracking, watch
from lantian.complaints.forms import (
    ComplaintForm,
    MailboxForm,
    SatisfactionForm,
    TrackingForm,
    districts,
    location_map,
    render_token,
)
from lantian.complaints.models import Category, Channel, Complaint, HotTopic, TypicalCase
from lantian.core import ratelimit

PUBLIC = cache_control(public=True, max_age=300)
SUBMIT_ACTION = "complaints-submit"
TRACK_ACTION = "complaints-track"
CONFIRMATION_KEY = "complaints_confirmation"
SIGNED_OUT_KEY = "complaints_signed_out"
PER_PAGE = 20


def retention_years() -> int:
    return int(getattr(settings, "COMPLAINTS_RETENTION_YEARS", 5))


def submit_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("COMPLAINTS_SUBMIT_RATE", "5/hour")


def track_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("COMPLAINTS_TRACK_RATE", "10/hour")


def too_many(request: HttpRequest, exc: ratelimit.RateLimited) -> HttpResponse:
    return ratelimit.refused(request, exc, "complaints/public/ratelimited.html")


def add_service_errors(form: ComplaintForm, error: ValidationError) -> None:
    """Put a refusal of the service on the form's fields where it names one (a photo's
    refusal on the photos field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = "photos" if field == "photo" else field
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ---------------------------------------------------------------- the forms


def _submit(request: HttpRequest, form_class: type[ComplaintForm], template: str) -> HttpResponse:
    form = form_class(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        try:
            ratelimit.check(SUBMIT_ACTION, client, submit_rate())
        except ratelimit.RateLimited as exc:
            return too_many(request, exc)
        if form.is_valid():
            try:
                # the case and its photos together: a refused photo keeps nothing
                with transaction.atomic():
                    complaint, code = services.register_complaint(
                        actor=None, submitted_at=timezone.now(), **form.complaint_fields()
                    )
                    for photo in form.cleaned_data.get("photos") or []:
                        photo.seek(0)
                        services.add_photo(
                            actor=None,
                            complaint=complaint,
                            filename=photo.name,
                            content=photo.read(),
                        )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                ratelimit.hit(SUBMIT_ACTION, client, submit_rate())
                # Shown once on the next page, then gone: never in a URL.
                request.session[CONFIRMATION_KEY] = {
                    "case_no": complaint.case_no,
                    "verification_code": code,
                    "submitted_at": complaint.submitted_at.isoformat(),
                    "channel": complaint.channel,
                    "intake_limit": complaint.intake_limit,
                    "handling_limit": complaint.handling_limit,
                }
                return redirect("complaints:confirmation")
        status = 400
        # a redrawn form gets a fresh time stamp (a person corrects it in more than seconds)
        form.data = form.data.copy()
        form.data["form_token"] = render_token()
    context = {
        "form": form,
        "location_map": location_map(),
        "retention_years": retention_years(),
        "mailbox": form_class is MailboxForm,
    }
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def new_complaint(request: HttpRequest) -> HttpResponse:
    return _submit(request, ComplaintForm, "complaints/public/new.html")


@never_cache
@require_http_methods(["GET", "POST"])
def new_letter(request: HttpRequest) -> HttpResponse:
    return _submit(request, MailboxForm, "complaints/public/new.html")


@never_cache
def confirmation(request: HttpRequest) -> HttpResponse:
    """The codes, once: reloading the page no longer shows the verification code."""
    codes = request.session.pop(CONFIRMATION_KEY, None)
    context: dict[str, Any] = {"codes": codes}
    if codes:
        context["submitted_at"] = timezone.localtime(datetime.fromisoformat(codes["submitted_at"]))
        context["mailbox"] = codes.get("channel") == Channel.MAILBOX
    return render(request, "complaints/public/confirmation.html", context)


# ---------------------------------------------------------------- tracking


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.POST or None)
    failed = False
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        try:
            ratelimit.check(TRACK_ACTION, client, track_rate())
        except ratelimit.RateLimited as exc:
            return too_many(request, exc)
        if form.is_valid():
            complaint = tracking.find_verified(
                form.cleaned_data["case_no"], form.cleaned_data["verification_code"]
            )
            if complaint is not None:
                tracking.remember(request.session, complaint)
                return redirect("complaints:case")
            ratelimit.hit(TRACK_ACTION, client, track_rate())
            failed = True
    context = {
        "form": form,
        "failed": failed,
        "signed_out": request.session.pop(SIGNED_OUT_KEY, False),
    }
    return render(request, "complaints/public/track.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest) -> HttpResponse:
    complaint = tracking.verified_case(request.session)
    if complaint is None:
        return redirect("complaints:track")
    form = SatisfactionForm(request.POST or None)
    thanked = False
    if request.method == "POST":
        status = tracking.case_status(complaint)
        if not status.can_rate:
            return redirect("complaints:case")
        if form.is_valid():
            try:
                services.record_satisfaction(
                    actor=None,
                    complaint=complaint,
                    satisfaction=form.cleaned_data["satisfaction"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                complaint.refresh_from_db()
                form = SatisfactionForm()
                thanked = True
    context = {
        "status": tracking.case_status(complaint),
        "letters": tracking.complainant_letters(complaint),
        "satisfaction_form": form,
        "thanked": thanked,
        "session_minutes": tracking.SESSION_SECONDS // 60,
    }
    return render(request, "complaints/public/case.html", context)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Sign this browser out of the case: the case page needs both codes again."""
    tracking.forget(request.session)
    request.session[SIGNED_OUT_KEY] = True  # said once on the tracking page
    return redirect("complaints:track")


@never_cache
def letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A letter issued to the complainant, for the browser that verified the case."""
    complaint = tracking.verified_case(request.session)
    if complaint is None or fmt not in ("pdf", "docx"):
        raise Http404
    found = next((x for x in tracking.complainant_letters(complaint) if x.pk == pk), None)
    if found is None:
        raise Http404
    return downloads.serve_letter_to_complainant(request, complaint, found, fmt)


# ---------------------------------------------------------------- published replies


public_text = selectors.public_text  # the feeds import it from here


@dataclass(frozen=True)
class PublicReply:
    pk: int
    category: str
    channel: str
    kind: str
    district: str
    received_on: date
    replied_on: date | None
    summary: str
    reply: str
    photos: list[Any]


def public_reply(complaint: Complaint, *, photos: bool = False) -> PublicReply:
    """What a published case shows: never the complainant's own fields."""
    return PublicReply(
        pk=complaint.pk,
        category=complaint.category.display_name,
        channel=complaint.get_channel_display(),
        kind=complaint.get_mailbox_kind_display() if complaint.mailbox_kind else "",
        district=complaint.district.display_name if complaint.district else "",
        received_on=complaint.received_on,
        replied_on=complaint.replied_on,
        summary=public_text(complaint, complaint.public_summary),
        reply=public_text(complaint, complaint.public_reply),
        photos=list(complaint.photos.filter(public=True)) if photos else [],
    )


@dataclass(frozen=True)
class ReplyFilter:
    category: str
    channel: str
    year: int | None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def paginate(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def reply_filter(request: HttpRequest) -> ReplyFilter:
    return ReplyFilter(
        category=request.GET.get("category", "").strip()[:40],
        channel=request.GET.get("channel", "").strip()[:20],
        year=_int(request.GET.get("year")),
    )


def filtered_replies(chosen: ReplyFilter) -> Any:
    replies = selectors.public_replies()
    if chosen.category:
        replies = replies.filter(category__code=chosen.category)
    if chosen.channel:
        replies = replies.filter(channel=chosen.channel)
    if chosen.year:
        replies = replies.filter(replied_on__year=chosen.year)
    return replies


@PUBLIC
def replies(request: HttpRequest) -> HttpResponse:
    chosen = reply_filter(request)
    page = paginate(request, filtered_replies(chosen))
    years = sorted(
        {d.year for d in selectors.public_replies().dates("replied_on", "year")}, reverse=True
    )
    channels = sorted(
        set(selectors.public_replies().order_by().values_list("channel", flat=True).distinct())
    )
    context = {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "items": [public_reply(c) for c in page.object_list],
        "chosen": chosen,
        "categories": Category.objects.all(),
        "channels": [(c, Channel(c).label) for c in channels],
        "years": years,
        "filtered": bool(chosen.category or chosen.channel or chosen.year),
    }
    return render(request, "complaints/public/replies.html", context)


@PUBLIC
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(selectors.public_replies(), pk=pk)
    return render(
        request,
        "complaints/public/reply.html",
        {"item": public_reply(complaint, photos=True)},
    )


def reply_photo(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    """A photo staff marked public, of a published case only (cleaned copy: no EXIF)."""
    complaint = get_object_or_404(selectors.public_replies(), pk=pk)
    found = complaint.photos.filter(pk=photo, public=True).first()
    if found is None:
        raise Http404
    return downloads.serve_photo(request, complaint, found, public=True)


# ---------------------------------------------------------------- typical cases, hot topics


def live_typical_cases() -> Any:
    return TypicalCase.objects.filter(live=True).select_related("category")


def published_hot_topics() -> Any:
    return HotTopic.objects.filter(state=HotTopic.State.PUBLISHED)


@PUBLIC
def typical_cases(request: HttpRequest) -> HttpResponse:
    page = paginate(request, live_typical_cases())
    context = {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}
    return render(request, "complaints/public/typical_cases.html", context)


@PUBLIC
def typical_case(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(live_typical_cases(), pk=pk)
    return render(request, "complaints/public/typical_case.html", {"item": item})


@PUBLIC
def hot_topics(request: HttpRequest) -> HttpResponse:
    page = paginate(request, published_hot_topics())
    context = {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}
    return render(request, "complaints/public/hot_topics.html", context)


@dataclass(frozen=True)
class TopicEvent:
    on: str
    label: str


# The steps of a hot topic the public sees: when the concern was taken up and when the
# response came out (drafting is internal; staff names are never shown).
PUBLIC_TOPIC_STEPS = ("opened", "publish")


def topic_timeline(topic: HotTopic) -> list[TopicEvent]:
    return [
        TopicEvent(on=entry.on, label=str(entry.label))
        for entry in watch.topic_timeline(topic)
        if entry.kind in PUBLIC_TOPIC_STEPS
    ]


@PUBLIC
def hot_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(published_hot_topics(), pk=pk)
    context = {"item": topic, "timeline": topic_timeline(topic)}
    return render(request, "complaints/public/hot_topic.html", context)


# ---------------------------------------------------------------- statistics

# Rates from fewer cases than this are shown but said to mean little.
FEW_CASES = 10


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    received: int
    closed: int
    note: str = ""  # e.g. "incomplete" for the current month


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    rows: list[StatRow]
    first_column: str

    def spec(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "x": [row.label for row in self.rows],
            "series": [
                {"name": _("Received"), "data": [row.received for row in self.rows]},
                {"name": _("Answered"), "data": [row.closed for row in self.rows]},
            ],
        }


def _rows(counts: dict[Any, dict[str, int]], labels: dict[Any, str]) -> list[StatRow]:
    rows = [
        StatRow(str(key), labels.get(key) or (str(key) if key else _("Not given")), **value)
        for key, value in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.received, r.label))


def _period_state(year: int, month: int | None, today: date) -> str:
    """ "future", "incomplete" (it includes today) or "complete"."""
    if (year, month or 12) < (today.year, today.month) or year < today.year:
        return "complete"
    if year > today.year or (month is not None and month > today.month):
        return "future"
    return "incomplete"


def _previous(year: int, month: int | None) -> tuple[int, int | None]:
    if month is None:
        return year - 1, None
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@PUBLIC
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _int(request.GET.get("year")) or today.year
    month = _int(request.GET.get("month"))
    if not 2000 <= year <= today.year + 1 or (month is not None and not 1 <= month <= 12):
        raise Http404
    stats = selectors.statistics(year, month)
    state = _period_state(year, month, today)
    comparison = None
    if state == "complete":
        before_year, before_month = _previous(year, month)
        before = selectors.statistics(before_year, before_month)
        comparison = {
            "year": before_year,
            "month": before_month,
            "received": before["received"],
            "closed": before["closed"],
            "change": stats["received"] - before["received"],
        }
    categories = {c.code: c.display_name for c in Category.objects.all()}
    district_names = {d.name: d.display_name for d in districts()}
    channels = {c.value: str(c.label) for c in Channel}
    months = []
    if month is None:
        for m in range(1, 13):
            if (year, m) > (today.year, today.month):
                break
            value = stats["by_month"].get(m, {"received": 0, "closed": 0})
            note = _("incomplete") if (year, m) == (today.year, today.month) else ""
            months.append(StatRow(str(m), f"{year}-{m:02d}", **value, note=note))
    charts = [
        Chart("chart-channel", _("By channel"), _rows(stats["by_channel"], channels), _("Channel")),
        Chart(
            "chart-category",
            _("By category"),
            _rows(stats["by_category"], categories),
            _("Category"),
        ),
        Chart(
            "chart-district",
            _("By district"),
            _rows(stats["by_district"], district_names),
            _("District"),
        ),
    ]
    if months:
        charts.insert(0, Chart("chart-month", _("By month"), months, _("Month")))
    years = selectors.statistics_years(today)
    context = {
        "stats": stats,
        "year": year,
        "month": month,
        "years": years,
        "month_choices": range(1, 13),
        "state": state,
        "comparison": comparison,
        # no chart of an empty period: its empty state says so in words
        "charts": [c for c in charts if c.rows] if stats["received"] else [],
        "chart_specs": [c.spec() for c in charts if c.rows] if stats["received"] else [],
        "few": stats["received"] < FEW_CASES,
        "on_time_rate": stats["on_time_rate"],
        "mailbox_rate": stats["mailbox_answer_rate"],
        "accept_rate": _rate(stats["accepted"], stats["received"]),
    }
    return render(request, "complaints/public/statistics.html", context)
