"""Stored cooperation facts (kembar/cooperations/facts.py). Existing cooperations get theirs from
`kembar facts rebuild`; until then the evaluation reads their records, as before."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0006_remove_cooperation_data_changed_at"),
        ("regions", "0005_remove_region_data_changed_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="CooperationFacts",
            fields=[
                (
                    "cooperation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="facts",
                        serialize=False,
                        to="cooperations.cooperation",
                    ),
                ),
                ("horizon", models.DateField(null=True)),
                ("activities", models.PositiveIntegerField(default=0)),
                ("data", models.JSONField(default=dict)),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="regions.region"
                    ),
                ),
            ],
            options={"verbose_name": "cooperation facts", "verbose_name_plural": "cooperation facts"},
        ),
    ]
