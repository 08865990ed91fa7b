"""Complaint statistics at scale (issue 12, item 11): 100,000 cases of one year on a
fresh SQLite file, and the time of the figures the public pages and the API show,
against a bare SQL aggregate over the same table measured in the same run.

- selector: ``lantian.complaints.selectors.statistics(year)`` — the totals (received,
  accepted, refused, merged, answered, answered on time through the reply events, open,
  invalid, the mailbox's answer rate) and the counts by channel, category, district and
  month;
- API: ``GET /api/v1/complaints/stats?year=…`` through ``django.test.Client`` (the whole
  request: middleware, ninja's validation, the JSON);
- page: ``GET /interaction/statistics/?year=…``, the public statistics page;
- bare: one ``SELECT channel, COUNT(*), SUM(answered) … WHERE received_on BETWEEN …
  GROUP BY channel`` with ``cursor.execute`` (no ORM, one pass over the year's rows).

Cases are bulk-inserted with the mix of the demo (channels, categories, six districts,
states; about 8% answered late), each with its registration and, when answered, its
reply event (the on-time verdict statistics reads). Prints the best of ``--repeat``
runs of each and the ratios to the bare aggregate (target ≤ 3×); asserts nothing
(machines here are noisy).

    .venv/bin/python bench/complaints.py [--cases 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")
DISTRICTS = ("东城区", "西湖区", "南湖区", "北山区", "高新区", "港区")
CHANNELS = (
    ("hotline_12369", 40),
    ("wechat_12369", 26),
    ("online", 14),
    ("mailbox", 5),
    ("petition_letter", 3),
    ("petition_visit", 2),
    ("supervision", 9),
    ("inspection", 1),
)
STATES = (
    ("closed", 62),
    ("replied", 12),
    ("refused", 9),
    ("duplicate", 4),
    ("accepted", 9),
    ("received", 2),
    ("spam", 2),
)
LATE_SHARE = 0.08


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def insert(objects: list[Any]) -> None:
    """One executemany of the rows bulk_create would write (its per-batch SQL
    compilation would dominate building 100,000 cases)."""
    from django.db import connection

    meta = objects[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def setup(folder: Path) -> None:
    os.environ.update(
        {
            "DEBUG": "true",
            "LANTIAN_HOME": str(folder),
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "lantian.config.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def build(cases: int, year: int) -> None:
    """``cases`` complaints received in ``year``, with their registration and reply
    events, in a few bulk INSERTs."""
    from django.db import transaction

    from lantian.air import services as air_services
    from lantian.complaints import services
    from lantian.complaints.models import Category, Complaint, ComplaintEvent
    from lantian.core.models import Department

    services.ensure_defaults()
    districts = [air_services.save_district(actor=None, name=name) for name in DISTRICTS]
    categories = list(Category.objects.all())
    department, _ = Department.objects.get_or_create(
        code="enforcement", defaults={"name": "生态环境执法支队"}
    )
    limits = {channel: services.channel_limits(channel) for channel, _ in CHANNELS}
    rng = random.Random(12369)
    channel_names = [c for c, _ in CHANNELS]
    channel_weights = [w for _, w in CHANNELS]
    state_names = [s for s, _ in STATES]
    state_weights = [w for _, w in STATES]
    first = date(year, 1, 1)
    span = (date(year, 12, 31) - first).days + 1
    hash_ = "!bench"  # an unusable verification hash: nobody tracks these
    chunk = 5000
    for start in range(0, cases, chunk):
        rows: list[Complaint] = []
        answered: list[bool] = []
        for n in range(start, min(start + chunk, cases)):
            received = first + timedelta(days=rng.randrange(span))
            channel = rng.choices(channel_names, channel_weights)[0]
            state = rng.choices(state_names, state_weights)[0]
            decided = received + timedelta(days=rng.randrange(0, 8))
            replied = decided + timedelta(days=rng.randrange(3, 75))
            is_answered = state in ("replied", "closed")
            rows.append(
                Complaint(
                    case_no=f"TS{year}{n + 1:06d}",
                    verification_hash=hash_,
                    channel=channel,
                    mailbox_kind="complaint" if channel == "mailbox" else "",
                    category=categories[n % len(categories)],
                    district=districts[rng.randrange(len(districts))],
                    title="夜间异味扰民",
                    description="每天晚上工业园区方向飘来刺鼻异味，请依法查处。",
                    anonymous=True,
                    submitted_at=datetime.combine(received, clock_time(9), tzinfo=LOCAL),
                    received_on=received,
                    state=state,
                    department=department,
                    accepted_on=decided if state in ("accepted", "replied", "closed") else None,
                    refused_on=decided if state == "refused" else None,
                    referred_to="市城市管理局" if state == "refused" else "",
                    reply="经查……" if is_answered else "",
                    replied_on=replied if is_answered else None,
                    **limits[channel],
                )
            )
            answered.append(is_answered)
        with transaction.atomic():
            insert(rows)
            ids = dict(
                Complaint.objects.filter(case_no__in=[c.case_no for c in rows]).values_list(
                    "case_no", "id"
                )
            )
            for c in rows:
                c.pk = ids[c.case_no]
            events = []
            for c, is_answered in zip(rows, answered, strict=True):
                events.append(
                    ComplaintEvent(
                        complaint=c, kind="registered", on=c.received_on, public=True, data={}
                    )
                )
                if is_answered:
                    on_time = rng.random() >= LATE_SHARE
                    events.append(
                        ComplaintEvent(
                            complaint=c,
                            kind="replied",
                            on=c.replied_on,
                            public=True,
                            data={"on_time": on_time, "round": 0},
                        )
                    )
            insert(events)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lantian-bench-"))
    setup(folder)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lantian.complaints import selectors
    from lantian.complaints.models import Complaint, ComplaintEvent

    year = timezone.localdate().year
    start = time.perf_counter()
    build(args.cases, year)
    built = time.perf_counter() - start
    print(
        f"{Complaint.objects.count():,} cases, {ComplaintEvent.objects.count():,} events "
        f"of {year} written in {built:.1f} s"
    )

    table = Complaint._meta.db_table

    def bare() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT channel, COUNT(*), SUM(CASE WHEN state IN ('replied', 'closed') "
                f"THEN 1 ELSE 0 END) FROM {table} WHERE received_on BETWEEN %s AND %s "
                "GROUP BY channel",
                [date(year, 1, 1), date(year, 12, 31)],
            )
            return cursor.fetchall()

    client = Client(HTTP_HOST="127.0.0.1")

    def get(path: str) -> Callable[[], object]:
        def fetch() -> object:
            response = client.get(path, {"year": year})
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            return response.content

        return fetch

    figures = selectors.statistics(year)
    assert figures["received"] + figures["invalid"] == args.cases, figures["received"]
    t_bare = best_of(bare, args.repeat)
    timings = {
        "selectors.statistics(year)": best_of(lambda: selectors.statistics(year), args.repeat)
    }
    for label, path in (
        ("GET /api/v1/complaints/stats", "/api/v1/complaints/stats"),
        ("GET /interaction/statistics/", "/interaction/statistics/"),
    ):
        try:
            get(path)()  # warm: URL resolution, templates
        except Exception as error:  # a missing endpoint is reported, not fatal
            print(f"{label}: not timed ({error})")
            continue
        timings[label] = best_of(get(path), args.repeat)
    print(f"bare SQL GROUP BY over {args.cases:,} rows: {t_bare * 1000:.1f} ms")
    for label, seconds in timings.items():
        print(f"{label}: {seconds * 1000:.1f} ms  ratio {seconds / t_bare:.1f}x (target ≤ 3x)")
    print(
        f"  answered {figures['closed']:,}, on time {figures['closed_on_time']:,}, "
        f"open {figures['open']:,}, invalid {figures['invalid']:,}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
