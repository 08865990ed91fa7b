"""Districts by name in both languages: the English site's names, the back office's area
choice and labels (never the raw area code "city")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from wagtail.admin.panels import get_edit_handler

from lantian.air.models import CITY, District, Forecast, ForecastForm, area_name, area_names
from lantian.air.services import issue_forecast, save_district, save_station
from lantian.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def test_areas_are_named_in_the_active_language() -> None:
    save_district(actor=None, name="东城区", name_en="Dongcheng District")
    save_district(actor=None, name="港区")  # no English name yet
    with translation.override("en"):
        assert area_name("东城区") == "Dongcheng District"
        assert area_name("港区") == "港区"  # shown as stored, marked Chinese by the page
        assert area_name("不存在区") == "不存在区"
        assert area_name(CITY) == translation.gettext("Whole city")
        assert area_names()["东城区"] == "Dongcheng District"
    with translation.override("zh-hans"):
        assert area_name("东城区") == "东城区"
        assert area_name(CITY) != CITY


def test_saving_a_district_is_audited_and_idempotent() -> None:
    first = save_district(actor=None, name="东城区", name_en="Dongcheng District")
    again = save_district(actor=None, name="东城区", name_en="Dongcheng District")
    assert first.pk == again.pk and District.objects.count() == 1
    assert AuditLogEntry.objects.for_instance(first).count() == 1


def test_a_forecast_names_its_area_not_its_code() -> None:
    forecast = issue_forecast(
        actor=None,
        issued_at=datetime(2026, 3, 10, 16, 0, tzinfo=CST),
        days=[{"day": date(2026, 3, d), "aqi_low": 40, "aqi_high": 70} for d in (11, 12, 13)],
    )
    with translation.override("zh-hans"):
        assert CITY not in forecast.get_area_display()
        assert str(forecast) == f"{forecast.get_area_display()} 2026-03-10 16:00"  # local time
        assert CITY not in str(Forecast.objects.get())


def test_the_forecast_form_offers_the_areas_by_name() -> None:
    save_district(actor=None, name="东城区", name_en="Dongcheng District")
    save_station(
        actor=None, code="X1", name="站", district="西湖区", latitude=31.3, longitude=120.6
    )
    form_class = get_edit_handler(Forecast).get_form_class()
    assert issubclass(form_class, ForecastForm)
    with translation.override("en"):
        choices = dict(form_class(instance=Forecast(area=CITY)).fields["area"].widget.choices)
        assert choices[CITY] == translation.gettext("Whole city")
    assert choices["东城区"] == "Dongcheng District"
    assert choices["西湖区"] == "西湖区"  # a station's district without a record yet
    assert next(iter(choices)) == CITY


def test_data_managers_give_districts_their_english_names(client_as) -> None:
    from lantian.core.roles import Role

    district = save_district(actor=None, name="港区")
    url = f"/admin/air/districts/edit/{district.pk}/"
    assert client_as(Role.EDITOR).get(url).status_code in (302, 403)
    client = client_as(Role.DATA_MANAGER)
    assert client.get("/admin/air/districts/").status_code == 200
    response = client.post(url, {"name": "港区", "name_en": "Port District"})
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.name_en == "Port District"
    with translation.override("en"):
        assert area_name("港区") == "Port District"
