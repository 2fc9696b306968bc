"""Countries loaded before the relations file cited its sources in words: their source named a design file
("../shared/design/DOMAIN.md, issue 2") or a developer's default. Rows still carrying those exact texts get
the file's current words; a source a national administrator wrote is left alone."""

from django.db import migrations

OLD_SPECIAL = "../shared/design/DOMAIN.md, issue 2 (to verify against Kemlu)"
OLD_DEFAULT = (
    "Kembar default (not verified): Indonesia is taken to have diplomatic relations with every country unless "
    "listed here. To verify against Kemlu."
)


#: The relations file's words at the time (its sources are no longer stored with each country: 0004).
DEFAULT = (
    "Ditetapkan oleh Kembar, belum diverifikasi dengan Kementerian Luar Negeri: Indonesia dianggap memiliki "
    "hubungan diplomatik dengan setiap negara yang tidak tercantum di sini."
)
SPECIAL = "Belum diverifikasi dengan Kementerian Luar Negeri"


def forwards(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    default = DEFAULT
    special = {code: SPECIAL for code in ("IL", "TW")}
    Country.objects.filter(relations_source=OLD_DEFAULT).update(relations_source=default)
    for code, source in special.items():
        Country.objects.filter(code=code, relations_source=OLD_SPECIAL).update(relations_source=source)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
