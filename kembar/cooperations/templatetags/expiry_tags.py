"""Template tags of the expiry panel and the deadlines page (rules in cooperations/expiry.py)."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import expiry, selectors

register = template.Library()


@register.simple_tag
def expiry_panel(coop):
    """The dossier's LoIs, MoUs and PKSs with their flags, in two queries however big the dossier."""
    return selectors.cooperation_expiry(region=coop.region, cooperation=coop)


@register.filter
def expiry_words(doc) -> str:
    """A document's expiry in words, or why it is unknown (never an invented date)."""
    status = getattr(doc, "validity", None) or expiry.validity_of(doc)
    if status == expiry.GIVEN:
        return doc.expires.display()
    if status == expiry.COMPUTED:
        return _("%(date)s (computed: start + %(n)s months)") % {
            "date": doc.expires.display(),
            "n": doc.duration_months,
        }
    return {
        expiry.YEAR_ONLY: lambda: _("expiry unknown: start known only to the year"),
        expiry.RANGE_START: lambda: _("expiry unknown: start known only as a range"),
        expiry.NO_START: lambda: _("expiry unknown: no start date"),
        expiry.NO_DURATION: lambda: _("no duration or expiry recorded"),
    }[status]()


@register.filter
def flag_label(flag) -> str:
    return {
        expiry.EXPIRING: lambda: _("expiring"),
        expiry.EXPIRED: lambda: _("expired"),
        expiry.LOI_WITHOUT_MOU: lambda: _("LoI not followed by an MoU"),
    }[flag.code]()


@register.filter
def flag_days(flag) -> str:
    """Days left for an expiring document, days overdue for the others."""
    if flag.code == expiry.EXPIRING:
        if flag.days == 0:
            return _("expires today")
        return ngettext("%(n)s day left", "%(n)s days left", flag.days) % {"n": flag.days}
    return ngettext("%(n)s day overdue", "%(n)s days overdue", flag.days) % {"n": flag.days}
