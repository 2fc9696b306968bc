"""Terms saved through the edit form before it read "True"/"False" back as yes/no were stored as the strings
"True" and "False" (a form saved untouched turned `true` into "True"): they are booleans again. History rows stay
as they were written."""

from django.db import migrations

WORDS = {"True": True, "False": False}


def booleans_again(apps, schema_editor):
    Cooperation = apps.get_model("cooperations", "Cooperation")
    for pk, terms in Cooperation._base_manager.values_list("pk", "terms").iterator():
        if not isinstance(terms, dict) or not any(isinstance(v, str) and v in WORDS for v in terms.values()):
            continue
        fixed = {k: WORDS[v] if isinstance(v, str) and v in WORDS else v for k, v in terms.items()}
        Cooperation._base_manager.filter(pk=pk).update(terms=fixed)


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0016_bounded_texts_and_document_duration")]

    operations = [migrations.RunPython(booleans_again, migrations.RunPython.noop)]
