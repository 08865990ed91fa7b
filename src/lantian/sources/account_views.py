"""The enterprise's account on the public site (`/sources/account/…`): sign in with the
e-mail address and the password the invitation's link set, then see what the enterprise
owes (its disclosure reports, from the apps that register account blocks) and explain
its exceedance events. Staff never use these pages (their door is the back office), and
an account sees its own enterprise only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantian.core import ratelimit
from lantian.core.forms import PublicForm
from lantian.sources import selectors, services
from lantian.sources.models import EnterpriseAccount

LOGIN_ACTION = "sources.account_login"
RESET_ACTION = "sources.account_reset"
EVENTS_SHOWN_DAYS = 365  # the events an account sees (and may explain) on its home page
EXPLANATION_MAX = 4000


def login_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("ENTERPRISE_LOGIN_RATE", "10/15m")


def reset_rate() -> ratelimit.Rate:
    return ratelimit.setting_rate("ENTERPRISE_RESET_RATE", "5/hour")


def too_many(request: HttpRequest, exc: ratelimit.RateLimited) -> HttpResponse:
    return ratelimit.refused(request, exc, "sources/account/ratelimited.html")


def account_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The signed-in enterprise account, as ``request.account``: the public are sent to
    sign in; a signed-in person without an active account (staff) is refused."""

    @wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('sources:account_login')}?next={request.path}")
        account = selectors.account_of(request.user)
        if account is None:
            return render(request, "sources/account/not_an_account.html", status=403)
        request.account = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


# ---------------------------------------------------------------- signing in


class LoginForm(AuthenticationForm):
    """E-mail address and password; only an active enterprise account signs in here."""

    username = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        "invalid_login": gettext_lazy(
            "The e-mail address or the password is not right. Both are case-sensitive."
        ),
        "inactive": gettext_lazy("This account has been closed. Ask the bureau to open it."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        super().confirm_login_allowed(user)
        if not EnterpriseAccount.objects.filter(user=user).exists():
            # staff sign in at the back office; say nothing more about the address
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class LoginView(auth_views.LoginView):
    template_name = "sources/account/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = ratelimit.client_ip(request)
        try:
            ratelimit.check(LOGIN_ACTION, client, login_rate())
        except ratelimit.RateLimited as exc:
            return too_many(request, exc)
        response = super().post(request, *args, **kwargs)
        if not request.user.is_authenticated:
            ratelimit.hit(LOGIN_ACTION, client, login_rate())  # only failures count
        return response

    def get_default_redirect_url(self) -> str:
        return reverse("sources:account")


login = never_cache(LoginView.as_view())
logout = require_http_methods(["POST"])(
    auth_views.LogoutView.as_view(
        next_page=reverse_lazy("sources:account_login"),
        template_name="sources/account/login.html",
    )
)


def _account_users(users: Any) -> Any:
    return users.filter(enterprise_account__isnull=False, is_active=True)


class ResetForm(PasswordResetForm):
    """A new link for a forgotten password: sent only to active enterprise accounts (the
    page says the same whatever the address, so it tells no one who has an account)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Any:
        return [
            user
            for user in super().get_users(email)
            if EnterpriseAccount.objects.filter(user=user).exists()
        ]


class ResetView(auth_views.PasswordResetView):
    template_name = "sources/account/reset.html"
    form_class = ResetForm
    email_template_name = "sources/account/reset_email.txt"
    subject_template_name = "sources/account/reset_subject.txt"
    success_url = reverse_lazy("sources:account_reset_sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = ratelimit.client_ip(request)
        try:
            ratelimit.check(RESET_ACTION, client, reset_rate())
        except ratelimit.RateLimited as exc:
            return too_many(request, exc)
        ratelimit.hit(RESET_ACTION, client, reset_rate())
        return super().post(request, *args, **kwargs)


reset = never_cache(ResetView.as_view())
reset_sent = never_cache(
    auth_views.PasswordResetDoneView.as_view(template_name="sources/account/reset_sent.html")
)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's (or the reset's) link: the account chooses its password. A link
    for a user who is not an enterprise account is treated as invalid."""

    template_name = "sources/account/set_password.html"
    success_url = reverse_lazy("sources:account_password_set")
    post_reset_login = False

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        return user if EnterpriseAccount.objects.filter(user=user).exists() else None


set_password = never_cache(SetPasswordView.as_view())
password_set = never_cache(
    auth_views.PasswordResetCompleteView.as_view(template_name="sources/account/password_set.html")
)


# ---------------------------------------------------------------- the account's pages


@account_required
def home(request: HttpRequest) -> HttpResponse:
    """What the enterprise owes and what it may answer: its reports (the other apps'
    blocks) and its exceedance events of the last year."""
    account: EnterpriseAccount = request.account  # type: ignore[attr-defined]
    enterprise = account.enterprise
    today = timezone.localdate()
    events = selectors.exceedances(
        credit_code=enterprise.credit_code, start=today - timedelta(days=EVENTS_SHOWN_DAYS)
    )
    context = {
        "account": account,
        "enterprise": enterprise,
        "blocks": selectors.account_blocks(enterprise, today),
        "events": list(events.select_related("outlet")[:200]),
        "events_days": EVENTS_SHOWN_DAYS,
    }
    return render(request, "sources/account/home.html", context)


class ExplanationForm(PublicForm):
    text = forms.CharField(
        label=gettext_lazy("Your explanation"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Shown to the public beside the event, as the enterprise's own statement: what "
            "happened, why, and what was done. Leave out personal data."
        ),
    )


@account_required
@require_http_methods(["GET", "POST"])
def explain(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise's explanation of one of its own events (another's is not found)."""
    account: EnterpriseAccount = request.account  # type: ignore[attr-defined]
    event = (
        selectors.exceedances(credit_code=account.enterprise.credit_code, public=False)
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    form = ExplanationForm(request.POST or None, initial={"text": event.explanation})
    if request.method == "POST" and form.is_valid():
        services.explain_exceedance(
            actor=request.user,
            event=event,
            enterprise=account.enterprise,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your explanation is published beside the event."))
        return redirect("sources:account")
    context = {"account": account, "event": event, "form": form}
    return render(
        request, "sources/account/explain.html", context, status=400 if form.errors else 200
    )
