"""The conditions panel on the dossier page: `{% conditions_panel coop %}`."""

from django import template

from kembar.conditions import selectors
from kembar.conditions.checks import MET, UNMET

register = template.Library()


def _order(item) -> tuple:
    # Blocking first; within each, what is not met before what is.
    return (not item.blocking, item.state == MET, item.state != UNMET)


@register.inclusion_tag("conditions/_panel.html", takes_context=True)
def conditions_panel(context, coop):
    """A compact checklist: counts, blocking items first, each with its source (fixed query count)."""
    items = selectors.checklist(cooperation=coop)
    applicable = sorted((i for i in items if i.applies), key=_order)
    sets = {}
    for item in items:
        sets.setdefault(item.set_id, {"title": item.set_title, "confirmed": item.confirmed, "applies": item.applies})
    return {
        "request": context.get("request"),
        "coop": coop,
        "choice": selectors.condition_pack(cooperation=coop),
        "counts": selectors.counts(items),
        "shown": [i for i in applicable if i.blocking or i.state == UNMET],
        "hidden": sum(1 for i in applicable if not (i.blocking or i.state == UNMET)),
        "sets": list(sets.values()),
        "no_relations": next(
            (i for i in applicable if i.check == "diplomatic_relations" and i.state == UNMET and i.decided), None
        ),
    }


@register.inclusion_tag("conditions/_state.html")
def condition_state(item):
    return {"item": item}
