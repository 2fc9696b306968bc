"""The evaluation panel on the dossier page (`{% evaluation_panel coop %}`) and small display helpers."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kembar.evaluation import dormancy as dm
from kembar.evaluation import scoring, selectors
from kembar.evaluation.svg import marks_from, timeline_svg

register = template.Library()

_BADGE = {scoring.MET: "ok", scoring.PARTLY: "", scoring.NOT_MET: "warn", scoring.NO_DATA: ""}
_STATE_BADGE = {scoring.GOOD: "ok", scoring.FAIR: "", scoring.POOR: "warn"}


@register.filter
def verdict_class(verdict: str) -> str:
    return _BADGE.get(verdict, "")


@register.filter
def state_class(state: str) -> str:
    return _STATE_BADGE.get(state, "")


@register.filter
def state_label(state: str) -> str:
    return {
        scoring.GOOD: _("good"),
        scoring.FAIR: _("fair"),
        scoring.POOR: _("poor"),
        scoring.UNKNOWN: _("unknown"),
        scoring.INSUFFICIENT: _("insufficient evidence"),
        "informative": _("for information"),
    }.get(state, state)


@register.filter
def threshold(value) -> str:
    """A threshold as written in its framework: 1/3 as a fraction, 0.15 and 3 as numbers."""
    if isinstance(value, Fraction) and value.denominator != 1:
        decimal = value.numerator * 10**6 // value.denominator
        if Fraction(decimal, 10**6) == value:
            return number_format(Decimal(f"{float(value):g}"))
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, float):
        return number_format(Decimal(f"{value:g}"))  # 0,15 in Indonesian, 0.15 in English
    return "" if value is None else str(value)


@register.filter
def insufficient(element) -> list[str]:
    """The labels of an element's indicators rated "insufficient evidence" (the dossier names them)."""
    return [i.label for i in element.indicators if i.state == scoring.INSUFFICIENT]


@register.filter
def dormancy_label(level: str) -> str:
    return {
        dm.DORMANT: _("dormant"),
        dm.QUIET: _("quiet"),
        dm.APPROACHING: _("approaching quiet"),
        "": _("active"),
    }.get(level, level)


@register.filter
def localized(value) -> str:
    return scoring.localized(value)


@register.inclusion_tag("evaluation/_panel.html", takes_context=True)
def evaluation_panel(context, coop):
    """Verdict per element (UNDP, today), the current dormancy state and the chart (fixed query count)."""
    request = context.get("request")
    as_of = timezone.localdate()
    ev = selectors.evaluation_get(region=coop.region, cooperation=coop, as_of=as_of, framework="undp")
    chart = timeline_svg(
        marks=marks_from(ev.facts.timeline, titles=False),
        periods=ev.dormancy.periods if ev.dormancy else [],
        as_of=as_of,
        start=ev.facts.start,
        title=_("Activities of %(title)s") % {"title": coop.title},
        uid="dossier-timeline",
    )
    return {"request": request, "coop": coop, "ev": ev, "chart": mark_safe(chart), "as_of": as_of}  # noqa: S308


@register.simple_tag
def lifecycle_of(coop):
    """The cooperation's lifecycle status today (`{% lifecycle_of coop as lc %}`): the dossier's status, its
    procedure panel's "signed before it was recorded in Kembar"."""
    lc = getattr(coop, "lifecycle", None)
    if lc is None:
        lc = coop.lifecycle = selectors.lifecycle_get(coop)
    return lc
