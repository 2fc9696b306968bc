"""Writes to dossiers. Every door (views, commands, importers) calls these, so all behave alike."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Count, Max

from kembar.core import files, uploads
from kembar.core.services import record_change, restore, save_validated, soft_delete
from kembar.core.uploads import check_upload
from kembar.regions.models import Region

from .models import (
    Activity,
    ActivityFile,
    Cooperation,
    Document,
    DocumentFile,
    Event,
    Finding,
    Obligation,
    Source,
)

COOPERATION_FIELDS = {
    "ref",
    "partner",
    "type",
    "form",
    "title",
    "legal_basis",
    "fields",
    "goals",
    "terms",
    "person_in_charge",
    "rule_pack",
    "started",
    "ends",
    "status",
    "status_date",
    "status_basis",
    "as_of",
    "extra",
}


def _check_partner(region: Region, partner) -> None:
    if partner is not None and partner.region_id != region.pk:
        raise ValueError("partner belongs to another region")


@transaction.atomic
def cooperation_create(*, region: Region, by, **fields) -> Cooperation:
    _check_partner(region, fields.get("partner"))
    return save_validated(Cooperation(region=region, **fields), by=by, reason="created")


@transaction.atomic
def cooperation_update(
    *, cooperation: Cooperation, by, reason: str = "", handover_note: str = "", **fields
) -> Cooperation:
    unknown = set(fields) - COOPERATION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_partner(cooperation.region, fields.get("partner"))
    if "person_in_charge" in fields:
        # A new person in charge needs the outgoing one's note (ValidationError on handover_note otherwise).
        # The stored value is the one handed over from: a ModelForm has already changed the instance.
        from kembar.monitoring.services import handover_record

        stored = Cooperation.all_objects.filter(pk=cooperation.pk).values_list("person_in_charge", flat=True)
        if handover_record(
            cooperation=cooperation,
            by=by,
            from_person=stored.first() or "",
            to_person=fields["person_in_charge"],
            note=handover_note,
        ):
            reason = reason or "handover"
    return save_validated(cooperation, by=by, fields=fields, reason=reason)


@transaction.atomic
def cooperations_assign(*, cooperations, person: str, by, handover_note: str = "") -> int:
    """Make `person` the person in charge of each of `cooperations` (a list's selected rows), in one
    transaction, each through cooperation_update (its handover record and history). Those already in
    `person`'s charge are left as they are, so sending the same assignment again changes nothing. Returns how
    many changed; a missing handover note (someone else was in charge) refuses them all (ValidationError)."""
    person = (person or "").strip()
    changed = 0
    for coop in cooperations:
        if (coop.person_in_charge or "").strip() == person:
            continue
        cooperation_update(
            cooperation=coop, by=by, person_in_charge=person, handover_note=handover_note, reason="assigned"
        )
        changed += 1
    return changed


def cooperation_delete(*, cooperation: Cooperation, by) -> None:
    soft_delete(cooperation, by=by)


def cooperation_restore(*, cooperation: Cooperation, by) -> None:
    restore(cooperation, by=by)


@files.atomic
def document_create(*, cooperation: Cooperation, by, upload=None, **fields) -> Document:
    doc = save_validated(
        Document(region_id=cooperation.region_id, cooperation=cooperation, **fields), by=by, reason="created"
    )
    if upload is not None:
        document_file_add(document=doc, by=by, upload=upload)
    return doc


@transaction.atomic
def document_update(*, document: Document, by, **fields) -> Document:
    return save_validated(document, by=by, fields=fields)


def document_delete(*, document: Document, by) -> None:
    soft_delete(document, by=by)


def document_restore(*, document: Document, by) -> None:
    restore(document, by=by)


@files.atomic
def document_file_add(*, document: Document, by, upload) -> DocumentFile:
    """Store a new version of the document's file. Earlier versions are kept untouched. The file is deleted
    again if this fails or the transaction it is part of rolls back (kembar.core.files)."""
    checked = check_upload(upload)
    # Lock the document row so two simultaneous uploads cannot take the same version number.
    Document.all_objects.select_for_update().filter(pk=document.pk).first()
    last = DocumentFile.objects.filter(document=document).aggregate(v=Max("version"))["v"] or 0
    version = DocumentFile(
        region_id=document.region_id,
        document=document,
        version=last + 1,
        original_name=uploads.named_as_checked(getattr(upload, "name", ""), checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    files.save_file(version.file, version.original_name, upload)
    record_change(version, by=by, reason=f"version {version.version}")
    version.save()
    return version


@transaction.atomic
def dossier_replace_items(
    *,
    cooperation: Cooperation,
    by,
    sources: list[dict],
    documents: list[dict],
    events: list[dict],
    obligations: list[dict],
    activities: list[dict],
    findings: list[dict],
    reason: str = "replaced",
) -> None:
    """Make the dossier's items exactly these, in this order (what a case-file import does).

    Items are dicts of model field values; ``source`` names a source by its key, and an
    event's ``document`` is a dict of Document fields (or None). Nothing recorded in Kembar is
    lost by a re-import: every existing item is matched by its natural key (sources by key,
    documents by kind and title, events by date, kind and title, obligations by kind and text,
    activities by date and title, findings by topic and text) and updated in place, so what
    hangs on it — uploaded files, evidence, fulfilments, stage evidence — stays attached. An
    item the file no longer lists goes to the trash (a document with files stays, unlinked).
    """
    by_key = _sources_replace(cooperation=cooperation, by=by, sources=sources, reason=reason)
    wanted = list(documents) + [e["document"] for e in events if e.get("document")]
    docs = _documents_replace(
        cooperation=cooperation,
        by=by,
        documents=[{**d, "source": by_key.get(d.get("source"))} for d in wanted],
    )
    linked = iter(docs[len(documents) :])
    for model, items in ((Event, events), (Obligation, obligations), (Activity, activities), (Finding, findings)):
        existing = list(model.all_objects.filter(cooperation=cooperation).order_by("position", "pk"))
        for position, item in enumerate(items):
            fields = {**item, "source": by_key.get(item.get("source"))}
            if model is Event:
                fields["document"] = next(linked) if item.get("document") else None
            key = _natural_key(model, fields)
            match = next((o for o in existing if _natural_key(model, o) == key), None)
            if match is None:
                obj = model(region_id=cooperation.region_id, cooperation=cooperation, position=position, **fields)
                _save_item(obj, by=by, reason=reason)
                continue
            existing.remove(match)
            fields = {**fields, "position": position, "deleted_at": None, "deleted_by": None}
            if changed := changed_fields(match, fields):
                for name, value in changed.items():
                    setattr(match, name, value)
                _save_item(match, by=by, reason=reason)
        for leftover in existing:
            if not leftover.is_deleted:
                soft_delete(leftover, by=by, reason=reason)


#: How a re-imported item is recognised as one already in the dossier.
NATURAL_KEYS = {
    Event: ("date", "kind", "title"),
    Obligation: ("kind", "text"),
    Activity: ("date", "title"),
    Finding: ("topic", "text"),
}


def _natural_key(model, item) -> tuple[str, ...]:
    get = item.get if isinstance(item, dict) else lambda name: getattr(item, name, None)
    return tuple(str(get(name) or "") for name in NATURAL_KEYS[model])


def _sources_replace(*, cooperation: Cooperation, by, sources: list[dict], reason: str) -> dict[str, Source]:
    existing = {s.key: s for s in Source.all_objects.filter(cooperation=cooperation)}
    result = {}
    for position, item in enumerate(sources):
        fields = {**item, "position": position, "deleted_at": None, "deleted_by": None}
        source = existing.pop(item["key"], None)
        if source is None:
            source = Source(region_id=cooperation.region_id, cooperation=cooperation, **fields)
            _save_item(source, by=by, reason=reason)
        elif changed := changed_fields(source, fields):
            for name, value in changed.items():
                setattr(source, name, value)
            _save_item(source, by=by, reason=reason)
        result[source.key] = source
    for source in existing.values():
        record_change(source, by=by, reason=reason)
        source.delete()
    return result


def _documents_replace(*, cooperation: Cooperation, by, documents: list[dict]) -> list[Document]:
    existing = list(
        Document.objects.filter(cooperation=cooperation).annotate(n_files=Count("files")).order_by("position", "pk")
    )
    result = []
    for position, item in enumerate(documents):
        fields = {**item, "position": position}
        match = next((d for d in existing if (d.kind, d.title) == (item["kind"], item["title"])), None)
        if match is None:
            result.append(document_create(cooperation=cooperation, by=by, **fields))
            continue
        existing.remove(match)
        changed = changed_fields(match, fields)
        result.append(document_update(document=match, by=by, **changed) if changed else match)
    for doc in existing:
        if not doc.n_files:  # a document someone uploaded a file to is never removed by an import
            document_delete(document=doc, by=by)
    return result


def _save_item(obj: models.Model, *, by, reason: str) -> None:
    # Computed fields and relations (set by this module, not read from the file) are not validated here.
    skip = [f.name for f in obj._meta.fields if not f.editable or f.is_relation]
    obj.clean_fields(exclude=skip)
    record_change(obj, by=by, reason=reason)
    obj.save()


def changed_fields(obj: models.Model, fields: dict) -> dict:
    """The subset of `fields` whose values differ from `obj`'s (a model instance compares by pk)."""
    changed = {}
    for name, value in fields.items():
        if isinstance(value, models.Model) or (value is None and _is_fk(obj, name)):
            if getattr(obj, f"{name}_id") != (value.pk if value is not None else None):
                changed[name] = value
        elif getattr(obj, name) != value:
            changed[name] = value
    return changed


def _is_fk(obj: models.Model, name: str) -> bool:
    try:
        return bool(obj._meta.get_field(name).many_to_one)
    except FieldDoesNotExist:
        return False


# --- Renewal (expiry.py has the rules that flag what needs one) -----------------------------


@transaction.atomic
def document_renew(
    *,
    document: Document,
    by,
    date,
    duration_months: int | None,
    upload=None,
    kind: str | None = None,
    title: str = "",
) -> Document:
    """Record the renewal of an LoI, MoU or PKS as a NEW document that `renews` the old one.

    The old document is left exactly as it is (its history shows it was never changed); a
    "renewal" event linked to the new document joins the dossier's timeline. `kind` defaults
    to the old document's (Bogor–Nanning renewed its sister-city MoU by an LoI). Raises
    ValidationError, naming the field, on bad input; nothing is written then.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from kembar.core.dates import DateError, DateSpec

    from .expiry import RENEWABLE

    kind = kind or document.kind
    errors = {}
    if document.kind not in RENEWABLE:
        errors["kind"] = _("Only an LoI, an MoU or a PKS can be renewed.")
    elif kind not in RENEWABLE:
        errors["kind"] = _("A renewal is an LoI, an MoU or a PKS.")
    try:
        date = DateSpec.parse(date)
    except DateError as exc:
        errors["date"] = str(exc)
    else:
        if document.date and date.latest() and document.date.earliest() and date.latest() < document.date.earliest():
            errors["date"] = _("A renewal cannot be dated before the document it renews (%(date)s).") % {
                "date": document.date.display()
            }
    if duration_months is not None and duration_months < 1:
        errors["duration_months"] = _("The duration must be at least one month.")
    if errors:
        raise ValidationError(errors)
    title = (title or _("%(title)s — renewal of %(date)s") % {"title": document.title, "date": date.display()})[:300]
    last = Document.all_objects.filter(cooperation_id=document.cooperation_id).aggregate(p=Max("position"))["p"]
    new = document_create(
        cooperation=document.cooperation,
        by=by,
        upload=upload,
        kind=kind,
        title=title,
        date=date,
        duration_months=duration_months,
        language=document.language,
        renews=document,
        position=(last or 0) + 1,
    )
    last = Event.all_objects.filter(cooperation_id=document.cooperation_id).aggregate(p=Max("position"))["p"]
    event = Event(
        region_id=document.region_id,
        cooperation_id=document.cooperation_id,
        position=(last or 0) + 1,
        date=date,
        kind="renewal",
        title=title,
        document=new,
    )
    _save_item(event, by=by, reason="renewal")
    return new


# --- Activities (rules in activities.py, checked by Activity.clean) -------------------------

ACTIVITY_FIELDS = {
    "date",
    "end",
    "title",
    "kind",
    "field",
    "host",
    "initiated_by",
    "beneficiary",
    "participants",
    "participant_counts",
    "community_in_planning",
    "outcomes",
    "budget_region",
    "budget_partner",
    "currency",
    "source",
}


def _check_activity_fields(cooperation: Cooperation, fields: dict) -> None:
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    source = fields.get("source")
    if source is not None and source.cooperation_id != cooperation.pk:
        raise ValueError("source belongs to another dossier")


@transaction.atomic
def activity_create(*, cooperation: Cooperation, by, **fields) -> Activity:
    """Record an activity at the end of the dossier. Raises ValidationError (by field) and saves nothing
    when the activity breaks a rule of activities.py."""
    _check_activity_fields(cooperation, fields)
    last = Activity.all_objects.filter(cooperation=cooperation).aggregate(p=Max("position"))["p"]
    activity = Activity(
        region_id=cooperation.region_id,
        cooperation=cooperation,
        position=Activity.position_after(last),
        **fields,
    )
    return save_validated(activity, by=by, reason="created")


@transaction.atomic
def activity_update(*, activity: Activity, by, reason: str = "", **fields) -> Activity:
    _check_activity_fields(activity.cooperation, fields)
    return save_validated(activity, by=by, fields=fields, reason=reason)


def activity_delete(*, activity: Activity, by) -> None:
    soft_delete(activity, by=by)


def activity_restore(*, activity: Activity, by) -> None:
    restore(activity, by=by)


@files.atomic
def activity_file_add(*, activity: Activity, by, upload, caption: str = "") -> ActivityFile:
    """Attach evidence (PDF, DOCX, XLSX, or a JPEG/PNG photo). Earlier files are kept untouched."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    checked = check_upload(upload)
    caption = (caption or "").strip()
    if len(caption) > 300:
        raise ValidationError({"caption": _("The caption is at most 300 characters.")})
    evidence = ActivityFile(
        region_id=activity.region_id,
        activity=activity,
        original_name=uploads.named_as_checked(getattr(upload, "name", ""), checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        caption=caption,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    files.save_file(evidence.file, evidence.original_name, upload)
    record_change(evidence, by=by, reason="evidence added")
    evidence.save()
    return evidence
