"""The relations file's default source and its exceptions' "not verified" were stored with every country in
Indonesian, so an English reader read them in Indonesian on ~250 rows. A country no one has given a source now
stores none, and the page says the default in the reader's language (Country.source_shown). Rows still carrying
exactly the file's old words, not verified, are blanked; the two exceptions' notes, written in English, get the
file's Indonesian words. What a national administrator wrote is left alone."""

from django.db import migrations

OLD_DEFAULT = (
    "Ditetapkan oleh Kembar, belum diverifikasi dengan Kementerian Luar Negeri: Indonesia dianggap memiliki "
    "hubungan diplomatik dengan setiap negara yang tidak tercantum di sini."
)
OLD_SPECIAL = "Belum diverifikasi dengan Kementerian Luar Negeri"
NOTES = {
    "IL": (
        "Indonesia has no diplomatic relations with Israel.",
        "Indonesia tidak memiliki hubungan diplomatik dengan Israel.",
    ),
    "TW": (
        "Indonesia follows the One China policy; Taiwan has trade offices (KDEI Taipei / TETO Jakarta), not "
        "diplomatic relations.",
        "Indonesia menganut kebijakan Satu Tiongkok; Taiwan memiliki kantor dagang (KDEI Taipei / TETO Jakarta), "
        "bukan hubungan diplomatik.",
    ),
}


def forwards(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    Country.objects.filter(verified=False, relations_source__in=[OLD_DEFAULT, OLD_SPECIAL]).update(relations_source="")
    for code, (old, new) in NOTES.items():
        Country.objects.filter(code=code, relations_note=old).update(relations_note=new)


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_bounded_texts_and_coordinates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
