"""Case files, formats 1 and 2: one cooperation's dossier as a portable YAML file (docs/case-file.md).

Importing checks everything before anything is written: `parse` (caseformat.py) checks each
file on its own, `check_references` what needs the database, read only (region and country
codes). Every problem names the file, the line and the field, and all are reported together;
then `import_files` writes all files in one transaction, or nothing. `export` writes a
dossier back in the same format, so import → export → import gives the same dossier: format 1, unless
it holds what only format 2 can say (a recorded status's date or basis, stage records).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from kembar.core import files
from kembar.core.dates import DateSpec
from kembar.partners.models import Country, Partner
from kembar.partners.services import partner_create, partner_update
from kembar.regions.models import Region
from kembar.regions.selectors import region_profile_get
from kembar.regions.services import region_profile_update

from . import facts
from .activities import DEFAULT_CURRENCY
from .caseformat import CaseData, CaseFileError, format_problem, max_bytes, parse, quoted, too_large
from .models import Cooperation, Source
from .selectors import dossier_get
from .services import (
    changed_fields,
    cooperation_create,
    cooperation_restore,
    cooperation_update,
    dossier_replace_items,
)

__all__ = ["CaseData", "CaseFileError", "check_references", "export", "import_cases", "import_files", "parse"]


# --- Database checks and writes -----------------------------------------------------------


def check_references(cases: list[CaseData]) -> list[str]:
    """What needs the database (reads only): region and country codes exist; no case given twice."""
    messages = []
    regions = {r.code: r for r in Region.objects.filter(code__in={c.region_code for c in cases})}
    countries = set(
        Country.objects.filter(code__in={c.partner.get("country_id") for c in cases}).values_list("code", flat=True)
    )
    seen: dict[tuple[str, str], str] = {}
    for case in cases:
        region = regions.get(case.region_code)
        if region is None:
            messages.append(
                format_problem(
                    case.filename,
                    case.lines.get("region.code"),
                    "region.code",
                    _("%(code)s is not a Kemendagri region code (e.g. “32.73” for Kota Bandung)")
                    % {"code": quoted(case.region_code)},
                )
            )
        elif case.region_name and " ".join(case.region_name.split()).casefold() != region.name.casefold():
            messages.append(
                format_problem(
                    case.filename,
                    case.lines.get("region.name"),
                    "region.name",
                    _("%(name)s does not match region %(code)s, which is %(expected)s")
                    % {"name": quoted(case.region_name), "code": region.code, "expected": quoted(region.name)},
                )
            )
        country = case.partner.get("country_id")
        if country not in countries:
            messages.append(
                format_problem(
                    case.filename,
                    case.lines.get("partner.country"),
                    "partner.country",
                    _("%(code)s is not an ISO 3166 country code") % {"code": quoted(country)},
                )
            )
        key = (case.region_code, case.ref)
        if key in seen:
            messages.append(
                format_problem(
                    case.filename,
                    case.lines.get("id"),
                    "id",
                    _("case %(ref)s of region %(code)s is also in %(other)s; import it once")
                    % {"ref": case.ref, "code": case.region_code, "other": seen[key]},
                )
            )
        seen[key] = case.filename
    messages.extend(_check_procedure(cases, regions))
    return messages


def _check_procedure(cases: list[CaseData], regions: dict) -> list[str]:
    """Format 2's stage records, replayed on the rule pack the cooperation follows (the version it is pinned to
    when it exists already, else the latest) with the documents the file holds, as a user's moves would be."""
    from kembar.procedure.services import stage_record_problems

    messages = []
    for case in cases:
        if not case.procedure or case.region_code not in regions:
            continue
        existing = Cooperation.all_objects.filter(region=regions[case.region_code], ref=case.ref).first()
        kinds = {d["kind"] for d in case.documents} | {e["document"]["kind"] for e in case.events if e["document"]}
        for index, key, message in stage_record_problems(
            cooperation=existing, pack_id=case.cooperation.get("rule_pack", ""), records=case.procedure, kinds=kinds
        ):
            line = case.procedure[index]["line"] if index is not None else case.lines.get("procedure")
            path = f"procedure[{index}].{key}" if index is not None else "procedure"
            messages.append(format_problem(case.filename, line, path, message))
    return messages


def import_cases(cases: list[CaseData], *, by=None) -> list[Cooperation]:
    """Write parsed cases, all or none. Raises CaseFileError (nothing written) if a reference is unknown."""
    messages = check_references(cases)
    if messages:
        raise CaseFileError(messages)
    return _write_all(cases, by=by)


@files.atomic
def _write_all(cases: list[CaseData], *, by) -> list[Cooperation]:
    with facts.deferred():  # each dossier's facts once, not once per item written
        return [_write(case, by=by) for case in cases]


