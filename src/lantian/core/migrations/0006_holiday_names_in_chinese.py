"""Holidays seeded from the chinesecalendar library carried its English names ("Spring
Festival"); the back office names them in Chinese, as the State Council notices do. Days
and years an administrator entered are left as they are."""

import re

from django.db import migrations

# chinesecalendar's names → the notices' (core.services.library_calendar), fixed here.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
SOURCE = re.compile(r"chinesecalendar (?P<version>\S*) \(State Council notices\)")


def names_in_chinese(apps, schema_editor):
    db = schema_editor.connection.alias
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    for english, chinese in NAMES.items():
        CalendarDay.objects.using(db).filter(name=english).update(name=chinese)
    for year in CalendarYear.objects.using(db).filter(source__endswith="(State Council notices)"):
        found = SOURCE.fullmatch(year.source)
        if found:
            year.source = f"chinesecalendar {found['version']}（国务院办公厅通知）"
            year.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_back_office_in_chinese")]

    operations = [migrations.RunPython(names_in_chinese, migrations.RunPython.noop)]
