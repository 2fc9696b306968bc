"""Writes for the legal procedure: rule-pack versions, and moves of a cooperation along its pack.

Every refusal raises ProcedureError with a message in the UI language that says exactly what is
missing and under which rule, and changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.accounts.access import is_national_admin
from kembar.cooperations.models import Cooperation, Document, DocumentKind
from kembar.core.services import record_change

from . import workflow
from .labels import ACTORS, kind_label, lang, text_in
from .models import CooperationProcedure, RulePack, StageRecord
from .packs import PACK_IDS, file_pack
from .selectors import facts_for, invalidate_cache, rule_pack_latest


class ProcedureError(Exception):
    """A refused move or pack change. `message` is for the user; `errors` lists each problem; `code` for code;
    `field` the input of the move it concerns ("pack", "stages", "justification", "documents", "reason"), where the
    form shows it again, or "" for the move as a whole."""

    def __init__(self, message: str, *, code: str = "", errors: Sequence[str] = (), field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = list(errors) or [message]
        self.field = field


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


# --- Rule packs -------------------------------------------------------------------------------


def validate_pack_data(data) -> list[str]:
    """Every problem in a pack's content, in words (empty when it is valid)."""
    if not isinstance(data, dict):
        return [_("The pack must be a mapping with “id”, “title” and “stages”.")]
    problems = []
    stages = data.get("stages")
    if not isinstance(stages, list) or not stages:
        return [_("The pack must list its stages (“stages”: a non-empty list).")]
    kinds = set(DocumentKind.values)
    seen = set()
    for n, stage in enumerate(stages, start=1):
        if not isinstance(stage, dict):
            problems.append(_("Stage %(n)s: must be a mapping.") % {"n": n})
            continue
        sid = stage.get("id")
        where = _("Stage %(n)s (“%(id)s”)") % {"n": n, "id": sid or "?"}
        if not isinstance(sid, str) or not sid.strip():
            problems.append(_("%(where)s: “id” is required.") % {"where": where})
        elif sid in seen:
            problems.append(_("%(where)s: the id is used by another stage; ids must be unique.") % {"where": where})
        else:
            seen.add(sid)
        name = stage.get("name")
        for language in ("id", "en"):
            if not isinstance(name, dict) or not str(name.get(language) or "").strip():
                problems.append(_("%(where)s: “name.%(lang)s” is required.") % {"where": where, "lang": language})
        if stage.get("actor") not in ACTORS:
            problems.append(
                _("%(where)s: actor “%(actor)s” is unknown (one of: %(known)s).")
                % {"where": where, "actor": stage.get("actor", ""), "known": ", ".join(ACTORS)}
            )
        for key in ("requires", "accepts"):
            listed = stage.get(key) or []
            if not isinstance(listed, list):
                problems.append(
                    _("%(where)s: “%(key)s” must be a list of document kinds.") % {"where": where, "key": key}
                )
                continue
            for kind in listed:
                if kind not in kinds:
                    problems.append(
                        _("%(where)s: “%(kind)s” is not a document kind (one of: %(known)s).")
                        % {"where": where, "kind": kind, "known": ", ".join(DocumentKind.values)}
                    )
        if not isinstance(stage.get("source"), str) or not stage["source"].strip():
            problems.append(_("%(where)s: “source” is required: every rule cites its source.") % {"where": where})
        for flag in ("confirmed", "signing"):
            if flag in stage and not isinstance(stage[flag], bool):
                problems.append(_("%(where)s: “%(flag)s” must be true or false.") % {"where": where, "flag": flag})
        days = stage.get("deadline_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            problems.append(
                _("%(where)s: “deadline_days” must be a whole number of days, 1 or more.") % {"where": where}
            )
    return problems


def _in_use(rule_pack: RulePack) -> bool:
    """Followed by a cooperation, or the latest version of a pack that cooperations name (they judge by it)."""
    if CooperationProcedure.all_objects.filter(pack=rule_pack).exists():
        return True
    latest = rule_pack_latest(pack_id=rule_pack.pack_id)
    return (
        latest is not None
        and latest.pk == rule_pack.pk
        and Cooperation.objects.filter(rule_pack=rule_pack.pack_id).exists()
    )


