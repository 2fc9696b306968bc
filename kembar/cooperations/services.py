"""Writes to dossiers. Every door (views, commands, importers) calls these, so all behave alike."""

from django.db import transaction
from django.db.models import Max

from kembar.core.services import record_change, restore, soft_delete
from kembar.core.uploads import check_upload
from kembar.regions.models import Region

from .models import Cooperation, Document, DocumentFile

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
    "as_of",
}


def _check_partner(region: Region, partner) -> None:
    if partner is not None and partner.region_id != region.pk:
        raise ValueError("partner belongs to another region")


@transaction.atomic
def cooperation_create(*, region: Region, by, **fields) -> Cooperation:
    _check_partner(region, fields.get("partner"))
    coop = Cooperation(region=region, **fields)
    coop.full_clean()
    record_change(coop, by=by, reason="created")
    coop.save()
    return coop


@transaction.atomic
def cooperation_update(*, cooperation: Cooperation, by, reason: str = "", **fields) -> Cooperation:
    unknown = set(fields) - COOPERATION_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_partner(cooperation.region, fields.get("partner"))
    for name, value in fields.items():
        setattr(cooperation, name, value)
    cooperation.full_clean()
    record_change(cooperation, by=by, reason=reason)
    cooperation.save()
    return cooperation


def cooperation_delete(*, cooperation: Cooperation, by) -> None:
    soft_delete(cooperation, by=by)


def cooperation_restore(*, cooperation: Cooperation, by) -> None:
    restore(cooperation, by=by)


@transaction.atomic
def document_create(*, cooperation: Cooperation, by, upload=None, **fields) -> Document:
    doc = Document(region_id=cooperation.region_id, cooperation=cooperation, **fields)
    doc.full_clean()
    record_change(doc, by=by, reason="created")
    doc.save()
    if upload is not None:
        document_file_add(document=doc, by=by, upload=upload)
    return doc


@transaction.atomic
def document_update(*, document: Document, by, **fields) -> Document:
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    record_change(document, by=by)
    document.save()
    return document


def document_delete(*, document: Document, by) -> None:
    soft_delete(document, by=by)


def document_restore(*, document: Document, by) -> None:
    restore(document, by=by)


@transaction.atomic
def document_file_add(*, document: Document, by, upload) -> DocumentFile:
    """Store a new version of the document's file. Earlier versions are kept untouched."""
    checked = check_upload(upload)
    # Lock the document row so two simultaneous uploads cannot take the same version number.
    Document.all_objects.select_for_update().filter(pk=document.pk).first()
    last = DocumentFile.objects.filter(document=document).aggregate(v=Max("version"))["v"] or 0
    version = DocumentFile(
        region_id=document.region_id,
        document=document,
        version=last + 1,
        original_name=(getattr(upload, "name", "") or "file")[-255:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    version.file.save(version.original_name, upload, save=False)
    record_change(version, by=by, reason=f"version {version.version}")
    version.save()
    return version
