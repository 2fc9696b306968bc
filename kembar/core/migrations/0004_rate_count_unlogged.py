"""On PostgreSQL the rate counts are kept in an unlogged table: a count is written without waiting for the
write-ahead log to reach the disk, and after a crash the table starts empty (docs/adr/0033). Nothing changes on
SQLite."""

from django.db import migrations


def _persistence(apps, schema_editor, *, logged: bool):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("core", "RateCount")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} SET {'LOGGED' if logged else 'UNLOGGED'}")


def unlogged(apps, schema_editor):
    _persistence(apps, schema_editor, logged=False)


def logged(apps, schema_editor):
    _persistence(apps, schema_editor, logged=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_anonymous_form_submission")]

    operations = [migrations.RunPython(unlogged, logged, elidable=False)]
