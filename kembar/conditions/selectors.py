"""Reads for the conditions checklist: which conditions apply to a cooperation and where each stands.

The conditions are data (kembar/procedure/packs/conditions.yaml), grouped in sets that a rule pack
names. Each item is decided automatically (kembar/conditions/checks.py) or by the latest
attestation of a named user; an automatic answer of "unknown" is left to attestation too.
Reading a checklist costs a fixed number of queries however many documents and attestations the
dossier holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from kembar.cooperations.models import Cooperation, Document
from kembar.procedure.packs import condition_sets, file_pack
from kembar.procedure.selectors import pack_data_for

from . import checks
from .checks import MET, UNKNOWN, UNMET
from .models import ConditionAttestation

#: The pack whose condition sets apply when a cooperation follows none: the current law.
DEFAULT_PACK = "permendagri-25-2020"

AUTOMATIC, ATTESTED = "automatic", "attested"


def localized(value, language: str | None = None) -> str:
    """A {id:, en:, …} text in the active language, else Indonesian, else English, else any."""
    if not isinstance(value, dict):
        return value or ""
    lang = (language or get_language() or "id")[:2]
    return value.get(lang) or value.get("id") or value.get("en") or next(iter(value.values()), "")


@dataclass(frozen=True)
class PackChoice:
    """The rule pack whose condition sets a cooperation is judged by."""

    pack_id: str
    title: str
    set_ids: tuple[str, ...]
    defaulted: bool  # the cooperation follows no pack (or an unknown one): the current law's sets


def condition_pack(*, cooperation: Cooperation) -> PackChoice:
    try:
        data = pack_data_for(cooperation=cooperation)
    except KeyError:
        data = None
    defaulted = data is None
    if defaulted:
        data = file_pack(DEFAULT_PACK)
    return PackChoice(
        pack_id=data.get("id", DEFAULT_PACK),
        title=localized(data.get("title", {})),
        set_ids=tuple(data.get("condition_sets") or ()),
        defaulted=defaulted,
    )


@dataclass
class Item:
    set_id: str
    set_title: str
    confirmed: bool  # the set's rules are confirmed (false: shown as unconfirmed)
    item_id: str
    text: str
    source: str
    blocking: bool
    applies: bool  # by the cooperation's form (a set's applies_to)
    check: str  # id of the automatic check, "" when a person attests
    state: str  # met | unmet | unknown
    decided: str = ""  # automatic | attested | "" (not decided yet)
    explanation: str = ""
    details: tuple[str, ...] = ()
    check_source: str = ""
    automatic: str = ""  # the automatic check's own answer, when there is a check
    attestation: ConditionAttestation | None = None
    history: list[ConditionAttestation] = field(default_factory=list)  # superseded attestations, newest first

    @property
    def key(self) -> str:
        return f"{self.set_id}--{self.item_id}"

    @property
    def attestable(self) -> bool:
        """A person decides it: it has no automatic check, or the check could not tell."""
        return self.applies and (not self.check or self.automatic == UNKNOWN)

    @property
    def to_attest(self) -> bool:
        return self.attestable and self.attestation is None

    @property
    def blocks(self) -> bool:
        return self.applies and self.blocking and self.state != MET


def facts_for(*, cooperation: Cooperation) -> checks.Facts:
    """The facts the automatic checks read (one query for the document kinds on file)."""
    partner = cooperation.partner
    country = partner.country
    kinds = Document.objects.filter(cooperation=cooperation).order_by().values_list("kind", flat=True).distinct()
    return checks.Facts(
        country_code=country.code,
        country_name=country.name(),
        diplomatic_relations=country.diplomatic_relations,
        relations_note=country.relations_note,
        relations_source=country.source_shown,
        partner_kind=partner.kind,
        partner_level=partner.level,
        region_kind=cooperation.region.kind,
        fields=tuple(cooperation.fields or ()),
        documents=frozenset(kinds),
    )


def attestations_by_item(*, cooperation: Cooperation) -> dict[tuple[str, str], list[ConditionAttestation]]:
    """Every attestation of the cooperation, grouped by (set, item), newest first (one query)."""
    grouped: dict[tuple[str, str], list[ConditionAttestation]] = {}
    rows = ConditionAttestation.objects.filter(cooperation=cooperation).select_related(
        "attested_by", "evidence_document"
    )
    for row in rows.order_by("-attested_at", "-pk"):
        grouped.setdefault((row.set_id, row.item_id), []).append(row)
    return grouped


def checklist(*, cooperation: Cooperation) -> list[Item]:
    """Every condition of the cooperation's pack, in the pack's order, with its state and how it was decided."""
    choice = condition_pack(cooperation=cooperation)
    all_sets = condition_sets()
    facts = facts_for(cooperation=cooperation)
    attested = attestations_by_item(cooperation=cooperation)
    items = []
    for set_id in choice.set_ids:
        cset = all_sets.get(set_id)
        if cset is None:
            continue
        applies_to = cset.get("applies_to")
        applies = not applies_to or cooperation.form in applies_to
        for raw in cset.get("items", ()):
            text = localized(raw.get("text", {}))
            item = Item(
                set_id=set_id,
                set_title=localized(cset.get("title", {})),
                confirmed=cset.get("confirmed", True) is not False and raw.get("confirmed", True) is not False,
                item_id=raw["id"],
                text=text,
                source=raw.get("source") or cset.get("source", ""),
                blocking=bool(raw.get("blocking", False)),
                applies=applies,
                check=raw.get("check") or "",
                state=UNKNOWN,
            )
            result = checks.run(item.check, facts, condition=text) if item.check else None
            if result is None:
                item.check = ""
            else:
                item.automatic = result.state
                item.explanation, item.details, item.check_source = result.explanation, result.details, result.source
                if result.state != UNKNOWN:
                    item.state, item.decided = result.state, AUTOMATIC
            history = attested.get((set_id, item.item_id), [])
            if item.attestable and history:
                item.attestation, item.history = history[0], history[1:]
                item.state = MET if item.attestation.met else UNMET
                item.decided = ATTESTED
            elif history:
                # Attested earlier, now decided automatically: the record stays visible.
                item.history = history
            items.append(item)
    return items


def counts(items: list[Item]) -> dict[str, int]:
    """Applicable items by state: met, unmet, and to attest (unknown)."""
    out = {MET: 0, UNMET: 0, UNKNOWN: 0}
    for item in items:
        if item.applies:
            out[item.state] += 1
    return out


def blocking_unmet(*, cooperation: Cooperation) -> list[Item]:
    """Blocking conditions not met for this cooperation: unmet, or unknown and not attested as met.

    Each item has `.text` and `.source` (the procedure lists them before signing is recorded).
    """
    return [item for item in checklist(cooperation=cooperation) if item.blocks]
