"""On PostgreSQL, a change to regions announces which regions changed (`r:<id>,<id>…` on `kembar_auth`), so a
worker forgets only the kept users of those regions (kembar/accounts/authcache.py). Every write in a region
moves its data stamp: without the ids, each write anywhere made every worker forget every user.

PostgreSQL allows transition tables only on a trigger of one event, hence one trigger for updates and one for
deletions; an insert changes nobody's kept rows (a membership to the new region is announced by its own
table), and a truncation still announces everything."""

from django.db import migrations

CHANNEL = "kembar_auth"  # authcache.CHANNEL, as it was when this migration was written
#: A notification's payload must stay under 8,000 bytes; more ids than fit announce everything ("").
PAYLOAD_LIMIT = 7900


def _table(apps):
    return apps.get_model("regions", "Region")._meta.db_table


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION kembar_auth_regions_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE ids text; BEGIN "
        "SELECT 'r:' || string_agg(DISTINCT id::text, ',') INTO ids FROM changed_rows; "
        f"IF ids IS NOT NULL THEN PERFORM pg_notify('{CHANNEL}', "
        f"CASE WHEN length(ids) <= {PAYLOAD_LIMIT} THEN ids ELSE '' END); END IF; "
        "RETURN NULL; END $$"
    )
    schema_editor.execute(f"DROP TRIGGER IF EXISTS kembar_auth_changed ON {table}")
    schema_editor.execute(
        f"CREATE TRIGGER kembar_auth_regions_updated AFTER UPDATE ON {table} REFERENCING NEW TABLE AS changed_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION kembar_auth_regions_changed()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER kembar_auth_regions_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS changed_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION kembar_auth_regions_changed()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER kembar_auth_changed AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION kembar_auth_changed()"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(_table(apps))
    for name in ("kembar_auth_regions_updated", "kembar_auth_regions_deleted", "kembar_auth_changed"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kembar_auth_regions_changed()")
    schema_editor.execute(
        f"CREATE TRIGGER kembar_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION kembar_auth_changed()"
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_notify_auth_changes")]

    operations = [migrations.RunPython(create, drop)]
