"""A monitoring station and a few hours of it, for the API tests that need air data."""

from __future__ import annotations

from lantian.air.services import ingest_payload, save_station

STATION = "1001A"


def a_station() -> None:
    save_station(
        actor=None,
        code=STATION,
        name="监测站",
        name_en="Monitoring Station",
        district="示范区",
        latitude=31.3,
        longitude=120.6,
    )


def a_few_hours() -> None:
    """Hours ending 01:00 to 05:00 on 2 March 2026 (Shanghai)."""
    rows = "".join(
        f"{STATION},2026-03-02 {h:02d}:00,5,30,0.6,60,70,{40 + h}\n" for h in range(1, 6)
    )
    csv = "station,time,so2,no2,co,o3,pm10,pm25\n" + rows
    ingest_payload(actor=None, content=csv.encode(), filename="h.csv")
