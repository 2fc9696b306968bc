"""The words of the few pages offered in languages the site's .po catalogues do not have.

The interface is translated into Indonesian and English by gettext (locale/*.po). A foreign reader's pages (the
online catalogue, the buyer's inquiry, the seeking pages) are also offered in Korean and Japanese, whose texts sit
in a table in the module that owns the page: English msgid → {"ko": …, "ja": …}. `lookup` is the one rule for
such a text: Korean and Japanese from the table, any other language by gettext in that language, named
placeholders filled when values are given. kembar.seeking.words keeps its table by key and language (with
Chinese too) and uses the two halves, `in_language` and `fill`, itself."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

#: The languages with no .po catalogue: their texts come from the module's table.
OWN = ("ko", "ja")


def is_own(language: str) -> bool:
    return language in OWN


def in_language(message: str | Promise, language: str) -> str:
    """A gettext message (an English msgid, or a lazy text) in `language`; the active language is left as it was."""
    with translation.override(language):
        return str(message) if isinstance(message, Promise) else gettext(message)


def fill(text: str, values: Mapping[str, object]) -> str:
    """`text` with its named placeholders filled; without values the text as written (a lone "%" stays)."""
    return text % values if values else text


def lookup(table: Mapping[str, Mapping[str, str]], msgid: str, language: str, /, **values) -> str:
    """`msgid` in `language`: Korean and Japanese from `table[msgid][language]`, other languages by gettext.

    A text the table lacks is an error, not English in its place: KeyError(msgid) for a msgid not in the table,
    KeyError(language) for an entry without that language. In any other language the table is not read: a msgid
    the .po catalogues lack comes back as gettext gives it, in English."""
    text = table[msgid][language] if is_own(language) else in_language(msgid, language)
    return fill(text, values)
