"""The dossier's procedure panel loads its data here, in a fixed number of queries."""

from dataclasses import dataclass, field

from django import template
from django.utils.translation import gettext as _

from kembar.cooperations.models import Document

from .. import selectors
from ..forms import CompleteForm, SendBackForm, StartForm
from ..labels import text_in

register = template.Library()

EVIDENCE_LIMIT = 200


@dataclass
class Panel:
    state: selectors.ProcedureState
    can_edit: bool
    evidence: list = field(default_factory=list)  # documents that may be attached to the coming stages
    packs: list = field(default_factory=list)  # (pack id, title, version) to choose from, when it names none
    #: Signed by its records before Kembar held its stage records (evaluation/lifecycle.py): the stages not
    #: recorded are a finding, not a procedure at its first stage.
    signed_before: bool = False
    signed_on: str = ""  # the signing's date as the records give it
    #: The forms of the moves (for editors): each new, or the one a refused move shows again as it was sent.
    start: StartForm | None = None
    complete: CompleteForm | None = None
    send_back: SendBackForm | None = None

    @property
    def unrecorded(self) -> list:
        return [s for s in self.state.stages if s.state == UNRECORDED]

    @property
    def missing_documents(self) -> list[str]:
        """The document kinds the unrecorded stages require that are not on file, once each, in order."""
        seen = {}
        for s in self.unrecorded:
            for m in s.missing:
                seen.setdefault(m.document, m.document_label)
        return list(seen.values())


#: The state of a stage with no record in Kembar of a cooperation signed before its records were kept.
UNRECORDED = "unrecorded"


@register.simple_tag
def procedure_panel(coop, request, lifecycle=None, refused=None) -> Panel:
    """The panel's data; `lifecycle` is the cooperation's status when the page has it (evaluation_tags); `refused`
    the form of a move refused on this request (procedure/views.py), shown again in its place."""
    state = selectors.procedure_for(cooperation=coop)
    access = getattr(request, "access", None)
    panel = Panel(state, bool(access and access.can_edit))
    if getattr(lifecycle, "signed_before_records", False) and state.status is not None:
        panel.signed_before, panel.signed_on = True, lifecycle.signed_text
        for view in state.stages:
            if view.state != "done":
                view.state, view.overdue = UNRECORDED, False
        state.overdue = False
    if not panel.can_edit:
        return panel
    if state.rule_pack is None:
        panel.packs = [(p.pack_id, text_in(p.data.get("title")), p.version) for p in selectors.rule_pack_choices()]
    else:
        kinds = {k for s in state.upcoming for k in s.stage.requires}
        if kinds:
            panel.evidence = list(
                Document.objects.filter(cooperation=coop, kind__in=kinds)
                .only("pk", "kind", "title", "date")
                .order_by("kind", "-pk")[:EVIDENCE_LIMIT]
            )
    _forms(panel, coop, refused or None)
    return panel


def _forms(panel: Panel, coop, refused) -> None:
    """The moves' forms, offering what the panel shows: the packs to choose, the stages still to complete (the
    current one ticked), the documents that may be their evidence."""
    upcoming = panel.state.upcoming
    panel.start = refused if isinstance(refused, StartForm) else StartForm(choosing=not coop.rule_pack)
    if "pack" in panel.start.fields:
        panel.start.fields["pack"].widget.choices = [
            (pid, f"{title} ({_('version %(v)s') % {'v': version}})") for pid, title, version in panel.packs
        ]
    panel.complete = (
        refused
        if isinstance(refused, CompleteForm)
        else CompleteForm(cooperation=coop, initial={"stages": [s.stage.id for s in upcoming[:1]]})
    )
    panel.complete.fields["stages"].choices = [(s.stage.id, s.name) for s in upcoming]
    panel.complete.fields["documents"].choices = [(d.pk, f"{d.title} ({d.get_kind_display()})") for d in panel.evidence]
    panel.send_back = refused if isinstance(refused, SendBackForm) else SendBackForm()


@register.filter
def pack_title(pack_id: str) -> str:
    """A rule pack's title in the reader's language (as Kembar ships it; no query), for a page that would
    otherwise show its id."""
    from ..packs import file_pack

    try:
        return text_in(file_pack(pack_id).get("title")) or pack_id
    except KeyError:  # a pack Kembar does not ship: its id is all there is
        return pack_id
