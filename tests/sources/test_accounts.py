"""The enterprise's account on the public site: an administrator opens it (and only an
administrator), the e-mailed link sets its password once, it signs in with its e-mail
address (staff cannot, and failures are rate-limited), and it sees and explains its own
enterprise's exceedance events only. Closing the account stops it signing in."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.sources import selectors, services
from lantian.sources.models import EnterpriseAccount, ExceedanceEvent
from tests.complaints.conftest import signed_in
from tests.sources.conftest import Plants

pytestmark = pytest.mark.django_db

PASSWORD = "Kz8!enterprise-2026"


def admin_url(name: str, *args: Any) -> str:
    return reverse(f"sources_admin:{name}", args=args)


def event_of(outlet: Any, day: int, **values: Any) -> ExceedanceEvent:
    return ExceedanceEvent.objects.create(
        outlet=outlet,
        pollutant="a21026",
        start=datetime(2026, 5, day, 1, tzinfo=UTC),
        end=datetime(2026, 5, day, 4, tzinfo=UTC),
        periods=3,
        maximum=180.0,
        mean=150.0,
        limit=100.0,
        multiple=1.8,
        **values,
    )


def public() -> Client:
    """A visitor whose pages are in English (the site's default is Chinese)."""
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    return client


def link_in(message: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def open_account(plants: Plants, email: str = "hb@power.example") -> EnterpriseAccount:
    return services.invite_account(actor=None, enterprise=plants.power, email=email, name="王环保")


def activated(plants: Plants, email: str = "hb@power.example") -> tuple[EnterpriseAccount, Client]:
    account = open_account(plants, email)
    account.user.set_password(PASSWORD)
    account.user.save()
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    client.force_login(account.user, backend="django.contrib.auth.backends.ModelBackend")
    return account, client


def test_an_administrator_opens_an_account_and_its_link_sets_the_password_once(
    plants: Plants, staff: dict[Role, Any]
) -> None:
    admin = signed_in(staff[Role.ADMINISTRATOR])
    page = admin.get(admin_url("enterprise", plants.power.pk))
    assert page.status_code == 200 and "Open an account" in page.text
    response = admin.post(
        admin_url("account_invite", plants.power.pk),
        {"email": "HB@Power.example", "name": "王环保"},
    )
    assert response.status_code == 302, re.findall(r"(?s)error-message.{0,400}", response.text)[:3]
    account = EnterpriseAccount.objects.get(enterprise=plants.power)
    user = account.user
    assert (user.email, user.is_staff, user.has_usable_password()) == (
        "hb@power.example",
        False,
        False,
    )
    assert ModelLogEntry.objects.filter(
        action=services.ACCOUNT_INVITED, object_id=str(plants.power.pk)
    ).exists()
    (message,) = mail.outbox
    assert message.to == ["hb@power.example"] and plants.power.name in message.subject
    path = link_in(message)
    visitor = public()
    form_page = visitor.get(path, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.text
    done = visitor.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("sources:account_password_set")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # the link works once
    again = public().get(path, follow=True)
    assert "no longer valid" in again.text
    # a second account with the same address is refused, naming the field
    refused = admin.post(
        admin_url("account_invite", plants.power.pk),
        {"email": "hb@power.example", "name": "另一人"},
    )
    assert refused.status_code == 400 and "exists already" in refused.text
    assert EnterpriseAccount.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER, Role.EDITOR]
)
def test_only_administrators_open_or_close_accounts(
    plants: Plants, staff: dict[Role, Any], role: Role
) -> None:
    account = open_account(plants)
    client = signed_in(staff[role])
    assert client.get(admin_url("account_invite", plants.power.pk)).status_code == 403
    assert client.post(admin_url("account_revoke", account.pk)).status_code == 403
    assert client.post(admin_url("account_resend", account.pk)).status_code == 403
    account.user.refresh_from_db()
    assert account.user.is_active
    assert not mail.outbox
    anonymous = public().get(admin_url("account_invite", plants.power.pk))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_signing_in_with_the_email_address(plants: Plants, staff: dict[Role, Any]) -> None:
    _account, _client = activated(plants)
    client = public()
    login = reverse("sources:account_login")
    page = client.get(login)
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.text
    wrong = client.post(login, {"username": "hb@power.example", "password": "wrong"})
    assert wrong.status_code == 200 and "is not right" in wrong.text
    right = client.post(login, {"username": "HB@power.example", "password": PASSWORD})
    assert right.status_code == 302 and right["Location"] == reverse("sources:account")
    home = client.get(reverse("sources:account"))
    assert home.status_code == 200 and plants.power.name in home.text
    assert home["Cache-Control"].startswith("max-age=0") or "no-cache" in home["Cache-Control"]
    # signing out is a POST
    assert client.get(reverse("sources:account_logout")).status_code == 405
    client.post(reverse("sources:account_logout"))
    assert client.get(reverse("sources:account")).status_code == 302


def test_staff_cannot_sign_in_here_nor_use_the_account_pages(
    plants: Plants, staff: dict[Role, Any]
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    admin.set_password(PASSWORD)
    admin.save()
    client = public()
    refused = client.post(
        reverse("sources:account_login"), {"username": admin.email, "password": PASSWORD}
    )
    assert refused.status_code == 200 and "is not right" in refused.text
    assert "_auth_user_id" not in client.session
    signed = signed_in(admin)
    assert signed.get(reverse("sources:account")).status_code == 403


def test_failed_sign_ins_are_rate_limited(plants: Plants, settings: Any) -> None:
    settings.ENTERPRISE_LOGIN_RATE = "3/hour"
    activated(plants)
    client = public()
    login = reverse("sources:account_login")
    for _ in range(3):
        client.post(login, {"username": "hb@power.example", "password": "wrong"})
    blocked = client.post(login, {"username": "hb@power.example", "password": PASSWORD})
    assert blocked.status_code == 429 and blocked["Retry-After"]


def test_a_closed_account_can_no_longer_sign_in(plants: Plants, staff: dict[Role, Any]) -> None:
    account, _client = activated(plants)
    admin = signed_in(staff[Role.ADMINISTRATOR])
    assert admin.post(admin_url("account_revoke", account.pk)).status_code == 302
    account.user.refresh_from_db()
    assert not account.user.is_active
    assert ModelLogEntry.objects.filter(action=services.ACCOUNT_REVOKED).exists()
    fresh = public()
    refused = fresh.post(
        reverse("sources:account_login"), {"username": "hb@power.example", "password": PASSWORD}
    )
    assert "_auth_user_id" not in fresh.session and refused.status_code == 200
    assert selectors.account_of(account.user) is None
    # no new link for a closed account
    assert admin.post(admin_url("account_resend", account.pk)).status_code == 302
    assert not mail.outbox


def test_the_password_reset_mails_enterprise_accounts_only(
    plants: Plants, staff: dict[Role, Any]
) -> None:
    activated(plants)
    client = public()
    reset = reverse("sources:account_reset")
    sent = client.post(reset, {"email": "hb@power.example"})
    assert sent.status_code == 302
    (message,) = mail.outbox
    assert reverse("sources:account_login").split("sign-in")[0] in link_in(message)
    # a staff address gets the same page and no mail
    client.post(reset, {"email": staff[Role.ADMINISTRATOR].email})
    assert len(mail.outbox) == 1


@time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=UTC), tick=False)  # the events' year
def test_an_account_explains_its_own_events_only(plants: Plants) -> None:
    account, client = activated(plants)
    own = event_of(plants.stack, 3)
    other = event_of(plants.effluent, 4)  # the waste-water plant's
    home = client.get(reverse("sources:account"))
    assert reverse("sources:account_explain", args=[own.pk]) in home.text
    assert reverse("sources:account_explain", args=[other.pk]) not in home.text
    assert client.get(reverse("sources:account_explain", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("sources:account_explain", args=[other.pk]), {"text": "不是我们的"}
        ).status_code
        == 404
    )
    empty = client.post(reverse("sources:account_explain", args=[own.pk]), {"text": " "})
    assert empty.status_code == 400
    done = client.post(
        reverse("sources:account_explain", args=[own.pk]), {"text": "脱硫塔循环泵故障，已更换。"}
    )
    assert done.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.explanation == "脱硫塔循环泵故障，已更换。" and not other.explanation
    entry = ModelLogEntry.objects.get(action=services.EXCEEDANCE_EXPLAINED)
    assert entry.user_id == account.user.pk
    shown = public().get(reverse("sources:enterprise", args=[plants.power.credit_code]))
    assert "脱硫塔循环泵故障" in shown.text


def test_the_account_pages_need_a_signed_in_account(plants: Plants) -> None:
    event = event_of(plants.stack, 3)
    for path in (
        reverse("sources:account"),
        reverse("sources:account_explain", args=[event.pk]),
    ):
        response = public().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sources:account_login"))


def test_the_forms_need_csrf(plants: Plants) -> None:
    account, _client = activated(plants)
    client = Client(enforce_csrf_checks=True)
    refused = client.post(
        reverse("sources:account_login"), {"username": account.user.email, "password": PASSWORD}
    )
    assert refused.status_code == 403
