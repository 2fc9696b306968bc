"""Version 1 of the shipped rule packs, loaded before the pack files cited their sources bibliographically:
its sources named research files ("seed 000 …", "DOMAIN.md") and its note the pack file's path. A version 1
that no one published (no author) gets the file's current sources and no note (pages say "shipped with
Kembar"); the stages, documents and rules are not touched, and versions an administrator published keep
their own words."""

from django.db import migrations

DEVELOPER_WORDS = ("seed", "DOMAIN", "Not confirmed", "../shared")


def _old(text) -> bool:
    return isinstance(text, str) and any(word in text for word in DEVELOPER_WORDS)


def forwards(apps, schema_editor):
    from kembar.procedure.packs import PACK_IDS, file_pack

    RulePack = apps.get_model("procedure", "RulePack")
    for pack in RulePack.objects.filter(version=1, created_by__isnull=True, pack_id__in=PACK_IDS):
        shipped, data = file_pack(pack.pack_id), pack.data
        if _old(data.get("source")):
            data["source"] = shipped.get("source", "")
        stages = {s["id"]: s for s in shipped.get("stages", [])}
        for stage in data.get("stages", []):
            if _old(stage.get("source")) and stage.get("id") in stages:
                stage["source"] = stages[stage["id"]].get("source", "")
        plan = data.get("plan_contents") or {}
        if _old(plan.get("source")):
            plan["source"] = (shipped.get("plan_contents") or {}).get("source", "")
        if pack.note.startswith("kembar/procedure/packs/"):
            pack.note = ""
        pack.save(update_fields=["data", "note"])


class Migration(migrations.Migration):
    dependencies = [("procedure", "0002_dated_stage_records")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
