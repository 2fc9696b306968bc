"""Writes of the potential-partner study: shortlist, notes, removal and restore, and choosing a candidate.

Every refusal is a ValidationError with a message in the user's language, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kembar.cooperations import services as coop_services
from kembar.cooperations.models import Cooperation, DocumentKind
from kembar.core import files
from kembar.core.services import record_change, restore, soft_delete
from kembar.partners.models import Partner

from . import documents, engine, selectors
from .models import (
    MAX_CANDIDATES,
    MAX_FIELD_LENGTH,
    MAX_NOTE_FIELDS,
    MAX_NOTES,
    MAX_SOURCE,
    MAX_TEXT,
    Candidate,
    CandidateNote,
    Choice,
)


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def search_save(*, region, by, name: str, weights: dict, countries=(), fields=(), limit: int = 20):
    """Keep a search with its weights and filters, so it re-opens as it was (kembar.discovery's service)."""
    from kembar.discovery.services import saved_search_create

    try:
        return saved_search_create(
            region=region,
            by=by,
            name=(name or "").strip(),
            weights=weights,
            filters={"countries": [str(c) for c in countries], "fields": [str(f) for f in fields]},
            limit=int(limit),
        )
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid") from None


def _lock_search(search) -> None:
    """Serialise shortlist changes of one search (PostgreSQL; SQLite writes are serial anyway)."""
    type(search).all_objects.select_for_update().filter(pk=search.pk).first()


def _live_count(search) -> int:
    return Candidate.objects.filter(search=search).count()


def _too_many() -> ValidationError:
    return ValidationError(
        _("A shortlist holds at most %(n)s candidates: remove one first.") % {"n": MAX_CANDIDATES},
        code="too_many",
    )


@transaction.atomic
def candidate_add(*, search, place, by, reason: str = "") -> Candidate:
    """Shortlist a place from a saved search (a removed one comes back). Only a place the legal filter lets
    through may be shortlisted: its country has diplomatic relations with Indonesia and it has the region's
    administrative level."""
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Write at most %(n)s characters.") % {"n": MAX_TEXT}}, code="too_long")
    profile = selectors.profile_for(region=search.region)
    if profile is None:
        raise ValidationError(
            _(
                "This region has no partner-search profile yet: record its population, climate and the fields it "
                "seeks first."
            ),
            code="no_profile",
        )
    row = engine.explain(profile, place, weights=search.weights, fields=selectors.search_fields(search))
    if not row.eligible:
        why = "; ".join(f"{c.label} ({c.note})" if c.note else c.label for c in row.failed)
        raise ValidationError(
            _("%(place)s cannot be shortlisted: it does not meet %(why)s.") % {"place": place.name, "why": why},
            code="excluded",
        )
    _lock_search(search)
    existing = Candidate.all_objects.filter(search=search, place=place).first()
    if existing is not None and not existing.is_deleted:
        return existing
    if _live_count(search) >= MAX_CANDIDATES:
        raise _too_many()
    ranked = {r.place.pk: r for r in selectors.ranking_for(search)}
    now = ranked.get(place.pk)
    if existing is not None:
        restore(existing, by=by)
        return existing
    candidate = Candidate(
        region_id=search.region_id,
        search=search,
        place=place,
        rank=now.rank if now else None,
        score=(now or row).score,
        reason=reason,
        added_by=_user(by),
    )
    record_change(candidate, by=by, reason="shortlisted")
    candidate.save()
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, by, reason: str) -> Candidate:
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("Write at most %(n)s characters.") % {"n": MAX_TEXT}}, code="too_long")
    if candidate.reason == reason:
        return candidate
    candidate.reason = reason
    record_change(candidate, by=by, reason="reason changed")
    candidate.save(update_fields=["reason", "updated_at"])
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: Candidate, by) -> None:
    if Choice.all_objects.filter(candidate=candidate).exists():
        raise ValidationError(
            _("This candidate was chosen and became a cooperation; it stays on the shortlist."), code="chosen"
        )
    if not candidate.is_deleted:
        soft_delete(candidate, by=by, reason="removed from the shortlist")


@transaction.atomic
def candidate_restore(*, candidate: Candidate, by) -> None:
    if not candidate.is_deleted:
        return
    _lock_search(candidate.search)
    if _live_count(candidate.search) >= MAX_CANDIDATES:
        raise _too_many()
    restore(candidate, by=by)


def clean_fields(values) -> list[str]:
    """A note's fields of cooperation: stripped, without repeats, bounded in number and length."""
    out: list[str] = []
    for value in values or []:
        text = " ".join(str(value).split())
        if not text:
            continue
        if len(text) > MAX_FIELD_LENGTH:
            raise ValidationError(
                {"fields": _("A field of cooperation has at most %(n)s characters.") % {"n": MAX_FIELD_LENGTH}},
                code="too_long",
            )
        if text.casefold() not in {o.casefold() for o in out}:
            out.append(text)
    if len(out) > MAX_NOTE_FIELDS:
        raise ValidationError(
            {"fields": _("Name at most %(n)s fields of cooperation in one note.") % {"n": MAX_NOTE_FIELDS}},
            code="too_many",
        )
    return out


