"""Security headers, cookie flags and error pages under the production settings, and no
inline script in any template (decision 0031). The suite runs with DEBUG off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path

from lantian.core.roles import Role
from tests.conftest import PASSWORD

PRODUCTION = {
    "DEBUG": False,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_SECURE": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_SSL_REDIRECT": False,  # the test client speaks http unless told otherwise
}
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "lantian"


def directives(response: HttpResponse) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@override_settings(**PRODUCTION)
@pytest.mark.parametrize(
    "url", ["/", "/services/foi/apply/", "/interaction/complaints/new/", "/search/?q=空气"]
)
def test_public_pages_carry_a_strict_policy_and_the_other_headers(demo, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval; a nonce if used
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_the_back_office_has_its_own_policy_framed_only_by_itself(client_as) -> None:
    response = client_as(Role.ADMINISTRATOR).get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's widgets write inline script; no nonce is listed, which would disable it.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert not any("nonce" in value for value in policy["script-src"])


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_hsts_only_behind_tls() -> None:
    assert "Strict-Transport-Security" not in Client().get("/").headers
    secure = Client().get("/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_session_and_csrf_cookies_are_secure_and_http_only(staff) -> None:
    client = Client()
    form = client.get("/admin/login/")
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    signed_in = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_a_missing_page_is_the_portals_not_django_technical_page(demo) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body
    for technical in ("URLconf", "Django tried these URL patterns", "DEBUG = True"):
        assert technical not in body
    assert "Content-Security-Policy" in response.headers


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault")


urlpatterns = [path("boom/", _boom), path("", include("lantian.config.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, **PRODUCTION)
def test_a_server_error_shows_the_portal_styled_500_page() -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务暂时不可用" in body and "Service unavailable" in body
    assert "site.css" in body and "RuntimeError" not in body
    assert "style=" not in body and "<script" not in body


def test_the_csrf_failure_page_is_ours() -> None:
    body = render_to_string("403_csrf.html")
    assert "请求已过期" in body and "<style" not in body


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL)


def test_no_template_has_inline_script_or_event_handlers() -> None:
    """A strict policy blocks them; put code in a static file and data in data-* or
    json_script instead."""
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def test_no_public_template_has_a_style_element() -> None:
    """The public policy refuses <style> (a static stylesheet instead); the back office's
    allows it, and templates rendered to PDF or DOCX never meet a browser."""
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        name = str(template.relative_to(TEMPLATES))
        if "admin" in name or name.endswith(("pdf.html", "document.html")):
            continue
        if "<style" in template.read_text(encoding="utf-8"):
            offenders.append(name)
    assert offenders == []


def test_without_a_proxy_the_image_renditions_are_served_and_nothing_else(tmp_path) -> None:
    """LANTIAN_SERVE_IMAGES (the demo): MEDIA_URL/images/ as nginx would serve it; the
    originals (with their metadata) and any path out of images/ are not."""
    import os
    import subprocess
    import sys

    for folder in ("images", "original_images"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='localhost')\n"
        "from django.urls import Resolver404, resolve\n"
        "from django.views.static import serve\n"
        "print(c.get('/media/images/a.png').status_code)\n"
        # no file view answers it (the 404 itself would render the page tree, which needs
        # a database this bare process does not have)
        "try:\n"
        "    print(200 if resolve('/media/original_images/a.png').func is serve else 404)\n"
        "except Resolver404:\n"
        "    print(404)\n"
        "print(c.get('/media/images/../original_images/a.png').status_code)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantian.config.settings",
        "LANTIAN_SERVE_IMAGES": "true",
        "MEDIA_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.stdout.split() == ["200", "404", "400"], result.stderr