@transaction.atomic
def rule_packs_load() -> list[RulePack]:
    """Load the shipped pack files as version 1 where missing. Safe to run again; never overwrites."""
    present = set(RulePack.objects.filter(version=1).values_list("pack_id", flat=True))
    created = []
    for pack_id in PACK_IDS:
        if pack_id in present:
            continue
        data = copy.deepcopy(file_pack(pack_id))
        problems = validate_pack_data(data)
        if problems:
            raise ProcedureError("; ".join(problems), code="invalid_pack", errors=problems)
        data["version"] = 1
        pack = RulePack(pack_id=pack_id, version=1, data=data, note="")  # shown as "shipped with Kembar"
        record_change(pack, by=None, reason="loaded from the pack file")
        pack.save()
        created.append(pack)
    return created


@transaction.atomic
def rule_pack_new_version(*, pack_id: str, by, data: dict, note: str) -> RulePack:
    """Publish version N+1 of a pack (national administrators). Cooperations on older versions stay there."""
    if by is not None and not is_national_admin(by):
        raise ProcedureError(_("Only a national administrator may publish a rule pack version."), code="forbidden")
    latest = RulePack.objects.select_for_update().filter(pack_id=pack_id).order_by("-version").first()
    if latest is None:
        raise ProcedureError(_("There is no rule pack “%(pack)s”.") % {"pack": pack_id}, code="unknown_pack")
    if not note.strip():
        raise ProcedureError(_("Say what changed and why (the note is required)."), code="no_note")
    data = copy.deepcopy(data)
    problems = validate_pack_data(data)
    if problems:
        raise ProcedureError(" ".join(problems), code="invalid_pack", errors=problems)
    data["id"] = pack_id
    data["version"] = latest.version + 1
    if {k: v for k, v in data.items() if k != "version"} == {k: v for k, v in latest.data.items() if k != "version"}:
        raise ProcedureError(
            _("Nothing changed from version %(v)s: there is nothing to publish.") % {"v": latest.version},
            code="unchanged",
        )
    pack = RulePack(pack_id=pack_id, version=latest.version + 1, data=data, created_by=_user(by), note=note.strip())
    record_change(pack, by=by, reason=note)
    pack.save()
    return pack


@transaction.atomic
def rule_pack_update(*, rule_pack: RulePack, by, data: dict, note: str = "") -> RulePack:
    """Correct a version in place — only while nothing uses it; otherwise publish a new version."""
    if by is not None and not is_national_admin(by):
        raise ProcedureError(_("Only a national administrator may change a rule pack."), code="forbidden")
    if _in_use(rule_pack):
        raise ProcedureError(_("A pack version already in use cannot be edited; publish a new version."), code="in_use")
    data = copy.deepcopy(data)
    problems = validate_pack_data(data)
    if problems:
        raise ProcedureError(" ".join(problems), code="invalid_pack", errors=problems)
    data["id"], data["version"] = rule_pack.pack_id, rule_pack.version
    rule_pack.data = data
    if note:
        rule_pack.note = note
    record_change(rule_pack, by=by, reason=note or "corrected")
    rule_pack.save()
    return rule_pack


# --- A cooperation's procedure ------------------------------------------------------------------


def _lock(cooperation: Cooperation) -> None:
    """Serialise moves on one cooperation (PostgreSQL; SQLite writes are serial anyway)."""
    list(Cooperation.objects.select_for_update().filter(pk=cooperation.pk).values_list("pk"))


def _touch(cooperation: Cooperation, *, by, reason: str) -> None:
    record_change(cooperation, by=by, reason=reason)
    cooperation.save(update_fields=["updated_at"])


@transaction.atomic
def procedure_start(*, cooperation: Cooperation, by, pack_id: str = "") -> CooperationProcedure:
    """Pin the cooperation to the latest version of its pack (or of `pack_id`, which it then names)."""
    existing = CooperationProcedure.all_objects.select_related("pack").filter(cooperation=cooperation).first()
    if existing is not None:
        return existing
    if pack_id and cooperation.rule_pack and pack_id != cooperation.rule_pack:
        raise ProcedureError(
            _("This cooperation already names the rule pack “%(pack)s”.") % {"pack": cooperation.rule_pack},
            code="other_pack",
            field="pack",
        )
    wanted = cooperation.rule_pack or pack_id
    if not wanted:
        raise ProcedureError(_("Choose the rule pack this cooperation follows."), code="no_pack", field="pack")
    pack = rule_pack_latest(pack_id=wanted)
    if pack is None:
        raise ProcedureError(
            _("There is no rule pack “%(pack)s”.") % {"pack": wanted}, code="unknown_pack", field="pack"
        )
    if not cooperation.rule_pack:
        from kembar.cooperations.services import cooperation_update

        cooperation_update(cooperation=cooperation, by=by, rule_pack=wanted, reason=f"follows {pack}")
    proc = CooperationProcedure(region_id=cooperation.region_id, cooperation=cooperation, pack=pack)
    record_change(proc, by=by, reason=f"follows {pack}")
    proc.save()
    invalidate_cache(cooperation)
    return proc


