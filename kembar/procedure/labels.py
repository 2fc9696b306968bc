"""Words for the procedure's codes (actors, document kinds) in the user's language."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kembar.cooperations.models import DocumentKind

ACTORS = {
    "bureau": _("Regional cooperation bureau"),
    "partner": _("Foreign partner"),
    "dprd": _("DPRD (regional parliament)"),
    "kemendagri": _("Kemendagri (Ministry of Home Affairs)"),
    "kemlu": _("Kemlu (Ministry of Foreign Affairs)"),
    "head_of_region": _("Head of region"),
}


def lang() -> str:
    """The UI language as a pack's name keys know it ("id", "en")."""
    return (get_language() or "id")[:2]


def actor_label(code: str) -> str:
    label = ACTORS.get(code)
    return str(label) if label is not None else code


def kind_label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def text_in(value, language: str | None = None) -> str:
    """A multilingual {id:…, en:…} mapping (or plain text) in the UI language."""
    if isinstance(value, dict):
        language = language or lang()
        return value.get(language) or value.get("id") or value.get("en") or ""
    return "" if value is None else str(value)
