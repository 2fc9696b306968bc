"""The search entries of the records that existed before the index (kembar.search.index.rebuild)."""

from django.db import migrations


def fill(apps, schema_editor):
    from kembar.search import index, storage

    index.rebuild(apps=apps)
    storage.optimize(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("cooperations", "0010_facts_status_window"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
