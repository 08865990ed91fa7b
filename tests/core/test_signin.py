"""Staff sign-in: lockout after repeated failures, optional TOTP two-step verification."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from lantian.core import audit
from lantian.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_correct_password_signs_in(staff) -> None:
    response = sign_in(Client(), "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_account_locks_after_five_failures(staff, settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong-password").status_code == 200
    assert sign_in(client, "editor", "wrong-password").status_code == 429
    locked = sign_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower() or "锁定" in locked.content.decode()
    # The right password does not get through while locked.
    assert "_auth_user_id" not in client.session


def code_for(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def test_two_step_setup_then_required_at_sign_in(staff) -> None:
    client = Client()
    assert sign_in(client, "reviewer", PASSWORD).status_code == 302
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, drawn inline
    device = TOTPDevice.objects.get(user=staff[Role.REVIEWER], confirmed=False)
    assert client.post("/admin/two-factor/", {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a wrong code
    assert client.post("/admin/two-factor/", {"token": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert ModelLogEntry.objects.filter(action=audit.TWO_FACTOR_ENABLED).exists()

    # A new sign-in: password alone reaches only the verification page.
    fresh = Client()
    assert sign_in(fresh, "reviewer", PASSWORD).status_code == 302
    blocked = fresh.get("/admin/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/admin/two-factor/verify/")
    assert fresh.get("/admin/pages/").status_code == 302
    wrong = fresh.post("/admin/two-factor/verify/", {"token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200
    assert fresh.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1  # the setup already used this time step's code
    device.save()
    ok = fresh.post("/admin/two-factor/verify/", {"token": code_for(device), "next": "/admin/"})
    assert ok.status_code == 302
    assert fresh.get("/admin/").status_code == 200


def test_verify_refuses_an_offsite_next(staff) -> None:
    client = Client()
    sign_in(client, "head", PASSWORD)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=staff[Role.DEPARTMENT_HEAD])
    client.post("/admin/two-factor/", {"token": code_for(device)})
    fresh = Client()
    sign_in(fresh, "head", PASSWORD)
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = fresh.post(
        "/admin/two-factor/verify/", {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_required_two_step_sends_staff_to_setup(staff, settings) -> None:
    settings.LANTIAN_REQUIRE_TWO_FACTOR = True
    client = Client()
    sign_in(client, "data", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/"


def test_forms_need_csrf(staff) -> None:
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "editor", PASSWORD).status_code == 403


def test_the_verification_page_can_load_its_assets(staff) -> None:
    client = Client()
    sign_in(client, "editor", PASSWORD)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=staff[Role.EDITOR])
    client.post("/admin/two-factor/", {"token": code_for(device)})
    fresh = Client()
    sign_in(fresh, "editor", PASSWORD)
    assert fresh.get("/admin/").status_code == 302  # still needs the code …
    assert fresh.get("/admin/jsi18n/").status_code == 200  # … but the page's scripts load
    assert fresh.get("/admin/sprite/").status_code == 200