def import_files(paths: Iterable[str | os.PathLike], *, by=None) -> list[Cooperation]:
    """Check every file, then import them all in one transaction; on any problem change nothing.

    Raises CaseFileError listing every problem in every file.
    """
    cases, messages = [], []
    for path in paths:
        name = os.fspath(path)
        try:
            size = Path(path).stat().st_size
            if size > max_bytes():  # refused before it is read, let alone parsed
                messages.append(too_large(name, size))
                continue
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            messages.append(format_problem(name, None, "", _("cannot read the file: %(error)s") % {"error": exc}))
            continue
        try:
            cases.append(parse(text, filename=name))
        except CaseFileError as exc:
            messages.extend(exc.messages)
    messages.extend(check_references(cases))
    if messages:
        raise CaseFileError(messages)
    return _write_all(cases, by=by)


def _write(case: CaseData, *, by) -> Cooperation:
    region = Region.objects.get(code=case.region_code)
    reason = f"case file {Path(case.filename).name}"
    if case.profile is not None:
        region_profile_update(region=region, by=by, **case.profile)

    partner = (
        Partner.objects.filter(region=region, name=case.partner["name"], country_id=case.partner["country_id"])
        .order_by("pk")
        .first()
    )
    if partner is None:
        partner = partner_create(region=region, by=by, **case.partner)
    elif changed := changed_fields(partner, case.partner):
        partner = partner_update(partner=partner, by=by, **changed)

    fields = {**case.cooperation, "partner": partner}
    coop = Cooperation.all_objects.filter(region=region, ref=case.ref).first()
    if coop is None:
        coop = cooperation_create(region=region, by=by, ref=case.ref, **fields)
    else:
        if coop.is_deleted:
            cooperation_restore(cooperation=coop, by=by)
        if changed := changed_fields(coop, fields):
            coop = cooperation_update(cooperation=coop, by=by, reason=reason, handover_note=reason, **changed)
    dossier_replace_items(
        cooperation=coop,
        by=by,
        reason=reason,
        sources=case.sources,
        documents=case.documents,
        events=case.events,
        obligations=case.obligations,
        activities=case.activities,
        findings=case.findings,
    )
    if case.procedure is not None:
        from kembar.procedure.services import stage_records_replace

        sources = {s.key: s for s in Source.objects.filter(cooperation=coop)}
        records = [{**r, "source": sources.get(r["source"]) if r["source"] else None} for r in case.procedure]
        stage_records_replace(cooperation=coop, by=by, records=records, reason=reason)
    return coop


# --- Export -------------------------------------------------------------------------------


def _date(value):
    return value.to_yaml() if value else None


def _money(value):
    """A budget as YAML writes it: a whole number as an integer, else a float when that is exact, else text."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(str(as_float)) == value else str(value)


def _has_budget(activity) -> bool:
    return activity.budget_region is not None or activity.budget_partner is not None


def _validity(doc) -> dict:
    """A document's start, duration and expiry; a computed expiry is left out (the import computes it)."""
    from .expiry import GIVEN, validity_of

    return {
        "valid_from": _date(doc.valid_from),
        "duration": doc.duration_months,
        "expires": _date(doc.expires) if validity_of(doc) == GIVEN else None,
    }


def _compact(mapping: dict) -> dict:
    """Leave out what the file would not say: empty texts, lists and mappings, and unknowns (None)."""
    return {k: v for k, v in mapping.items() if v is not None and v != "" and v != [] and v != {}}


def _status(coop: Cooperation):
    """The recorded status: its value, or (format 2) a mapping with its date and basis; None when none."""
    if coop.status == Cooperation.Status.UNKNOWN and not coop.status_date and not coop.status_basis:
        return None
    if not coop.status_date and not coop.status_basis:
        return coop.status
    return _compact({"value": coop.status, "date": _date(coop.status_date), "basis": coop.status_basis})


def _stage_records(coop: Cooperation, key_of: dict) -> list[dict]:
    """The procedure's stage records (format 2), in order: a record without a date a source gives is dated by
    the day it was recorded."""
    from django.utils import timezone

    from kembar.procedure.models import StageRecord

    records = StageRecord.objects.filter(cooperation=coop).order_by("pk")
    return [
        _compact(
            {
                "stage": r.stage_id,
                "action": r.action if r.action != StageRecord.Action.COMPLETE else None,
                "date": _date(r.date) if r.date else timezone.localdate(r.at),
                "justification": r.justification,
                "source": key_of.get(r.source_id),
            }
        )
        for r in records
    ]


