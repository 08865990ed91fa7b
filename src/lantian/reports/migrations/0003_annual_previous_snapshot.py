from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_annual_snapshot"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualreporttext",
            name="previous_snapshot",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="previously published report"
            ),
        ),
    ]
