"""How a criterion of the ranking reads on a page: each side's value in words, numbers in the page's format."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kembar.discovery.models import Place, RegionProfile

register = template.Library()


def _number(value) -> str:
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1, force_grouping=True)


@register.filter
def criterion_value(value, key: str) -> str:
    """One side's value of criterion `key` (kembar.discovery.ranking.Criterion.ours / .theirs)."""
    if value is None or value == "" or value == []:
        return "—"
    if key == "level":
        return str(Place.Kind(value).label) if value in Place.Kind.values else str(value)
    if key == "climate":
        return str(RegionProfile.Climate(value).label) if value in RegionProfile.Climate.values else str(value)
    if key == "distance":
        return _("%(km)s km") % {"km": _number(value)}
    if key == "timezone":
        sign = "+" if value >= 0 else "−"
        return f"UTC{sign}{_number(abs(value))}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v) or "—"
    return str(value)


@register.inclusion_tag("seeking/_region_link.html", takes_context=True)
def seeking_link(context, code: str) -> dict:
    """On a region's portal page: the way to its partner search, when it seeks partners (one query)."""
    from kembar.seeking.selectors import published_seeking

    request = context.get("request")
    portal = getattr(request, "portal", None)
    return {
        "code": code,
        "seeks": published_seeking().filter(region__code=code).exists(),
        "suffix": portal.suffix if portal else "",
    }