def _stage_names(pack: workflow.Pack, ids: Iterable[str]) -> str:
    language = lang()
    names = []
    for sid in ids:
        try:
            names.append(f"“{pack.stage(sid).label(language)}”")
        except KeyError:
            names.append(f"“{sid}”")
    return ", ".join(names)


def _missing_items(pack: workflow.Pack, missing: Iterable[workflow.Missing]) -> str:
    language = lang()
    return "; ".join(
        _("%(document)s (stage “%(stage)s”; source: %(source)s)")
        % {"document": kind_label(m.document), "stage": pack.stage(m.stage).label(language), "source": m.source}
        for m in missing
    )


def _refusal(pack: workflow.Pack, facts: workflow.Facts, ids: list[str], decision: workflow.Decision) -> str:
    stages = _stage_names(pack, ids)
    if decision.reason == "done":
        return _("Every stage of this procedure is already complete.")
    if decision.reason == "no_justification":
        return _(
            "Completing several stages in one move (a compressed path) needs a written justification "
            "of at least %(n)s characters."
        ) % {"n": workflow.MIN_JUSTIFICATION}
    if decision.reason == "missing_documents":
        return _("%(stages)s cannot be recorded: missing %(items)s.") % {
            "stages": stages,
            "items": _missing_items(pack, decision.missing),
        }
    # out of order
    if not ids:
        return _("Choose the stage to complete.")
    known = [s.id for s in pack.stages]
    unknown = [sid for sid in ids if sid not in known]
    if unknown:
        return _("%(stages)s is not a stage of this procedure.") % {"stages": _stage_names(pack, unknown)}
    current = pack.stages[len(facts.done)]
    if any(sid in facts.done for sid in ids):
        already = [i for i in ids if i in facts.done]
        return _("%(stages)s is already complete.") % {"stages": _stage_names(pack, already)}
    message = _("%(stages)s cannot be recorded yet: stages are completed in order, and the next one is %(next)s.") % {
        "stages": stages,
        "next": _stage_names(pack, [current.id]),
    }
    # Say what the skipped stages and the requested ones still lack, so the user sees the whole way.
    last = max(pack.index(sid) for sid in ids)
    between = pack.stages[len(facts.done) : last + 1]
    missing = [
        workflow.Missing(stage.id, kind, stage.source)
        for stage in between
        for kind in stage.requires
        if kind not in facts.documents
    ]
    if missing:
        message += " " + _("Still missing: %(items)s.") % {"items": _missing_items(pack, missing)}
    return message


def _check_evidence(pack: workflow.Pack, cooperation: Cooperation, ids: list[str], documents: list[Document]) -> None:
    expected = {kind for sid in ids for kind in pack.stage(sid).evidence}
    for doc in documents:
        if doc.cooperation_id != cooperation.pk or doc.region_id != cooperation.region_id or doc.is_deleted:
            raise ProcedureError(
                _("Evidence must be a document of this dossier."), code="foreign_document", field="documents"
            )
        if doc.kind in expected:
            continue
        if not expected:
            raise ProcedureError(
                _("%(stages)s requires no documents, so “%(title)s” cannot be attached as evidence.")
                % {"stages": _stage_names(pack, ids), "title": doc.title},
                code="wrong_evidence",
                field="documents",
            )
        raise ProcedureError(
            _("“%(title)s” is a document of kind “%(kind)s”; evidence for %(stages)s must be one of: %(expected)s.")
            % {
                "title": doc.title,
                "kind": kind_label(doc.kind),
                "stages": _stage_names(pack, ids),
                "expected": ", ".join(f"“{kind_label(k)}”" for k in sorted(expected)),
            },
            code="wrong_evidence",
            field="documents",
        )