def export(cooperation: Cooperation) -> str:
    """The cooperation's dossier as case-file text; importing it gives the same dossier. Format 1, unless the
    dossier holds what only format 2 can say (a recorded status's date or basis, stage records)."""
    d = dossier_get(region=cooperation.region, ref=cooperation.ref)
    coop, partner, region = d.cooperation, d.cooperation.partner, d.cooperation.region
    key_of = {s.pk: s.key for s in d.sources}

    def source(obj):
        return key_of.get(obj.source_id)

    status, stages = _status(coop), _stage_records(coop, key_of)
    version = 2 if stages or isinstance(status, dict) else 1
    out: dict = {"kembar_case": version, "id": coop.ref, "as_of": _date(coop.as_of)}
    out["sources"] = [_compact({"id": s.key, "cite": s.cite, "seed": s.seed, "url": s.url}) for s in d.sources]
    out["region"] = _export_region(region, d.sources)
    out["partner"] = _compact(
        {
            "name": partner.name,
            "name_local": partner.name_local,
            "country": partner.country_id,
            "kind": partner.kind,
            "level": partner.level,
            "admin_region": partner.admin_region,
            "latitude": float(partner.latitude) if partner.latitude is not None else None,
            "longitude": float(partner.longitude) if partner.longitude is not None else None,
            "contacts": partner.contacts,
            "note": partner.note,
        }
    )
    out["cooperation"] = _compact(
        {
            "title": coop.title,
            "type": coop.type,
            "form": coop.form,
            "rule_pack": coop.rule_pack,
            "legal_basis": coop.legal_basis,
            "fields": coop.fields,
            "goals": coop.goals,
            "terms": coop.terms,
            "person_in_charge": coop.person_in_charge,
            "started": _date(coop.started),
            "ends": _date(coop.ends),
            "status": status,
            **(coop.extra or {}),
        }
    )
    linked = {e.document_id for e in d.events if e.document_id}
    docs = {doc.pk: doc for doc in d.documents}
    events = []
    for e in d.events:
        doc = docs.get(e.document_id)
        item = {"date": _date(e.date), "end": _date(getattr(e, "end", None)), "kind": e.kind}
        item["document"] = doc.kind if doc else None
        item["title"] = e.title
        if doc:
            item.update(signatories=doc.signatories, language=doc.language, summary=doc.summary, **_validity(doc))
        item["source"] = source(e)
        events.append(_compact(item))
    out["events"] = events
    out["obligations"] = [
        _compact(
            {
                "kind": o.kind,
                "text": o.text,
                "from": _date(o.starts),
                "recurrence": o.recurrence,
                "alternate_hosts": o.alternate_hosts or None,
                "fulfilled": o.fulfilled,
                **(o.extra or {}),
                "source": source(o),
            }
        )
        for o in d.obligations
    ]
    out["activities"] = [
        _compact(
            {
                "date": _date(a.date),
                "end": _date(a.end),
                "title": a.title,
                "kind": a.kind,
                "field": a.field,
                "host": a.host,
                "initiated_by": a.initiated_by,
                "beneficiary": a.beneficiary,
                "participants": a.participants,
                "community_in_planning": a.community_in_planning,
                "outcomes": a.outcomes,
                "participant_counts": a.participant_counts,
                "budget_region": _money(a.budget_region),
                "budget_partner": _money(a.budget_partner),
                # The currency says what the budgets are in; with no budget, only one that is not the default.
                "currency": a.currency if _has_budget(a) or a.currency != DEFAULT_CURRENCY else None,
                **(a.extra or {}),
                "source": source(a),
            }
        )
        for a in d.activities
    ]
    out["findings"] = [_compact({"topic": f.topic, "text": f.text, "source": source(f)}) for f in d.findings]
    out["documents"] = [
        _compact(
            {
                "kind": doc.kind,
                "title": doc.title,
                "date": _date(doc.date),
                "signatories": doc.signatories,
                "language": doc.language,
                "summary": doc.summary,
                **_validity(doc),
                "source": source(doc),
                "files": [
                    {"name": f.original_name, "sha256": f.sha256, "version": f.version}
                    for f in sorted(doc.files.all(), key=lambda f: f.version)
                ],
            }
        )
        for doc in d.documents
        if doc.pk not in linked
    ]
    out["procedure"] = stages
    text = yaml.dump(_compact(out), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    # A blank line before each top-level list or mapping, as in hand-written files. Only top-level
    # keys start at column 0 (continuation lines of multi-line texts are indented), so this is safe.
    return re.sub(
        r"\n(?=(sources|region|partner|cooperation|events|obligations|activities|findings|documents|procedure):)",
        "\n\n",
        text,
    )


class _Dumper(yaml.SafeDumper):
    """safe_dump's dumper, indenting list items under their key as hand-written case files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _export_region(region: Region, sources: list[Source]) -> dict:
    out = {"code": region.code, "name": region.name}
    profile = region_profile_get(region=region)
    # The profile is one per region; write it only where this case's sources are what it cites.
    source = next((s for s in sources if profile and profile.source and s.cite == profile.source), None)
    if source is None:
        return out
    bureau = {
        "unit": profile.bureau_unit,
        "established": profile.bureau_established,
        "staff": profile.bureau_staff,
        "as_of": _date(DateSpec.parse(profile.bureau_as_of)) if profile.bureau_as_of else None,
    }
    portfolio = {
        "as_of": _date(DateSpec.parse(profile.portfolio_as_of)) if profile.portfolio_as_of else None,
        "counts": profile.portfolio_counts,
    }
    out.update(bureau=_compact(bureau), portfolio=_compact(portfolio))
    if source is not sources[0]:
        out["source"] = source.key
    return _compact(out)
