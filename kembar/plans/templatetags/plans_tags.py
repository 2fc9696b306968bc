"""Template tags of the plans app: the dossier panel's data and small helpers for plan pages."""

from django import template

from ..models import CooperationPlan
from ..selectors import item_label

register = template.Library()
_PANEL_FIELDS = ("pk", "number", "status", "submitted_at", "dprd_notes", "decided_at", "decision_document_id")


@register.simple_tag
def plan_panel(coop) -> dict:
    """The cooperation's plans in one query: the current one and the latest DPRD decision."""
    plans = list(
        CooperationPlan.objects.filter(region_id=coop.region_id, cooperation=coop)
        .only(*_PANEL_FIELDS)
        .order_by("-number")
    )
    return {
        "current": plans[0] if plans else None,
        "decided": next((p for p in plans if p.is_decided), None),
        "count": len(plans),
    }


@register.filter
def item_name(item: dict) -> str:
    return item_label(item)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")
