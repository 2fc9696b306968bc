"""Version 1 of the shipped rule pack "permendagri-25-2020" wrote after the source of its plan contents, in
Indonesian, that the list is not confirmed for Permendagri 25/2020: an English reader read those words on the plan
page and the rule pack page. The pack marks the list `confirmed: false`, which the pages now say in the reader's
language. A version 1 that no one published (no author) loses the words, as the pack file now has it; versions an
administrator published keep their own."""

from django.db import migrations

SUFFIX = " (daftar untuk Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020 belum dikonfirmasi)"


def forwards(apps, schema_editor):
    RulePack = apps.get_model("procedure", "RulePack")
    for pack in RulePack.objects.filter(version=1, created_by__isnull=True, pack_id="permendagri-25-2020"):
        plan = pack.data.get("plan_contents") or {}
        source = plan.get("source")
        if isinstance(source, str) and source.endswith(SUFFIX):
            plan["source"] = source.removesuffix(SUFFIX)
            pack.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("procedure", "0006_unconfirmed_said_by_the_badge")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
