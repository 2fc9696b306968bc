"""Bahasa Indonesia is the default UI language: every message must have a current Indonesian text, and every
translation keeps its message's placeholders. One test lists every bad entry of every catalogue."""

import re
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[3] / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
#: Catalogues every message must be translated in (English is the source: its empty texts fall back to it).
COMPLETE = {"id"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _names(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _bad_entries() -> list[str]:
    """Every wrong entry across the catalogues, as `file:line: msgid: why`."""
    bad = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        where = po.relative_to(LOCALE.parent)
        language = po.parents[1].name
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            if entry.fuzzy:
                why = "fuzzy"
            elif not entry.translated():
                why = "untranslated" if language in COMPLETE else None
            else:
                text = entry.msgstr or entry.msgstr_plural.get(0, "")
                expected, found = _names(entry.msgid), _names(text)
                why = f"placeholders {found} instead of {expected}" if found != expected else None
            if why:
                bad.append(f"{where}:{entry.linenum}: {entry.msgid[:60]!r}: {why}")
    return bad


def test_every_message_is_translated_with_its_placeholders():
    bad = _bad_entries()
    assert not bad, f"{len(bad)} bad entries:\n" + "\n".join(bad)


def test_the_catalogue_is_compiled():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages` (compilemessages)"
    translated = {e.msgid for e in polib.pofile(str(PO)).translated_entries()}
    assert {e.msgid for e in polib.mofile(str(mo))} >= translated
