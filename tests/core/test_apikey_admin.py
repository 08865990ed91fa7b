"""Settings → API keys: administrators issue a key (shown once), list and revoke keys;
other staff and anonymous visitors are refused; both actions are audited."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.core import apikeys
from lantian.core.models import ApiKey
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db

KEY_IN_PAGE = re.compile(r"<code data-apikey>(lt_[A-Za-z0-9_-]+)</code>")


def _issue(client: Client, name: str = "市监测站系统", scopes: tuple[str, ...] = ("open311",)):
    return client.post(reverse("lantian_apikeys_create"), {"name": name, "scopes": list(scopes)})


def test_scopes_the_code_checks_are_known() -> None:
    from lantian.air.api import INGEST_SCOPE
    from lantian.complaints.open311 import SCOPE

    assert {SCOPE, INGEST_SCOPE} <= set(apikeys.KNOWN_SCOPES)


def test_administrator_issues_a_key_shown_once_that_works(client_as) -> None:
    client = client_as(Role.ADMINISTRATOR)
    form = client.get(reverse("lantian_apikeys_create"))
    assert form.status_code == 200
    assert 'value="open311"' in form.content.decode()
    assert 'value="air:ingest"' in form.content.decode()

    response = _issue(client)
    assert response.status_code == 200
    page = response.content.decode()
    keys = KEY_IN_PAGE.findall(page)
    assert len(keys) == 1
    plain = keys[0]
    assert "no-store" in response["Cache-Control"]

    record = ApiKey.objects.get(name="市监测站系统")
    assert record.scopes == ["open311"]
    assert record.prefix == plain[:8]
    assert plain not in record.key_hash  # only the hash is stored
    assert apikeys.check_key(plain, "open311") == record
    assert apikeys.check_key(plain, "air:ingest") is None  # not a scope it was given

    listing = client.get(reverse("lantian_apikeys_index"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "市监测站系统" in text and record.prefix in text
    assert plain not in text
    assert record.key_hash not in text
    # the confirmation page is not there again
    assert plain not in client.get(reverse("lantian_apikeys_create")).content.decode()


def test_unknown_scope_and_missing_name_are_refused(client_as) -> None:
    client = client_as(Role.ADMINISTRATOR)
    assert _issue(client, scopes=("everything",)).status_code == 200
    assert _issue(client, name="", scopes=("open311",)).status_code == 200
    assert _issue(client, name="无范围", scopes=()).status_code == 200
    assert not ApiKey.objects.exists()


def test_revoke_asks_then_turns_the_key_off(client_as, staff) -> None:
    client = client_as(Role.ADMINISTRATOR)
    plain = KEY_IN_PAGE.findall(_issue(client).content.decode())[0]
    record = ApiKey.objects.get()
    url = reverse("lantian_apikeys_revoke", args=[record.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "<form" in confirm.content.decode() and "csrfmiddlewaretoken" in confirm.content.decode()
    assert apikeys.check_key(plain, "open311") == record  # asking changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("lantian_apikeys_index")
    record.refresh_from_db()
    assert record.is_active is False
    assert apikeys.check_key(plain, "open311") is None
    # a second revocation changes and logs nothing
    client.post(url)
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiKey), object_id=str(record.pk)
    )
    assert list(entries.order_by("timestamp", "pk").values_list("action", flat=True)) == [
        "wagtail.create",
        apikeys.API_KEY_REVOKED,
    ]
    assert {entry.user_id for entry in entries} == {staff[Role.ADMINISTRATOR].pk}
    revoked = entries.get(action=apikeys.API_KEY_REVOKED)
    assert revoked.data["changes"] == {"is_active": [True, False]}
    issued = entries.get(action="wagtail.create")
    assert issued.data["scopes"] == ["open311"]


def test_forms_need_csrf(staff) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        staff[Role.ADMINISTRATOR], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert _issue(client).status_code == 403
    assert not ApiKey.objects.exists()
    record, _plain = apikeys.issue_key(actor=None, name="站点", scopes=["air:ingest"])
    assert client.post(reverse("lantian_apikeys_revoke", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.is_active


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CASE_HANDLER, Role.DATA_MANAGER])
def test_other_staff_are_refused(client_as, role: Role) -> None:
    record, plain = apikeys.issue_key(actor=None, name="站点", scopes=["open311"])
    client = client_as(role)
    assert client.get(reverse("lantian_apikeys_index")).status_code == 403
    assert client.get(reverse("lantian_apikeys_create")).status_code == 403
    assert _issue(client, name="偷偷").status_code == 403
    revoke = reverse("lantian_apikeys_revoke", args=[record.pk])
    assert client.get(revoke).status_code == 403
    assert client.post(revoke).status_code == 403
    assert ApiKey.objects.count() == 1
    assert apikeys.check_key(plain, "open311") == record
    # no menu item either
    assert (
        reverse("lantian_apikeys_index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_administrator_sees_the_menu_item(client_as) -> None:
    home = client_as(Role.ADMINISTRATOR).get(reverse("wagtailadmin_home"))
    assert reverse("lantian_apikeys_index") in home.content.decode()


def test_anonymous_is_sent_to_sign_in(client) -> None:
    record, plain = apikeys.issue_key(actor=None, name="站点", scopes=["open311"])
    for url in (
        reverse("lantian_apikeys_index"),
        reverse("lantian_apikeys_create"),
        reverse("lantian_apikeys_revoke", args=[record.pk]),
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert ApiKey.objects.count() == 1
    assert apikeys.check_key(plain, "open311") == record