def _check_blocking_conditions(pack: workflow.Pack, cooperation: Cooperation, ids: list[str]) -> None:
    from kembar.conditions.selectors import blocking_unmet

    unmet = list(blocking_unmet(cooperation=cooperation) or [])
    if not unmet:
        return
    items = []
    for item in unmet:
        text = text_in(getattr(item, "text", "") or str(item))
        source = text_in(getattr(item, "source", ""))
        items.append(f"{text} ({source})" if source else text)
    signing = [sid for sid in ids if pack.stage(sid).signing]
    raise ProcedureError(
        _("%(stages)s cannot be recorded: blocking conditions are not met: %(items)s.")
        % {"stages": _stage_names(pack, signing), "items": "; ".join(items)},
        code="blocking_conditions",
        field="stages",
    )


@transaction.atomic
def stage_complete(
    *,
    cooperation: Cooperation,
    by,
    stage_ids: list[str],
    justification: str = "",
    documents: Iterable[Document] = (),
) -> list[StageRecord]:
    """Complete the current stage, or a run of stages from it (a compressed path, with justification)."""
    _within_limit(justification, field="justification")
    _lock(cooperation)
    proc = procedure_start(cooperation=cooperation, by=by)
    pack = workflow.Pack.from_data(proc.pack.data)
    facts = facts_for(cooperation=cooperation, pack=pack)
    ids = [str(s) for s in stage_ids]
    decision = workflow.can_complete(pack, facts, ids, justification=justification)
    if not decision.allowed:
        field = "justification" if decision.reason == "no_justification" else "stages"
        raise ProcedureError(_refusal(pack, facts, ids, decision), code=decision.reason, field=field)
    documents = list(documents)
    _check_evidence(pack, cooperation, ids, documents)
    if any(pack.stage(sid).signing for sid in ids):
        _check_blocking_conditions(pack, cooperation, ids)
    now = timezone.now()
    records = []
    for sid in ids:
        record = StageRecord(
            region_id=cooperation.region_id,
            cooperation=cooperation,
            stage_id=sid,
            action=StageRecord.Action.COMPLETE,
            justification=justification.strip(),
            compressed=len(ids) > 1,
            by=_user(by),
            at=now,
        )
        record_change(record, by=by, reason=justification or "completed")
        record.save()
        evidence = pack.stage(sid).evidence
        record.documents.set([d for d in documents if d.kind in evidence])
        records.append(record)
    reason = f"procedure: completed {', '.join(ids)}"
    _touch(cooperation, by=by, reason=f"{reason} — {justification.strip()}" if len(ids) > 1 else reason)
    invalidate_cache(cooperation)
    return records


def _within_limit(text: str, *, field: str) -> None:
    """A justification or reason kept on a stage record is refused (ValidationError at `field`, the move's input)
    past its field's limit or with a control character: the record is saved without full_clean, so the record's
    checks of that field run here."""
    others = {f.name for f in StageRecord._meta.fields} - {"justification"}
    try:
        StageRecord(justification=(text or "").strip()).clean_fields(exclude=others)
    except ValidationError as exc:
        raise ValidationError({field: exc.message_dict["justification"]}) from None


@transaction.atomic
def stage_send_back(*, cooperation: Cooperation, by, reason: str) -> StageRecord:
    """Reopen the last completed stage (e.g. the DPRD rejected the plan). The reason is required."""
    _within_limit(reason, field="reason")
    _lock(cooperation)
    proc = CooperationProcedure.all_objects.select_related("pack").filter(cooperation=cooperation).first()
    if proc is None:
        raise ProcedureError(
            _("No stage has been completed yet: there is nothing to send back."), code="nothing_to_send_back"
        )
    pack = workflow.Pack.from_data(proc.pack.data)
    facts = facts_for(cooperation=cooperation, pack=pack)
    decision = workflow.can_send_back(pack, facts, reason=reason)
    if not decision.allowed:
        if decision.reason == "no_reason":
            raise ProcedureError(_("Give the reason for sending the procedure back."), code="no_reason", field="reason")
        raise ProcedureError(_("No stage has been completed yet: there is nothing to send back."), code=decision.reason)
    stage_id = facts.done[-1]
    record = StageRecord(
        region_id=cooperation.region_id,
        cooperation=cooperation,
        stage_id=stage_id,
        action=StageRecord.Action.SEND_BACK,
        justification=reason.strip(),
        by=_user(by),
    )
    record_change(record, by=by, reason=reason)
    record.save()
    _touch(cooperation, by=by, reason=f"procedure: sent back {stage_id} — {reason.strip()}")
    invalidate_cache(cooperation)
    return record


