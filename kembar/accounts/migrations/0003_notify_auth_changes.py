"""On PostgreSQL, a notification on the `kembar_auth` channel after any change to what a logged-in request reads
of its user: users, memberships, regions (their data stamps) and sessions (kembar/accounts/authcache.py).
Statement-level triggers: one notification per statement, merged by PostgreSQL into one per transaction."""

from django.db import migrations

CHANNEL = "kembar_auth"  # authcache.CHANNEL, as it was when this migration was written
TABLES = (("accounts", "User"), ("accounts", "Membership"), ("regions", "Region"), ("sessions", "Session"))


def _tables(apps):
    return [apps.get_model(app, model)._meta.db_table for app, model in TABLES]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION kembar_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$"
    )
    for table in _tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER kembar_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION kembar_auth_changed()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS kembar_auth_changed ON {schema_editor.quote_name(table)}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kembar_auth_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("regions", "0004_region_data_changed_at"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
