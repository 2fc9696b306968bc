"""Reads for the legal procedure: rule packs, and where each cooperation stands on its pack.

A cooperation follows the pack version it began under (CooperationProcedure); one that names a pack
(`rule_pack`) but has not started follows the latest version. Its stages done are derived by replaying
its StageRecords in order; the documents on file are the kinds of its live documents. Everything is
loaded in a fixed number of queries, for one cooperation or for every cooperation of a region.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from kembar.cooperations.models import Cooperation, Document
from kembar.regions.models import Region

from . import workflow
from .labels import actor_label, kind_label, lang, text_in
from .models import CooperationProcedure, RulePack, StageRecord
from .packs import PACK_IDS, file_pack

_CACHE = "_kembar_procedure"


# --- Rule packs -------------------------------------------------------------------------------


def rule_pack_latest(*, pack_id: str) -> RulePack | None:
    return RulePack.objects.filter(pack_id=pack_id).order_by("-version").first()


def rule_pack_get(*, pack_id: str, version: int | None = None) -> RulePack:
    """A version of a pack (the latest when none is given). Raises RulePack.DoesNotExist."""
    qs = RulePack.objects.filter(pack_id=pack_id).select_related("created_by")
    if version is None:
        pack = qs.order_by("-version").first()
        if pack is None:
            raise RulePack.DoesNotExist(pack_id)
        return pack
    return qs.get(version=version)


@dataclass
class PackSummary:
    pack_id: str
    latest: RulePack
    versions: list[RulePack]
    in_use: dict[int, int] = field(default_factory=dict)  # version → cooperations following it

    @property
    def title(self) -> str:
        return text_in(self.latest.data.get("title")) or self.pack_id

    @property
    def rows(self) -> list[tuple[RulePack, int]]:
        return [(v, self.in_use.get(v.version, 0)) for v in self.versions]


def rule_pack_list() -> list[PackSummary]:
    """Every pack with its versions, newest first (two queries)."""
    by_pack: dict[str, list[RulePack]] = defaultdict(list)
    for pack in RulePack.objects.select_related("created_by").order_by("pack_id", "-version"):
        by_pack[pack.pack_id].append(pack)
    counts: dict[int, int] = defaultdict(int)
    for pk in CooperationProcedure.objects.values_list("pack_id", flat=True):
        counts[pk] += 1
    return [
        PackSummary(pid, versions[0], versions, {v.version: counts.get(v.pk, 0) for v in versions})
        for pid, versions in by_pack.items()
    ]


def rule_pack_choices() -> list[RulePack]:
    """The latest version of each pack (one query), for choosing the pack a cooperation follows."""
    latest: dict[str, RulePack] = {}
    for pack in RulePack.objects.order_by("pack_id", "version"):
        latest[pack.pack_id] = pack
    return list(latest.values())


def pack_json(pack: RulePack, *, full: bool = False) -> dict:
    """A pack version for machines (the `kembar rules` command, docs/procedure.md)."""
    stages = pack.data.get("stages", [])
    row = {
        "id": pack.pack_id,
        "version": pack.version,
        "title": pack.data.get("title", {}),
        "in_force": pack.data.get("in_force", {}),
        "source": pack.data.get("source", ""),
        "stages": len(stages),
        "confirmed": {s["id"]: bool(s.get("confirmed", True)) for s in stages},
        "published_at": pack.created_at.isoformat(),
        "published_by": str(pack.created_by) if pack.created_by_id else None,
        "note": pack.note,
    }
    if full:
        row["stages"] = stages
        row["plan_contents"] = pack.data.get("plan_contents")
        row["condition_sets"] = pack.data.get("condition_sets", [])
    return row


# --- Which pack a cooperation follows -------------------------------------------------------------


def invalidate_cache(cooperation: Cooperation) -> None:
    cooperation.__dict__.pop(_CACHE, None)


def _pack_followed(cooperation: Cooperation) -> RulePack | None:
    """The version the cooperation follows, memoised on the instance (one request reads it several times)."""
    cached = cooperation.__dict__.get(_CACHE)
    if cached is not None:
        return cached[0]
    proc = CooperationProcedure.objects.select_related("pack").filter(cooperation=cooperation).first()
    if proc is not None:
        pack = proc.pack
    elif cooperation.rule_pack:
        pack = rule_pack_latest(pack_id=cooperation.rule_pack)
    else:
        pack = None
    cooperation.__dict__[_CACHE] = (pack,)
    return pack


def pack_data_for(*, cooperation: Cooperation) -> dict | None:
    """The rule pack (as data) the cooperation follows, or None when it follows none.

    Other apps (plans, conditions) read the pack through this function only. It is the data of the
    version the cooperation began under, or of the latest version if it has not begun.
    """
    if cooperation.pk is None:
        return None
    pack = _pack_followed(cooperation)
    if pack is not None:
        return pack.data
    if cooperation.rule_pack in PACK_IDS:  # packs not loaded into this database yet: the shipped file
        return file_pack(cooperation.rule_pack)
    return None


# --- Where a cooperation stands ------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    pk: int
    kind: str
    title: str
    date: object

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class Move:
    """One StageRecord, light (values, not model instances: 5,000 dossiers are read at once)."""

    pk: int
    stage_id: str
    action: str
    justification: str
    compressed: bool
    at: datetime
    by: str
    evidence: list[Evidence] = field(default_factory=list)
    date: object = None  # DateSpec: when it happened, for a stage a source dates (a case file's record)
    source: str = ""  # that source's citation


@dataclass
class MissingItem:
    document: str
    stage: str
    source: str
    stage_obj: workflow.Stage

    @property
    def document_label(self) -> str:
        return kind_label(self.document)

    @property
    def stage_name(self) -> str:
        return self.stage_obj.label(lang())


@dataclass
class StageView:
    stage: workflow.Stage
    state: str  # done | current | waiting
    missing: list[MissingItem]
    completed: Move | None = None  # the record that completed it (done stages)
    overdue: bool = False
    on_file: frozenset = frozenset()  # the document kinds the dossier holds

    @property
    def supporting(self) -> list[tuple[str, bool]]:
        """The documents the stage accepts without requiring them: (label, whether one is on file)."""
        return [(kind_label(k), k in self.on_file) for k in self.stage.accepts]

    @property
    def name(self) -> str:
        return self.stage.label(lang())

    @property
    def actor_label(self) -> str:
        return actor_label(self.stage.actor)

    @property
    def requires_labels(self) -> list[str]:
        return [kind_label(k) for k in self.stage.requires]


@dataclass
class ProcedureState:
    cooperation: Cooperation
    rule_pack: RulePack | None
    followed: bool  # pinned by a CooperationProcedure (otherwise: the latest version, until it starts)
    started_at: datetime | None
    status: workflow.Status | None
    stages: list[StageView]
    moves: list[Move]
    current_since: datetime | None
    overdue: bool

    @property
    def pack(self) -> workflow.Pack | None:
        return self.status.pack if self.status else None

    @property
    def title(self) -> str:
        return text_in(self.rule_pack.data.get("title")) if self.rule_pack else ""

    @property
    def current(self) -> StageView | None:
        return next((s for s in self.stages if s.state == "current"), None)

    @property
    def upcoming(self) -> list[StageView]:
        return [s for s in self.stages if s.state != "done"]

    @property
    def done(self) -> list[StageView]:
        return [s for s in self.stages if s.state == "done"]

    @property
    def missing(self) -> list[MissingItem]:
        return [m for s in self.stages if s.state != "done" for m in s.missing]

    @property
    def send_backs(self) -> list[Move]:
        return [m for m in self.moves if m.action == StageRecord.Action.SEND_BACK]

    @property
    def send_backs_named(self) -> list[tuple[Move, str]]:
        """The send-backs with the name of the stage each sent back (its id when the pack has no such stage)."""
        names = {view.stage.id: view.name for view in self.stages}
        return [(m, names.get(m.stage_id, m.stage_id)) for m in self.send_backs]

    def as_json(self) -> dict:
        """The shape of `kembar procedure status --json` (docs/procedure.md)."""
        coop = self.cooperation
        row = {
            "region": coop.region.code,
            "ref": coop.ref,
            "pack": None,
            "current_stage": None,
            "done": [],
            "missing": [],
            "signed": False,
            "overdue": False,
        }
        if self.status is None:
            return row
        row["pack"] = {
            "id": self.rule_pack.pack_id,
            "version": self.rule_pack.version,
            "followed_since": self.started_at.isoformat() if self.started_at else None,
        }
        current = self.current
        if current is not None:
            row["current_stage"] = {
                "id": current.stage.id,
                "name": dict(current.stage.name),
                "actor": current.stage.actor,
                "confirmed": current.stage.confirmed,
                "since": self.current_since.isoformat() if self.current_since else None,
                "deadline_days": current.stage.deadline_days,
            }
        row["done"] = [
            {
                "stage": s.stage.id,
                "name": dict(s.stage.name),
                "at": s.completed.at.isoformat() if s.completed else None,
                "by": s.completed.by if s.completed else "",
                "compressed": bool(s.completed and s.completed.compressed),
                "justification": s.completed.justification if s.completed else "",
                "evidence": [
                    {"kind": e.kind, "title": e.title, "date": str(e.date) if e.date else None}
                    for e in (s.completed.evidence if s.completed else [])
                ],
            }
            for s in self.done
        ]
        row["missing"] = [{"document": m.document, "stage": m.stage, "source": m.source} for m in self.missing]
        row["signed"] = self.status.signed
        row["overdue"] = self.overdue
        return row


def _replay(pack: workflow.Pack, moves: list[Move]) -> tuple[tuple[str, ...], dict[str, Move]]:
    """Stages done, in order, and the move that completed each. Moves that do not fit the pack are skipped."""
    done: list[str] = []
    completed: dict[str, Move] = {}
    ids = [s.id for s in pack.stages]
    for move in moves:
        if move.action == StageRecord.Action.COMPLETE:
            if len(done) < len(ids) and ids[len(done)] == move.stage_id:
                done.append(move.stage_id)
                completed[move.stage_id] = move
        elif done and done[-1] == move.stage_id:
            done.pop()
            completed.pop(move.stage_id, None)
    return tuple(done), completed


def _state(
    coop: Cooperation,
    rule_pack: RulePack | None,
    pack: workflow.Pack | None,
    proc_started: datetime | None,
    kinds: set[str],
    moves: list[Move],
    now: datetime,
) -> ProcedureState:
    if rule_pack is None or pack is None:
        return ProcedureState(coop, None, False, None, None, [], [], None, False)
    done, completed = _replay(pack, moves)
    status = workflow.status(pack, workflow.Facts(frozenset(kinds), done))
    since = moves[-1].at if moves else proc_started
    overdue_current = False
    views = []
    for st in status.stages:
        missing = [MissingItem(m.document, m.stage, m.source, st.stage) for m in st.missing]
        view = StageView(st.stage, st.state, missing, completed.get(st.stage.id), on_file=frozenset(kinds))
        if st.state == "current" and st.stage.deadline_days and since is not None:
            view.overdue = now - since > timedelta(days=st.stage.deadline_days)
            overdue_current = view.overdue
        views.append(view)
    return ProcedureState(
        coop, rule_pack, proc_started is not None, proc_started, status, views, moves, since, overdue_current
    )


def _user_name(first: str, last: str, username: str | None) -> str:
    return f"{first} {last}".strip() or (username or "")


def _load(cooperations: list[Cooperation], scope: dict) -> list[ProcedureState]:
    """States of these cooperations; `scope` narrows every query (one cooperation, or a region).

    Six queries at most, however many cooperations, documents and records there are.
    """
    procs = {
        cid: (pack_pk, started)
        for cid, pack_pk, started in CooperationProcedure.objects.filter(**scope).values_list(
            "cooperation_id", "pack_id", "started_at"
        )
    }
    pack_ids = {c.rule_pack for c in cooperations if c.rule_pack}
    followed_pks = {pack_pk for pack_pk, _s in procs.values()}
    packs_by_pk, latest = {}, {}
    if pack_ids or followed_pks:
        from django.db.models import Q

        for pack in RulePack.objects.filter(Q(pack_id__in=pack_ids) | Q(pk__in=followed_pks)).order_by("version"):
            packs_by_pk[pack.pk] = pack
            latest[pack.pack_id] = pack  # ordered by version: the last one wins
    kinds: dict[int, set[str]] = defaultdict(set)
    if not packs_by_pk:  # nothing follows a pack: no stage can be recorded, nothing more to read
        return [_state(coop, None, None, None, set(), [], timezone.now()) for coop in cooperations]
    for cid, kind in Document.objects.filter(**scope).values_list("cooperation_id", "kind").distinct():
        kinds[cid].add(kind)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    through = StageRecord.documents.through
    ev_scope = {f"stagerecord__{k}": v for k, v in scope.items()}
    for rid, pk, kind, title, date in (
        through.objects.filter(**ev_scope, document__deleted_at__isnull=True, stagerecord__deleted_at__isnull=True)
        .order_by("pk")
        .values_list("stagerecord_id", "document_id", "document__kind", "document__title", "document__date")
    ):
        evidence[rid].append(Evidence(pk, kind, title, date))
    moves: dict[int, list[Move]] = defaultdict(list)
    rows = (
        StageRecord.objects.filter(**scope)
        .order_by("pk")
        .values_list(
            "pk",
            "cooperation_id",
            "stage_id",
            "action",
            "justification",
            "compressed",
            "at",
            "by__first_name",
            "by__last_name",
            "by__username",
            "date",
            "source__cite",
        )
    )
    for pk, cid, stage_id, action, just, compressed, at, first, last, username, date, cite in rows:
        by = _user_name(first, last, username)
        moves[cid].append(Move(pk, stage_id, action, just, compressed, at, by, evidence.get(pk, []), date, cite or ""))
    now = timezone.now()
    parsed = {pk: workflow.Pack.from_data(pack.data) for pk, pack in packs_by_pk.items()}
    states = []
    for coop in cooperations:
        proc = procs.get(coop.pk)
        if proc is not None:
            rule_pack, started = packs_by_pk.get(proc[0]), proc[1]
        else:
            rule_pack, started = latest.get(coop.rule_pack), None
        pack = parsed.get(rule_pack.pk) if rule_pack is not None else None
        states.append(_state(coop, rule_pack, pack, started, kinds[coop.pk], moves[coop.pk], now))
    return states


def procedure_for(*, cooperation: Cooperation) -> ProcedureState:
    """Where one cooperation stands (the dossier's stepper), in a fixed number of queries."""
    state = _load([cooperation], {"cooperation": cooperation})[0]
    cooperation.__dict__[_CACHE] = (state.rule_pack,)  # pack_data_for (other panels) then costs nothing
    return state


def procedure_status(*, region: Region, ref: str) -> ProcedureState:
    """Raises Cooperation.DoesNotExist."""
    coop = Cooperation.objects.select_related("region").get(region=region, ref=ref)
    return procedure_for(cooperation=coop)


def procedure_status_many(*, region: Region) -> list[ProcedureState]:
    """Every live cooperation of the region with where it stands, in a fixed number of queries (six)."""
    coops = list(
        Cooperation.objects.filter(region=region).select_related("region").only("pk", "ref", "rule_pack", "region")
    )
    return _load(coops, {"region": region})


def facts_for(*, cooperation: Cooperation, pack: workflow.Pack) -> workflow.Facts:
    """What the dossier holds now, for the services' checks (two queries)."""
    kinds = frozenset(Document.objects.filter(cooperation=cooperation).values_list("kind", flat=True).distinct())
    moves = [
        Move(pk, sid, action, "", False, at, "")
        for pk, sid, action, at in StageRecord.objects.filter(cooperation=cooperation)
        .order_by("pk")
        .values_list("pk", "stage_id", "action", "at")
    ]
    done, _completed = _replay(pack, moves)
    return workflow.Facts(kinds, done)


# --- Where cooperations stand, from their stored facts (the lifecycle status) ------------------------------


def positions(kept: dict[int, list | None], named: dict[int, str]):
    """Where each cooperation stands on the pack it follows (evaluation.lifecycle.Procedure), from the part its
    stored facts keep (facts.py: the pinned version and the stage records; None or [] when it has none) and the
    pack it names (`named`: cooperation → rule_pack id). One query for the packs (none when no cooperation
    names or pins one); a cooperation following no pack that Kembar holds is left out."""
    from django.db.models import Q

    from kembar.evaluation.lifecycle import Procedure

    pinned = {cid: part[0] for cid, part in kept.items() if part and part[0] is not None}
    wanted = {pack for pack in named.values() if pack}
    if not pinned and not wanted:
        return {}
    by_pk, latest = {}, {}
    rows = RulePack.objects.filter(Q(pk__in=set(pinned.values())) | Q(pack_id__in=wanted)).order_by("version")
    for pk, pack_id, data in rows.values_list("pk", "pack_id", "data"):
        pack = workflow.Pack.from_data(data)
        by_pk[pk] = pack
        latest[pack_id] = pack  # ordered by version: the last one wins
    out = {}
    for cid in {*pinned, *(cid for cid, pack in named.items() if pack)}:
        pack = by_pk.get(pinned[cid]) if cid in pinned else latest.get(named.get(cid))
        if pack is None:
            continue
        part = kept.get(cid) or [None, []]
        moves = [Move(0, stage, action, "", False, None, "") for stage, action, _day in part[1]]
        done, _completed = _replay(pack, moves)
        days = {stage: day for stage, action, day in part[1] if action == StageRecord.Action.COMPLETE}
        signing = next((s for s in pack.stages if s.signing and s.id in done), None)
        signed_on = dt.date.fromordinal(days[signing.id]) if signing and days.get(signing.id) else None
        out[cid] = Procedure(
            stages=len(pack.stages),
            done=len(done),
            signed=signing is not None,
            signed_on=signed_on,
            pending=tuple(dict(s.name) for s in pack.stages[len(done) :]),
            records=len(part[1]),
            pinned=cid in pinned,
        )
    return out
