"""Version 1 of the shipped rule pack "permendagri-25-2020" wrote "(belum dikonfirmasi)" after the source of each
stage it marks `confirmed: false`, which pages already mark "unconfirmed" in the reader's language: an English
reader read the Indonesian words beside the English badge. A version 1 that no one published (no author) loses
the suffix on those stages, as the pack file now has it; versions an administrator published keep their words."""

from django.db import migrations

SUFFIX = " (belum dikonfirmasi)"


def forwards(apps, schema_editor):
    RulePack = apps.get_model("procedure", "RulePack")
    for pack in RulePack.objects.filter(version=1, created_by__isnull=True, pack_id="permendagri-25-2020"):
        changed = False
        for stage in pack.data.get("stages", []):
            source = stage.get("source")
            if stage.get("confirmed") is False and isinstance(source, str) and source.endswith(SUFFIX):
                stage["source"] = source.removesuffix(SUFFIX)
                changed = True
        if changed:
            pack.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("procedure", "0005_text_written_by_people_bounded")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
