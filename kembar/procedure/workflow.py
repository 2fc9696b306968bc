"""The legal procedure as a pure function of a rule pack and a dossier's facts (no database).

A pack is an ordered list of stages; each stage names the document kinds that must be on file to
complete it. Stages are completed in order; several may be completed in one move only with a written
justification (a "compressed path", as Kabupaten Bogor did, seed 003), and even then every document
each covered stage requires must be on file. So a signing stage that requires the DPRD and central
approvals can never be reached without them, by any sequence of moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MIN_JUSTIFICATION = 20  # characters: a compressed path needs a real reason, not "ok"


@dataclass(frozen=True)
class Stage:
    id: str
    name: Mapping[str, str]
    actor: str
    requires: tuple[str, ...] = ()
    #: Document kinds that may back the stage without being required (a potential-partner study at the
    #: initiative): listed beside it, attached as evidence when on file.
    accepts: tuple[str, ...] = ()
    source: str = ""
    confirmed: bool = True
    signing: bool = False
    deadline_days: int | None = None

    def label(self, language: str = "id") -> str:
        return self.name.get(language) or self.name.get("id") or self.id

    @property
    def evidence(self) -> frozenset[str]:
        """The kinds a record of this stage keeps as its evidence: those it requires and those it accepts."""
        return frozenset(self.requires) | frozenset(self.accepts)


@dataclass(frozen=True)
class Pack:
    id: str
    version: int
    stages: tuple[Stage, ...]
    title: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def index(self, stage_id: str) -> int:
        return [s.id for s in self.stages].index(stage_id)

    @classmethod
    def from_data(cls, data: Mapping) -> Pack:
        """Build from a pack file's parsed YAML (kembar/procedure/packs/*.yaml)."""
        stages = tuple(
            Stage(
                id=s["id"],
                name=dict(s["name"]),
                actor=s["actor"],
                requires=tuple(s.get("requires") or ()),
                accepts=tuple(s.get("accepts") or ()),
                source=s.get("source", ""),
                confirmed=bool(s.get("confirmed", True)),
                signing=bool(s.get("signing", False)),
                deadline_days=s.get("deadline_days"),
            )
            for s in data["stages"]
        )
        return cls(
            id=data["id"],
            version=int(data["version"]),
            stages=stages,
            title=dict(data.get("title", {})),
            source=data.get("source", ""),
        )


@dataclass(frozen=True)
class Facts:
    """What the dossier holds: document kinds on file, and the stages completed so far, in order."""

    documents: frozenset[str] = frozenset()
    done: tuple[str, ...] = ()


@dataclass(frozen=True)
class Missing:
    stage: str
    document: str
    source: str


@dataclass(frozen=True)
class Decision:
    allowed: bool
    missing: tuple[Missing, ...] = ()
    reason: str = ""  # a code: ok, out_of_order, missing_documents, no_justification, nothing_to_send_back, done


@dataclass(frozen=True)
class StageState:
    stage: Stage
    state: str  # done | current | waiting
    missing: tuple[Missing, ...]


@dataclass(frozen=True)
class Status:
    pack: Pack
    stages: tuple[StageState, ...]
    current: Stage | None
    signed: bool

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(m for s in self.stages if s.state != "done" for m in s.missing)


def _missing(stage: Stage, documents: Iterable[str]) -> tuple[Missing, ...]:
    on_file = set(documents)
    return tuple(Missing(stage.id, kind, stage.source) for kind in stage.requires if kind not in on_file)


def _check_done(pack: Pack, done: tuple[str, ...]) -> None:
    expected = tuple(s.id for s in pack.stages[: len(done)])
    if done != expected:
        raise ValueError(f"completed stages {done} are not a prefix of pack {pack.id} v{pack.version}")


def status(pack: Pack, facts: Facts) -> Status:
    _check_done(pack, facts.done)
    states = []
    for i, stage in enumerate(pack.stages):
        state = "done" if i < len(facts.done) else "current" if i == len(facts.done) else "waiting"
        states.append(StageState(stage, state, () if state == "done" else _missing(stage, facts.documents)))
    current = pack.stages[len(facts.done)] if len(facts.done) < len(pack.stages) else None
    signed = any(pack.stage(s).signing for s in facts.done)
    return Status(pack, tuple(states), current, signed)


def can_complete(pack: Pack, facts: Facts, stage_ids: Iterable[str], *, justification: str = "") -> Decision:
    """May these stages (the current one, or a run of stages from it) be completed now?"""
    _check_done(pack, facts.done)
    ids = list(stage_ids)
    if len(facts.done) == len(pack.stages):
        return Decision(False, reason="done")
    expected = [s.id for s in pack.stages[len(facts.done) : len(facts.done) + len(ids)]]
    if not ids or ids != expected:
        return Decision(False, reason="out_of_order")
    if len(ids) > 1 and len(justification.strip()) < MIN_JUSTIFICATION:
        return Decision(False, reason="no_justification")
    missing = tuple(m for sid in ids for m in _missing(pack.stage(sid), facts.documents))
    if missing:
        return Decision(False, missing, reason="missing_documents")
    return Decision(True, reason="ok")


def complete(pack: Pack, facts: Facts, stage_ids: Iterable[str], *, justification: str = "") -> Facts:
    ids = list(stage_ids)
    decision = can_complete(pack, facts, ids, justification=justification)
    if not decision.allowed:
        raise ProcedureRefused(decision)
    return Facts(facts.documents, facts.done + tuple(ids))


def can_send_back(pack: Pack, facts: Facts, *, reason: str) -> Decision:
    if not facts.done:
        return Decision(False, reason="nothing_to_send_back")
    if not reason.strip():
        return Decision(False, reason="no_reason")
    return Decision(True, reason="ok")


def send_back(pack: Pack, facts: Facts, *, reason: str) -> Facts:
    decision = can_send_back(pack, facts, reason=reason)
    if not decision.allowed:
        raise ProcedureRefused(decision)
    return Facts(facts.documents, facts.done[:-1])


class ProcedureRefused(Exception):
    def __init__(self, decision: Decision):
        super().__init__(decision.reason)
        self.decision = decision
