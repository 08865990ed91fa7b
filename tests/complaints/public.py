"""Helpers of the public-side complaint tests: a complaint as the form posts it (with a
form time stamp old enough to pass the spam check), the demo districts, small photos."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone
from PIL import Image

from lantian.complaints.forms import render_token

NEW = "/interaction/complaints/new/"
MAILBOX = "/interaction/mailbox/new/"
DONE = "/interaction/submitted/"
TRACK = "/interaction/track/"
CASE = "/interaction/track/case/"

# A point in 东城区 of the bundled (fictional) district map.
DONGCHENG = (31.3, 120.62)

PERSONAL = {
    "name": "王小明",
    "phone": "13912345678",
    "email": "wangxiaoming@example.cn",
    "id_number": "11010519491231002X",
    "contact_address": "江苏省示范市东城区人民路100号3幢502室",
}

COMPLAINT: dict[str, Any] = {
    "title": "化工厂夜间排放刺鼻气体",
    "description": "每天夜里十点以后，园区东侧化工厂排放刺鼻气体，附近居民无法开窗。",
    "address": "示范市东城区滨河路88号附近",
    "latitude": str(DONGCHENG[0]),
    "longitude": str(DONGCHENG[1]),
    "privacy_acknowledged": "on",
    "agrees_to_publication": "on",
    **PERSONAL,
}


def token(age: timedelta = timedelta(seconds=30)) -> str:
    """A form time stamp drawn ``age`` ago."""
    with time_machine.travel(timezone.now() - age, tick=False):
        return render_token()


def districts() -> dict[str, Any]:
    """The demo districts, named as in the bundled boundary file."""
    from lantian.air import services as air_services
    from lantian.demo.air import DISTRICTS

    return {
        name: air_services.save_district(actor=None, name=name, name_en=name_en)
        for name, name_en in DISTRICTS
    }


def post(client: Client, url: str = NEW, *, age: timedelta | None = None, **changes: Any) -> Any:
    from lantian.complaints.models import Category

    data: dict[str, Any] = {
        "category": str(Category.objects.get(code="air").pk),
        **COMPLAINT,
        "form_token": token(age or timedelta(seconds=30)),
        **changes,
    }
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def png(size: tuple[int, int] = (8, 6), name: str = "photo.png") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
