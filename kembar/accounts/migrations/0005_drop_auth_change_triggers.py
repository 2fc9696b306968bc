"""Drop the notification triggers and functions that migrations 0003 and 0004 once created on PostgreSQL
(a per-worker cache of the session's user, replaced by Django's own authentication: docs/adr/0020).
Everything is dropped `IF EXISTS`: a database migrated after 0003 and 0004 became no-ops has none of it.
Other databases never had them. The reverse does nothing (nothing reads the notifications any more)."""

from django.db import migrations

#: Triggers by table (app label, model): 0003 put the first on all four tables, 0004 the other two on regions.
TRIGGERS = {
    ("accounts", "User"): ("kembar_auth_changed",),
    ("accounts", "Membership"): ("kembar_auth_changed",),
    ("regions", "Region"): ("kembar_auth_changed", "kembar_auth_regions_updated", "kembar_auth_regions_deleted"),
    ("sessions", "Session"): ("kembar_auth_changed",),
}
FUNCTIONS = ("kembar_auth_changed", "kembar_auth_regions_changed")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for (app, model), triggers in TRIGGERS.items():
        table = schema_editor.quote_name(apps.get_model(app, model)._meta.db_table)
        for trigger in triggers:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in FUNCTIONS:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_notify_region_ids")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