# --- Stage records from a case file (format 2) ---------------------------------------------------


def _pack_for(cooperation: Cooperation | None, pack_id: str) -> RulePack | None:
    """The version a case's stage records replay on: the one the cooperation is pinned to (when it exists and
    follows that pack), else the latest."""
    if cooperation is not None:
        proc = CooperationProcedure.all_objects.select_related("pack").filter(cooperation=cooperation).first()
        if proc is not None and proc.pack.pack_id == pack_id:
            return proc.pack
    return rule_pack_latest(pack_id=pack_id)


def stage_record_problems(
    *, cooperation: Cooperation | None, pack_id: str, records: list[dict], kinds: set[str]
) -> list[tuple[int | None, str, str]]:
    """What is wrong with stage records ({stage, action}) replayed in order on the pack, the dossier then holding
    documents of `kinds`: (index or None, key, message) each. The rules of the moves a user records: stages are
    completed in order and each needs the documents it requires on file; a send-back reopens the last one."""
    rule_pack = _pack_for(cooperation, pack_id)
    if rule_pack is None:
        return [(None, "", _("There is no rule pack “%(pack)s”.") % {"pack": pack_id})]
    pack = workflow.Pack.from_data(rule_pack.data)
    ids = [s.id for s in pack.stages]
    done: list[str] = []
    problems = []
    for index, record in enumerate(records):
        stage = record["stage"]
        if stage not in ids:
            problems.append(
                (index, "stage", _("%(stages)s is not a stage of this procedure.") % {"stages": f"“{stage}”"})
            )
            continue
        if record["action"] == StageRecord.Action.SEND_BACK:
            if not done or done[-1] != stage:
                problems.append(
                    (
                        index,
                        "stage",
                        _("only the last completed stage can be sent back (%(last)s)")
                        % {"last": _stage_names(pack, done[-1:]) if done else _("none")},
                    )
                )
            else:
                done.pop()
            continue
        if len(done) == len(ids) or ids[len(done)] != stage:
            message = _(
                "%(stages)s cannot be recorded yet: stages are completed in order, and the next one is %(next)s."
            )
            nxt = _stage_names(pack, [ids[len(done)]]) if len(done) < len(ids) else _("none")
            problems.append((index, "stage", message % {"stages": _stage_names(pack, [stage]), "next": nxt}))
            continue
        missing = [kind for kind in pack.stage(stage).requires if kind not in kinds]
        if missing:
            problems.append(
                (
                    index,
                    "stage",
                    _("%(stages)s needs documents this file does not hold: %(documents)s")
                    % {"stages": _stage_names(pack, [stage]), "documents": ", ".join(kind_label(k) for k in missing)},
                )
            )
        done.append(stage)
    return problems


@transaction.atomic
def stage_records_replace(*, cooperation: Cooperation, by, records: list[dict], reason: str) -> list[StageRecord]:
    """Replace the cooperation's stage records with a case file's ({stage, action, date, justification,
    source}), pinning its pack version (checked first by stage_record_problems). Each completed stage is linked
    to the dossier's documents of the kinds it requires, as its evidence."""
    from kembar.core.services import soft_delete

    proc = procedure_start(cooperation=cooperation, by=by)
    pack = workflow.Pack.from_data(proc.pack.data)
    for old in StageRecord.objects.filter(cooperation=cooperation):
        soft_delete(old, by=by)
    documents = list(Document.objects.filter(cooperation=cooperation))
    created = []
    for record in records:
        row = StageRecord(
            region_id=cooperation.region_id,
            cooperation=cooperation,
            stage_id=record["stage"],
            action=record["action"],
            justification=record.get("justification") or "",
            date=record.get("date"),
            source=record.get("source"),
            by=_user(by),
        )
        record_change(row, by=by, reason=reason)
        row.save()
        if row.action == StageRecord.Action.COMPLETE:
            evidence = pack.stage(row.stage_id).evidence
            row.documents.set([d for d in documents if d.kind in evidence])
        created.append(row)
    invalidate_cache(cooperation)
    return created
