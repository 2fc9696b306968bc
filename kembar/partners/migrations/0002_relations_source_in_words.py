"""Countries loaded before the relations file cited its sources in words: their source named a design file
("../shared/design/DOMAIN.md, issue 2") or a developer's default. Rows still carrying those exact texts get
the file's current words; a source a national administrator wrote is left alone."""

import yaml
from django.db import migrations

from kembar.partners.services import RELATIONS_FILE

OLD_SPECIAL = "../shared/design/DOMAIN.md, issue 2 (to verify against Kemlu)"
OLD_DEFAULT = (
    "Kembar default (not verified): Indonesia is taken to have diplomatic relations with every country unless "
    "listed here. To verify against Kemlu."
)


def forwards(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    data = yaml.safe_load(RELATIONS_FILE.read_text(encoding="utf-8"))
    default = data["source_default"].strip()
    special = {code: row.get("source", default).strip() for code, row in data["countries"].items()}
    Country.objects.filter(relations_source=OLD_DEFAULT).update(relations_source=default)
    for code, source in special.items():
        Country.objects.filter(code=code, relations_source=OLD_SPECIAL).update(relations_source=source)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
