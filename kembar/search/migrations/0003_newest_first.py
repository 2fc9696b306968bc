"""Entries keyed with the record part reversed (kembar.search.index.key): written again from the records."""

from django.db import migrations


def rekey(apps, schema_editor):
    from kembar.search import index, storage

    index.rebuild(apps=apps)
    storage.optimize(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fill")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
