"""Sources API: enterprises with their outlets and the limits in force, exceedances, and
the submission of self-monitoring data by keys bound to an enterprise."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from lantian.core.apikeys import issue_key
from lantian.sources import services
from lantian.sources.apps import SUBMIT_ANY, SUBMIT_OWN
from lantian.sources.models import Measurement, MonitoringBatch

from .conftest import HEADER, OTHER, POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db


def test_the_enterprise_list_searches_by_name_code_district_industry_and_list_year(plants):
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    client = Client()
    everything = client.get("/api/v1/enterprises").json()
    assert everything["count"] == 3
    assert [
        e["credit_code"] for e in client.get("/api/v1/enterprises", {"q": "热电"}).json()["items"]
    ] == [POWER_PLANT]
    assert client.get("/api/v1/enterprises", {"q": WWTP.lower()}).json()["count"] == 1
    assert client.get("/api/v1/enterprises", {"industry": "46"}).json()["count"] == 1
    assert client.get("/api/v1/enterprises", {"district": "示范区"}).json()["count"] == 3
    listed = client.get("/api/v1/enterprises", {"key_unit_year": 2026}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["key_unit"] == [{"year": 2026, "medium": "air", "level": "national"}]
    assert client.get("/api/v1/enterprises", {"key_unit_year": 1999}).status_code == 422


@time_machine.travel("2026-03-10 12:00 +0800", tick=False)
def test_an_enterprise_shows_each_outlet_with_the_limits_in_force_today(plants):
    body = Client().get(f"/api/v1/enterprises/{POWER_PLANT}").json()
    (stack,) = body["outlets"]
    assert stack["code"] == "DA001" and stack["kind"] == "gas"
    by_pollutant = {limit["pollutant"]: limit for limit in stack["limits"]}
    # GB 13223-2011 Table 1, a new coal-fired boiler (EIA approved 2013): SO2 100 at 6 % O2
    assert by_pollutant["a21026"]["limit"] == 100
    assert by_pollutant["a21026"]["reference_o2"] == 6
    assert by_pollutant["a21026"]["averaging"] == "hour"
    assert by_pollutant["a21026"]["policy"] == "standard"
    # the permit's NOx limit of 80 is stricter than the standard's 100: it applies
    assert by_pollutant["a21002"]["limit"] == 80 and by_pollutant["a21002"]["policy"] == "permit"
    water = Client().get(f"/api/v1/enterprises/{WWTP}").json()
    cod = next(x for x in water["outlets"][0]["limits"] if x["pollutant"] == "w01018")
    assert (cod["limit"], cod["averaging"], cod["reference_o2"]) == (50, "day", None)


def test_an_unknown_or_malformed_credit_code_is_a_404_not_a_500(plants):
    assert Client().get("/api/v1/enterprises/91320500MA1XAB1266").status_code == 404
    assert Client().get("/api/v1/enterprises/" + "x" * 40).status_code == 422


def _payload(code: str, outlet: str, value: float = 50.0) -> dict:
    return {
        "observations": [
            {
                "credit_code": code,
                "outlet_code": outlet,
                "pollutant": "a21026",
                "start": "2026-03-01T10:00:00+08:00",
                "end": "2026-03-01T11:00:00+08:00",
                "value": value,
                "unit": "mg/m3",
                "o2": 6.0,
                "flag": "N",
            }
        ]
    }


def _post(payload: dict, key: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return Client().post(
        "/api/v1/sources/observations", payload, content_type="application/json", **headers
    )


def test_an_enterprise_key_submits_for_its_own_outlets_only(plants):
    record, key = issue_key(actor=None, name="示范热电", scopes=[SUBMIT_OWN])
    services.bind_key(actor=None, api_key=record, enterprise=plants.power)
    own = _post(_payload(POWER_PLANT, "DA001"), key)
    assert own.status_code == 200, own.content
    assert own.json()["created"] == 1
    other = _post(_payload(WWTP, "DW001"), key)
    assert other.status_code == 200
    body = other.json()
    assert body["created"] == 0
    only_own = f"credit_code: this key submits for {POWER_PLANT} only"
    assert body["rejected"][0]["reasons"] == [only_own]
    assert Measurement.objects.count() == 1
    batch = MonitoringBatch.objects.get(pk=own.json()["batch"])
    assert batch.enterprise == plants.power and b"DA001" in bytes(batch.raw)


def test_a_key_without_the_scope_or_without_an_enterprise_is_refused(plants):
    assert _post(_payload(POWER_PLANT, "DA001")).status_code == 401
    _record, wrong = issue_key(actor=None, name="空气", scopes=["air:ingest"])
    assert _post(_payload(POWER_PLANT, "DA001"), wrong).status_code == 401
    _record, unbound = issue_key(actor=None, name="未绑定", scopes=[SUBMIT_OWN])
    refused = _post(_payload(POWER_PLANT, "DA001"), unbound)
    assert refused.status_code == 403
    assert not Measurement.objects.exists()


def test_the_bureau_key_submits_for_any_enterprise_and_bad_rows_come_back(plants):
    _record, key = issue_key(actor=None, name="监控平台", scopes=[SUBMIT_ANY])
    payload = _payload(POWER_PLANT, "DA001")
    payload["observations"].append({**payload["observations"][0], "outlet_code": "DA999"})
    payload["observations"].append({**payload["observations"][0], "credit_code": OTHER})
    body = _post(payload, key).json()
    assert body["created"] == 1
    reasons = {r["row"]: r["reasons"] for r in body["rejected"]}
    assert reasons[2] == [f"outlet_code: {POWER_PLANT} has no outlet 'DA999'"]
    assert reasons[3] == [f"outlet_code: {OTHER} has no outlet 'DA001'"]


def test_a_file_is_idempotent_and_a_changed_value_replaces_the_stored_one(plants):
    rows = "".join(
        f"{POWER_PLANT},DA001,a21026,2026-03-01T{h:02d}:00,2026-03-01T{h + 1:02d}:00,40,mg/m3,6,N\n"
        for h in range(5)
    )
    first = services.ingest_payload(actor=None, content=(HEADER + rows).encode(), filename="a.csv")
    again = services.ingest_payload(actor=None, content=(HEADER + rows).encode(), filename="a.csv")
    assert (first.report["created"], again.report["created"], again.unchanged) == (5, 0, 5)
    changed = rows.replace(",40,", ",45,", 1)
    third = services.ingest_payload(actor=None, content=(HEADER + changed).encode(), filename="b")
    assert (third.report["updated"], third.unchanged) == (1, 4)
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [40, 40, 40, 40, 45]


def test_rows_for_a_pollutant_the_outlet_does_not_monitor_or_of_the_other_medium(plants):
    body = (
        f"{POWER_PLANT},DA001,a20057,2026-03-01T10:00,2026-03-01T11:00,0.01,mg/m3,6,N\n"
        f"{POWER_PLANT},DA001,w01018,2026-03-01T00:00,2026-03-02T00:00,20,mg/L,,N\n"
    )
    batch = services.ingest_payload(actor=None, content=(HEADER + body).encode(), filename="c")
    reasons = [r["reasons"][0] for r in batch.report["rejected"]]
    assert reasons == [
        "pollutant: outlet DA001 does not monitor a20057",
        "pollutant: w01018 is a water pollutant, outlet DA001 discharges gas",
    ]


def test_an_outlet_names_a_known_standard_and_a_profile_the_limits_can_read(plants):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="standard"):
        services.save_outlet(
            actor=None, enterprise=plants.other, code="DA009", kind="gas", standard="GB 0-0000"
        )
    with pytest.raises(ValidationError, match="profile"):
        services.save_outlet(
            actor=None,
            enterprise=plants.other,
            code="DA009",
            kind="gas",
            standard="GB 13223-2011",
            profile={"fuel": "wood"},
        )
    with pytest.raises(ValidationError) as refused:
        services.save_enterprise(
            actor=None, credit_code="91320500MA1XAB1266", name="错码企业", address="示范市"
        )
    expected = "统一社会信用代码无效：校验码（第18位）错误"
    assert refused.value.message_dict["credit_code"] == [expected]


def test_an_enterprise_explains_its_own_events_only(plants):
    rows = f"{POWER_PLANT},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,150,mg/m3,6,N\n"
    services.ingest_payload(actor=None, content=(HEADER + rows).encode(), filename="e.csv")
    event = Client().get("/api/v1/exceedances").json()["items"][0]
    url = f"/api/v1/sources/exceedances/{event['id']}/explanation"
    own_record, own = issue_key(actor=None, name="示范热电", scopes=[SUBMIT_OWN])
    services.bind_key(actor=None, api_key=own_record, enterprise=plants.power)
    other_record, other = issue_key(actor=None, name="污水厂", scopes=[SUBMIT_OWN])
    services.bind_key(actor=None, api_key=other_record, enterprise=plants.wwtp)
    _bureau_record, bureau = issue_key(actor=None, name="平台", scopes=[SUBMIT_ANY])

    def post(key: str | None, text: str = "脱硫塔循环泵故障，已于当日修复"):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        return Client().post(url, {"text": text}, content_type="application/json", **headers)

    assert post(None).status_code == 401
    assert post(bureau).status_code == 403
    assert post(other).status_code == 404  # not its event: as if there were none
    assert post(own, "   ").status_code == 422
    answer = post(own)
    assert answer.status_code == 200, answer.content
    shown = Client().get("/api/v1/exceedances").json()["items"][0]
    assert shown["explanation"] == "脱硫塔循环泵故障，已于当日修复"
    missing = f"/api/v1/sources/exceedances/{event['id'] + 999}/explanation"
    assert (
        Client()
        .post(
            missing,
            {"text": "x"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {own}",
        )
        .status_code
        == 404
    )


def test_a_period_stored_meanwhile_by_another_import_is_replaced_not_an_error(plants, monkeypatch):
    # two imports at once: the second compared before the first wrote, so it believes
    # the period new; writing it replaces the first's value instead of failing
    row = f"{POWER_PLANT},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,40,mg/m3,6,N\n"
    services.ingest_payload(actor=None, content=(HEADER + row).encode(), filename="a.csv")
    real = services._stored_rows
    monkeypatch.setattr(
        services,
        "_stored_rows",
        lambda model, fields, spans: [] if model is Measurement else real(model, fields, spans),
    )
    later = row.replace(",40,", ",45,")
    services.ingest_payload(actor=None, content=(HEADER + later).encode(), filename="b.csv")
    assert list(Measurement.objects.values_list("value", flat=True)) == [45.0]
