"""Public pages of disclosure on application under the 办事服务 section
(`/services/foi/…`): the application form, its one-time confirmation, and the tracking
pages an applicant opens with the tracking and verification codes.

None of these pages is cacheable: they carry a form with a CSRF token, a one-time code
or a case that only its applicant may see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lantian.core import ratelimit
from lantian.foi import downloads, services, tracking
from lantian.foi.forms import ApplicationForm, TrackingForm
from lantian.foi.models import Application

SUBMIT_ACTION = "foi-submit"
TRACK_ACTION = "foi-track"
CONFIRMATION_KEY = "foi_confirmation"
SIGNED_OUT_KEY = "foi_signed_out"
REPLY_DAYS = 20  # 条例 Art. 33, shown on the confirmation page


def retention_years() -> int:
    return int(getattr(settings, "FOI_RETENTION_YEARS", 10))


def submit_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("FOI_SUBMIT_RATE", "5/hour")


def track_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("FOI_TRACK_RATE", "10/hour")


def too_many(request: HttpRequest, exc: ratelimit.RateLimited) -> HttpResponse:
    return ratelimit.refused(request, exc, "foi/public/ratelimited.html")


def add_service_errors(form: ApplicationForm, error: ValidationError) -> None:
    """Put a refusal of the registration service on the form's fields where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ---------------------------------------------------------------- the application


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        try:
            ratelimit.check(SUBMIT_ACTION, client, submit_rate())
        except ratelimit.RateLimited as exc:
            return too_many(request, exc)
        if form.is_valid():
            try:
                application, code = services.register_application(
                    actor=None,
                    channel=Application.Channel.ONLINE,
                    submitted_at=timezone.now(),
                    **form.application_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                ratelimit.hit(SUBMIT_ACTION, client, submit_rate())
                # Shown once on the next page, then gone: never in a URL.
                request.session[CONFIRMATION_KEY] = {
                    "tracking_code": application.tracking_code,
                    "verification_code": code,
                    "submitted_at": application.submitted_at.isoformat(),
                    "delivery": application.get_delivery_display(),
                    "form": application.get_form_display(),
                }
                return redirect("foi:confirmation")
    context = {"form": form, "retention_years": retention_years()}
    return render(request, "foi/public/apply.html", context)


@never_cache
def confirmation(request: HttpRequest) -> HttpResponse:
    """The codes, once: reloading the page no longer shows the verification code."""
    codes = request.session.pop(CONFIRMATION_KEY, None)
    context: dict[str, Any] = {"codes": codes, "reply_days": REPLY_DAYS}
    if codes:
        context["submitted_at"] = timezone.localtime(datetime.fromisoformat(codes["submitted_at"]))
    return render(request, "foi/public/confirmation.html", context)


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
            application = tracking.find_verified(
                form.cleaned_data["tracking_code"], form.cleaned_data["verification_code"]
            )
            if application is not None:
                tracking.remember(request.session, application)
                return redirect("foi:case")
            ratelimit.hit(TRACK_ACTION, client, track_rate())
            failed = True
    context = {
        "form": form,
        "failed": failed,
        "signed_out": request.session.pop(SIGNED_OUT_KEY, False),
    }
    return render(request, "foi/public/track.html", context)


@never_cache
def case(request: HttpRequest) -> HttpResponse:
    application = tracking.verified_case(request.session)
    if application is None:
        return redirect("foi:track")
    context = {
        "status": tracking.case_status(application),
        "letters": tracking.applicant_letters(application),
        "released": list(application.released_files.all())
        if application.state in tracking.REPLIED_STATES
        else [],
        "session_minutes": tracking.SESSION_SECONDS // 60,
        "reply_days": REPLY_DAYS,
    }
    return render(request, "foi/public/case.html", context)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Sign this browser out of the case: the case page needs both codes again."""
    tracking.forget(request.session)
    request.session[SIGNED_OUT_KEY] = True  # said once on the tracking page
    return redirect("foi:track")


def _download(
    request: HttpRequest, application: Application, field: Any, document: str, name: str
) -> HttpResponse:
    return downloads.serve(
        actor=None,
        application=application,
        field=field,
        document=document,
        name=name,
        applicant=True,
    )


@never_cache
def letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A letter issued to the applicant, for the browser that verified the case."""
    application = tracking.verified_case(request.session)
    if application is None:
        raise Http404
    found = next((x for x in tracking.applicant_letters(application) if x.pk == pk), None)
    if found is None or fmt not in ("pdf", "docx"):
        raise Http404
    return _download(
        request, application, getattr(found, fmt), f"letter:{found.kind}", found.download_name(fmt)
    )


@never_cache
def released_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Information released with the reply, for the browser that verified the case."""
    application = tracking.verified_case(request.session)
    if application is None or application.state not in tracking.REPLIED_STATES:
        raise Http404
    found = application.released_files.filter(pk=pk).first()
    if found is None:
        raise Http404
    return _download(
        request, application, found.file, f"released:{found.pk}", found.download_name()
    )
