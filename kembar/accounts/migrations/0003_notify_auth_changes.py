"""Once created, on PostgreSQL, notification triggers on the users, memberships, regions and sessions tables,
for a per-worker cache of the session's user (docs/adr/0017). That cache is gone (docs/adr/0020): this
migration now does nothing, and 0005 drops the triggers and their function from databases that have them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("regions", "0004_region_data_changed_at"),
        ("sessions", "0001_initial"),
    ]

    operations = []
