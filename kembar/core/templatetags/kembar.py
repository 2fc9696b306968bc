from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kembar.core import once, pages
from kembar.core.dates import DateSpec
from kembar.core.money import money
from kembar.core.personal import consent_version_words
from kembar.core.words import citation as words_citation
from kembar.core.words import yes_no

register = template.Library()

#: {{ amount|money:currency }}: "Rp 150.000", "KRW 12.500.000", "USD 12,50" (kembar.core.money).
register.filter("money", money)
#: {{ version|consent_version }}: "Desember 2026" for the key "2026-12-buyer-1" (kembar.core.personal).
register.filter("consent_version", consent_version_words)

TIMELINE_KINDS = {
    "event": lambda: _("step"),
    "document": lambda: _("document"),
    "activity": lambda: _("activity"),
    "obligation": lambda: _("obligation"),
    "upload": lambda: _("upload"),
}


@register.filter
def spec(value):
    """A DateSpec in words, at its own precision: "21 September 2006", "Oktober 2019", "2011"."""
    if not value:
        return ""
    return DateSpec.parse(value).display()


@register.filter
def timeline_kind(kind):
    return TIMELINE_KINDS.get(kind, lambda: kind)()


@register.filter
def yesno_text(value):
    return yes_no(value)


@register.filter
def citation(text):
    """A citation as the reader's language writes a source without a year: "(n.d.)" or "(t.t.)" (core.words)."""
    return words_citation(text)


@register.simple_tag
def cite(source):
    """A link to the dossier's source list, so every fact shows where it comes from: marked with the source's
    key as words ("little-bandung" → [Little Bandung]), its full citation on hover."""
    label = source.key.replace("-", " ").replace("_", " ").title()
    title = words_citation(source.cite)
    return format_html('<a class="cite" href="#src-{}" title="{}">[{}]</a>', source.pk, title, label)


@register.filter
def history_action(code):
    return {"+": _("created"), "~": _("changed"), "-": _("removed")}.get(code, code)


@register.filter
def filetype_label(content_type):
    from kembar.core.uploads import ALLOWED

    return ALLOWED.get(content_type, content_type)


@register.simple_tag(takes_context=True)
def form_token(context):
    """The hidden one-time token of a form that creates (kembar.core.once): put it beside {% csrf_token %}."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.token(context["request"]))


@register.simple_tag
def fields_with_errors(form, also=None):
    """The visible fields with errors of a form (and of a form shown inside it, `also`), in their order
    (core/error_summary.html)."""
    forms = [each for each in (form, also) if getattr(each, "is_bound", False)]
    return [field for each in forms for field in each.visible_fields() if field.errors]


@register.filter
def field_anchor(field) -> str:
    """The id a link to `field` (an error summary's) focuses: its input's, or for a group of radio buttons or
    check boxes, which has no one input (its `id_for_label` is empty), the first of the group."""
    if field.id_for_label:
        return field.id_for_label
    return f"{field.auto_id}_0" if field.auto_id else ""


@register.filter
def key_label(key):
    """A record's key (a finding's topic, a term, an obligation's kind) in words (kembar.core.words)."""
    from kembar.core.words import key_label as label

    return label(key)


@register.filter
def change_reason(reason):
    """A history row's reason in the page's language (kembar.core.words)."""
    from kembar.core.words import change_reason as words

    return words(reason)


@register.simple_tag
def public_lang() -> str:
    """What opens a public page from a staff page in the reader's language: public pages take their language from
    their address (`?lang=en`; none is Indonesian), not from the switcher's cookie (kembar/public/http.py). On a
    Korean, Japanese or Chinese page (catalogue, partner search, buyer) it leads to the portal in English, the
    language of that page's frame."""
    language = get_language()
    if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
        return ""
    return f"?lang={language}"


@register.simple_tag
def menu_links(nav, national, pnav):
    """The header menu's links for a reader (`nav`: accounts.context_processors.NavRegion or None; `national`:
    a national role; `pnav`: smes' programme_nav), kept for every reader with the same ones (core.pages)."""
    access = "|".join(
        (
            nav.code if nav else "",
            "edit" if nav and nav.can_edit else "",
            "national" if national else "",
            pnav["code"] if pnav else "",
            "trade" if pnav and pnav["trade"] else "",
            "inquiries" if pnav and pnav["inquiries"] else "",
        )
    )
    context = {"nav": nav, "national": national, "pnav": pnav}
    return pages.kept_part("menu", lambda: render_to_string("_menu_links.html", context), access=access)
