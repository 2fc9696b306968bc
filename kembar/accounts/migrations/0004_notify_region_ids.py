"""Once made, on PostgreSQL, the regions table's notification triggers name the regions that changed, for a
per-worker cache of the session's user (docs/adr/0017). That cache is gone (docs/adr/0020): this migration now
does nothing, and 0005 drops the triggers and their function from databases that have them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_notify_auth_changes")]

    operations = []
