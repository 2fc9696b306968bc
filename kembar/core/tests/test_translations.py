"""Bahasa Indonesia is the default UI language: every message must have a current Indonesian text."""

from pathlib import Path

import polib
import pytest

PO = Path(__file__).resolve().parents[3] / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_compiled():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages` (compilemessages)"
    assert {e.msgid for e in polib.mofile(str(mo))} >= {e.msgid for e in catalogue.translated_entries()}


@pytest.mark.parametrize("entry", polib.pofile(str(PO)).translated_entries(), ids=lambda e: e.msgid[:40])
def test_placeholders_survive_translation(entry):
    import re

    names = lambda text: sorted(re.findall(r"%\((\w+)\)[sd]", text))  # noqa: E731
    assert names(entry.msgid) == names(entry.msgstr or entry.msgstr_plural.get(0, ""))
