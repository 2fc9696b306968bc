"""What only some readers of the stored cooperation facts need, apart from `data` (facts.parts): the rows of
the first format have none and are written again by the `migrate` that adds it (facts.fill_missing); until
then their cooperations are read from their records."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperations', '0007_cooperationfacts'),
    ]

    operations = [
        migrations.AddField(
            model_name='cooperationfacts',
            name='parts',
            field=models.JSONField(default=dict),
        ),
    ]
