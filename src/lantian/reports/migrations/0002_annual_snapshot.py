from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualreporttext",
            name="published_snapshot",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="published report"
            ),
        ),
        migrations.AddField(
            model_name="annualreporttext",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="published at"
            ),
        ),
    ]
