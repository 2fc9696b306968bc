"""The dossier's procedure panel loads its data here, in a fixed number of queries."""

from dataclasses import dataclass, field

from django import template

from kembar.cooperations.models import Document

from .. import selectors
from ..labels import text_in

register = template.Library()

EVIDENCE_LIMIT = 200


@dataclass
class Panel:
    state: selectors.ProcedureState
    can_edit: bool
    evidence: list = field(default_factory=list)  # documents that may be attached to the coming stages
    packs: list = field(default_factory=list)  # (pack id, title, version) to choose from, when it names none


@register.simple_tag
def procedure_panel(coop, request) -> Panel:
    state = selectors.procedure_for(cooperation=coop)
    access = getattr(request, "access", None)
    panel = Panel(state, bool(access and access.can_edit))
    if not panel.can_edit:
        return panel
    if state.rule_pack is None:
        panel.packs = [(p.pack_id, text_in(p.data.get("title")), p.version) for p in selectors.rule_pack_choices()]
        return panel
    kinds = {k for s in state.upcoming for k in s.stage.requires}
    if kinds:
        panel.evidence = list(
            Document.objects.filter(cooperation=coop, kind__in=kinds)
            .only("pk", "kind", "title", "date")
            .order_by("kind", "-pk")[:EVIDENCE_LIMIT]
        )
    return panel
