"""The first stage of each shipped pack accepts a potential-partner study as a supporting document (issue 20):
listed beside the stage and kept as its evidence, never required. A database that already holds a pack gets
it as a new version of that pack (a version is never edited once published); cooperations that follow an
older version keep it. A fresh database loads the pack files, which carry it, as version 1."""

import copy

from django.db import migrations

KIND = "partner_study"
NOTE = "Kajian calon mitra dapat dilampirkan sebagai dokumen pendukung tahap pertama (tidak wajib)."


def forwards(apps, schema_editor):
    from kembar.procedure.packs import PACK_IDS, file_pack

    RulePack = apps.get_model("procedure", "RulePack")
    for pack_id in PACK_IDS:
        latest = RulePack.objects.filter(pack_id=pack_id).order_by("-version").first()
        if latest is None:
            continue
        first = file_pack(pack_id)["stages"][0]
        data = copy.deepcopy(latest.data)
        stage = next((s for s in data.get("stages", []) if s.get("id") == first["id"]), None)
        if stage is None or KIND in (stage.get("accepts") or []):
            continue
        stage["accepts"] = [*(stage.get("accepts") or []), KIND]
        data["version"] = latest.version + 1
        RulePack.objects.create(pack_id=pack_id, version=latest.version + 1, data=data, note=NOTE)


class Migration(migrations.Migration):
    dependencies = [("procedure", "0003_shipped_sources_in_words"), ("cooperations", "0013_partner_study_kind")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
