"""`lantian apikey create NAME --scope SCOPE…`: a key only for scopes some code checks."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantian.core import apikeys
from lantian.core.models import ApiKey

pytestmark = pytest.mark.django_db


def test_a_known_scope_gets_a_working_key() -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "apikey", "create", "12345 市民热线平台", "--scope", "open311", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    record = ApiKey.objects.get()
    assert record.name == "12345 市民热线平台" and record.scopes == ["open311"]
    assert apikeys.check_key(key, "open311") == record
    assert "open311" in err.getvalue()


def test_an_unknown_scope_is_refused_and_no_key_is_made() -> None:
    with pytest.raises(CommandError) as refused:
        call_command(
            "apikey",
            "create",
            "站点",
            "--scope",
            "open311",
            "--scope",
            "air:ingset",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    message = str(refused.value)
    assert "unknown scope: air:ingset" in message
    for scope in apikeys.KNOWN_SCOPES:
        assert scope in message
    assert refused.value.returncode == 2  # the exit status of `lantian apikey`
    assert not ApiKey.objects.exists()
