"""Countries were named in Indonesian, Korean and Japanese by translating pycountry's formal name while English
used its common name ("Bolivia" beside "Bolivia, Negara Plurinasional", "Taiwan" beside "Taiwan, Provinsi
China"), and five names pycountry's Indonesian catalogue leaves in English stayed English on Indonesian pages
("Czechia", "Cabo Verde", "Ethiopia", "Macao", "Bonaire, Sint Eustatius and Saba"). Every stored country gets
the names of partners/names.py; no one edits names in Kembar, and its relations data is left alone. Every
region's kept page bodies are built again (core.pages.bump_all), as they name countries."""

from django.db import migrations
from django.utils import timezone

FIELDS = ("name_en", "name_id", "name_ko", "name_ja")


def forwards(apps, schema_editor):
    from kembar.partners.names import all_names

    Country = apps.get_model("partners", "Country")
    wanted = all_names()
    changed = []
    for country in Country.objects.filter(code__in=list(wanted)):
        new = wanted[country.code]
        if any(getattr(country, f) != new[f] for f in FIELDS):
            for f in FIELDS:
                setattr(country, f, new[f])
            changed.append(country)
    Country.objects.bulk_update(changed, FIELDS)
    if changed:
        apps.get_model("regions", "Region").objects.update(changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_default_relations_source_said_not_stored"),
        ("regions", "0007_publishing_rules"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
