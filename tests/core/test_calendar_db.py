"""The calendar table: seeded from the library, extended by administrators, read by core."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from lantian.core import calendar
from lantian.core.models import CalendarDay, CalendarYear
from lantian.core.services import seed_calendar

pytestmark = pytest.mark.django_db


def test_migrate_seeds_every_year_the_library_knows() -> None:
    years = set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert 2027 not in years
    assert CalendarDay.objects.get(date=date(2026, 1, 4)).kind == CalendarDay.Kind.WORKDAY
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).kind == CalendarDay.Kind.HOLIDAY


def test_seeding_again_changes_nothing() -> None:
    before = CalendarDay.objects.count()
    assert seed_calendar(actor=None) == {"days": 0, "years": 0}
    assert CalendarDay.objects.count() == before


def test_seeding_keeps_an_administrators_correction() -> None:
    # A local closure entered by hand is not overwritten by a later seed.
    day = CalendarDay.objects.get(date=date(2026, 1, 4))
    day.kind, day.name = CalendarDay.Kind.HOLIDAY, "本地调整"
    day.save()
    seed_calendar(actor=None)
    assert CalendarDay.objects.get(date=date(2026, 1, 4)).name == "本地调整"
    assert calendar.is_working_day(date(2026, 1, 4)).kind.value == "holiday"


def test_an_administrator_confirms_2027() -> None:
    assert calendar.add_working_days(date(2026, 12, 20), 20).provisional
    # The (hypothetical) 2027 notice: New Year 01-01..03, make-up Sunday 2027-01-10.
    for d in (date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)):
        CalendarDay.objects.create(date=d, kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    CalendarDay.objects.create(
        date=date(2027, 1, 10), kind=CalendarDay.Kind.WORKDAY, name="元旦调休"
    )
    CalendarYear.objects.create(year=2027, confirmed=True, source="国办发明电〔2026〕X号")
    result = calendar.add_working_days(date(2026, 12, 20), 20)
    assert not result.provisional
    # 12-21..25, 12-28..31 (9), [01-01 Fri holiday], 01-04..08 (14), Sun 01-10 (15), 01-11..15 (20)
    assert result.value == date(2027, 1, 15)
    assert calendar.is_working_day(date(2027, 1, 10)).is_working


def test_make_up_day_must_be_a_weekend() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        CalendarDay(date=date(2027, 1, 6), kind=CalendarDay.Kind.WORKDAY).full_clean()
    assert "date" in excinfo.value.message_dict


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_cli_examples_from_the_issue() -> None:
    assert run("add", "2026-09-21", "20") == "2026-10-26"
    assert run("between", "2026-09-21", "2026-10-26") == "20"
    assert run("is", "2026-01-04") == "working"
    assert run("is", "2026-01-02") == "holiday"
    assert run("is", "2026-11-28") == "weekend"
    assert run("is", "2027-03-01") == "working provisional"
    assert run("add", "2026-12-20", "20") == "2027-01-15 provisional"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2026-02-30", "3"], "not a date"),
        (["add", "tomorrow", "3"], "not a date"),
        (["add", "2026-01-05", "-1"], "must not be negative"),
        (["add", "2026-01-05", "two"], "not a whole number"),
        (["between", "2026-01-05", "x"], "not a date"),
        (["is", "2026/01/05"], "not a date"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from lantian.manage import main

    with pytest.raises(SystemExit) as excinfo:
        main(["lantian", "workdays", *args])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1
