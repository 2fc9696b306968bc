"""The dashboard's words for a cooperation's health, in the page's language."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kembar.evaluation.templatetags.evaluation_tags import dormancy_label

register = template.Library()


@register.simple_tag
def reasons(h) -> str:
    """Why a cooperation is flagged (selectors.Health), joined by "; "; "" when it is not. A tag, not an
    included template: the health table and the panels word up to seventy rows per page."""
    out = []
    if h.dormancy:
        since = date_format(h.since, "DATE_FORMAT") if h.since else "—"
        text = ngettext(
            "%(state)s: no activity for %(n)s month since %(since)s",
            "%(state)s: no activity for %(n)s months since %(since)s",
            h.silent_months,
        )
        out.append(text % {"state": dormancy_label(h.dormancy), "n": h.silent_months, "since": since})
    if h.overdue:
        out.append(ngettext("%(n)s obligation overdue", "%(n)s obligations overdue", h.overdue) % {"n": h.overdue})
    if h.expiring:
        out.append(_("agreement expires on %(date)s") % {"date": date_format(h.expiring, "DATE_FORMAT")})
    if h.mostly_not_met:
        out.append(_("not met: %(elements)s") % {"elements": ", ".join(h.not_met)})
    if h.conflict:
        lc = h.cooperation.lifecycle
        out.append(
            _("recorded as %(recorded)s, but the records say %(derived)s")
            % {"recorded": lc.word, "derived": lc.derived_text}
        )
    return "; ".join(out)