@transaction.atomic
def note_add(*, candidate: Candidate, by, text: str, fields=(), source: str = "", url: str = "") -> CandidateNote:
    """A note on a shortlisted candidate with its source; the fields it names count in the ranking."""
    if candidate.is_deleted:
        raise ValidationError(_("Restore the candidate before adding notes to it."), code="deleted")
    Candidate.all_objects.select_for_update().filter(pk=candidate.pk).first()
    if CandidateNote.objects.filter(candidate=candidate).count() >= MAX_NOTES:
        raise ValidationError(
            _("A candidate holds at most %(n)s notes: remove one first.") % {"n": MAX_NOTES}, code="too_many"
        )
    note = CandidateNote(
        region_id=candidate.region_id,
        candidate=candidate,
        text=(text or "").strip(),
        fields=clean_fields(fields),
        source=(source or "").strip(),
        url=(url or "").strip(),
        by=_user(by),
    )
    if len(note.text) > MAX_TEXT:
        raise ValidationError({"text": _("Write at most %(n)s characters.") % {"n": MAX_TEXT}}, code="too_long")
    if len(note.source) > MAX_SOURCE:
        raise ValidationError({"source": _("Write at most %(n)s characters.") % {"n": MAX_SOURCE}}, code="too_long")
    note.full_clean()
    record_change(note, by=by, reason="note added")
    note.save()
    return note


@transaction.atomic
def note_remove(*, note: CandidateNote, by) -> None:
    if not note.is_deleted:
        soft_delete(note, by=by, reason="note removed")


@transaction.atomic
def note_restore(*, note: CandidateNote, by) -> None:
    if note.is_deleted:
        restore(note, by=by)


# --- Choosing a candidate -----------------------------------------------------------------------------


def current_pack_id() -> str:
    """The rule pack in force: the shipped pack whose period has no end."""
    from kembar.procedure.packs import PACK_IDS, file_pack

    for pack_id in reversed(PACK_IDS):
        if not (file_pack(pack_id).get("in_force") or {}).get("until"):
            return pack_id
    return PACK_IDS[-1]


def _existing_partner(region, place) -> Partner | None:
    """A partner the region already recorded for this place: same country, and its name (or local-script name)
    is one of the place's names without the titles around it ("Kota Liuzhou", "柳州市")."""
    from kembar.discovery.names import bare

    names = {bare(n) for n in selectors.place_names(place)} - {""}
    for partner in Partner.objects.filter(region=region, country_id=place.country_code).order_by("pk"):
        if {bare(partner.name), bare(partner.name_local or "")} & names:
            return partner
    return None


def _free_ref(region, base: str) -> str:
    base = slugify(base)[:70].strip("-") or "kerja-sama"
    taken = set(Cooperation.all_objects.filter(region=region, ref__startswith=base).values_list("ref", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@files.atomic
def candidate_choose(*, candidate: Candidate, by, on: dt.date | None = None) -> Choice:
    """Make the candidate the region's partner: the partner (reusing one already recorded for the place), a
    cooperation at the first stage of the rule pack in force, and the study (PDF) filed in its dossier as that
    stage's document. Choosing the same candidate again leads to what the first choice made."""
    from kembar.plans.documents import region_place
    from kembar.procedure.selectors import rule_pack_latest
    from kembar.procedure.services import procedure_start

    Candidate.all_objects.select_for_update().filter(pk=candidate.pk).first()
    existing = Choice.all_objects.filter(candidate=candidate).first()
    if existing is not None:
        return existing
    candidate = Candidate.all_objects.select_related("search", "place", "region").get(pk=candidate.pk)
    if candidate.is_deleted:
        raise ValidationError(_("A removed candidate cannot be chosen: restore it first."), code="deleted")
    region, place, search = candidate.region, candidate.place, candidate.search
    division = place.kind == "division"
    partner = _existing_partner(region, place)
    created = partner is None
    if created:
        from kembar.partners.services import partner_create

        partner = partner_create(
            region=region,
            by=by,
            name=place.name[:200],
            name_local=selectors.local_name(place)[:200],
            country_id=place.country_code,
            kind=Partner.Kind.LOCAL_GOVERNMENT,
            level=Partner.Level.PROVINCE if division else Partner.Level.CITY,
            admin_region=selectors.division_name(place)[:200],
            latitude=Decimal(f"{place.latitude:.6f}") if place.latitude is not None else None,
            longitude=Decimal(f"{place.longitude:.6f}") if place.longitude is not None else None,
        )
    pack_id = current_pack_id()
    here = region_place(region)
    coop = coop_services.cooperation_create(
        region=region,
        by=by,
        ref=_free_ref(region, f"{here}-{place.ascii_name or place.name}"),
        title=f"{here}–{partner.name}"[:300],
        partner=partner,
        type=Cooperation.Type.KSDPL,
        form=Cooperation.Form.SISTER_PROVINCE if division else Cooperation.Form.SISTER_CITY,
        fields=selectors.search_fields(search),
        rule_pack=pack_id,
    )
    procedure_start(cooperation=coop, by=by)
    pack = rule_pack_latest(pack_id=pack_id)
    stage = pack.data["stages"][0]
    day = on or timezone.localdate()
    study = selectors.study_for(search=search, by=by, on=day, chosen=candidate)
    pdf = documents.study_pdf(study)
    stage_name = stage["name"].get("id") or stage["id"]
    document = coop_services.document_create(
        cooperation=coop,
        by=by,
        kind=DocumentKind.PARTNER_STUDY,
        title=f"Kajian calon mitra: {place.name}, {selectors.country_name(place)}"[:300],
        date=day,
        language="id",
        summary=(
            f"Kajian calon mitra kerja sama luar negeri {study.region_name}, dokumen tahap “{stage_name}” "
            f"({pack.title('id')})."
        ),
        upload=SimpleUploadedFile(f"kajian-calon-mitra-{coop.ref}.pdf", pdf, content_type=documents.PDF),
    )
    choice = Choice(
        region_id=region.pk,
        candidate=candidate,
        partner=partner,
        cooperation=coop,
        document=document,
        pack_id=pack_id,
        stage_id=stage["id"],
        partner_created=created,
        by=_user(by),
    )
    record_change(choice, by=by, reason="chosen")
    choice.save()
    return choice
