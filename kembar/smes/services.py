"""Writes of the SME registry: SMEs, certifications, products with their texts per language, photos, translators.

Each write validates (save_validated: full_clean, then history attributed to `by`). Views check who may do it
(kembar.smes.access); these functions check only what the data must hold (the same region, owners who are SME
owners of the region, a translator who translates the language).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.accounts.models import Membership, Role
from kembar.core import files
from kembar.core.services import record_change, restore, save_validated, soft_delete

from . import photos
from .models import LANGUAGES, MAX_PHOTOS, SME, Certification, Product, ProductPhoto, ProductText, TranslatorAssignment
from .selectors import product_ready_for  # noqa: F401 — the catalogue's check, offered here with the writes

#: Fields of a product's text a person writes.
TEXT_FIELDS = ("name", "short", "long")


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _check_owners(region, owners) -> list:
    owners = list(owners or [])
    if len(owners) > 20:
        raise ValidationError({"owners": _("At most 20 owners.")})
    ids = {u.pk for u in owners}
    allowed = set(
        Membership.objects.filter(region=region, role=Role.SME_OWNER, user_id__in=ids).values_list("user_id", flat=True)
    )
    if ids - allowed:
        raise ValidationError({"owners": _("Owners must have the SME owner role in this region.")})
    return owners


# SMEs ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def sme_create(*, region, by, owners: Iterable | None = None, **fields) -> SME:
    owners = _check_owners(region, owners)
    sme = save_validated(SME(region=region, **fields), by=by, reason="created")
    if owners:
        sme.owners.set(owners)
    return sme


@transaction.atomic
def sme_update(*, sme: SME, by, **fields) -> SME:
    return save_validated(sme, by=by, fields=fields)


@transaction.atomic
def sme_set_owners(*, sme: SME, by, owners: Iterable) -> None:
    owners = _check_owners(sme.region, owners)
    sme.owners.set(owners)
    record_change(sme, by=by, reason="owners changed")
    sme.save(update_fields=["updated_at"])


@transaction.atomic
def sme_verify(*, sme: SME, by, verified: bool = True) -> SME:
    """Mark the SME verified by the trade office (or take the mark back)."""
    if verified:
        return save_validated(
            sme, by=by, fields={"verified_at": timezone.now(), "verified_by": _user(by)}, reason="verified"
        )
    return save_validated(sme, by=by, fields={"verified_at": None, "verified_by": None}, reason="unverified")


@transaction.atomic
def sme_delete(*, sme: SME, by) -> bool:
    """Move the SME to the trash with its live products (stamped with the SME's time of deletion, so they come
    back with it). False when it was already there (a repeated click changes nothing)."""
    locked = SME.all_objects.select_for_update().get(pk=sme.pk)
    if locked.is_deleted:
        return False
    soft_delete(sme, by=by)
    for product in Product.objects.filter(sme=sme):
        product.deleted_at, product.deleted_by = sme.deleted_at, sme.deleted_by
        record_change(product, by=by, reason="deleted with its SME")
        product.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return True


@transaction.atomic
def sme_restore(*, sme: SME, by) -> bool:
    """Bring the SME back from the trash with the products deleted with it (those deleted on their own before
    stay in the trash). False when it was not deleted. Refused while another live SME of the region has its NIB."""
    locked = SME.all_objects.select_for_update().get(pk=sme.pk)
    if not locked.is_deleted:
        return False
    if sme.nib and SME.objects.filter(region_id=sme.region_id, nib=sme.nib).exclude(pk=sme.pk).exists():
        raise ValidationError(
            _("Another SME of the region now has the NIB %(nib)s: change one of the two before restoring.")
            % {"nib": sme.nib}
        )
    went_with_it = Product.all_objects.filter(sme=sme, deleted_at=locked.deleted_at)
    restore(sme, by=by)
    for product in went_with_it:
        product.deleted_at = product.deleted_by = None
        record_change(product, by=by, reason="restored with its SME")
        product.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return True


# Certifications -----------------------------------------------------------------------------------------------


#: Most live certifications of one SME.
MAX_CERTIFICATIONS = 20


def _room_for_certification(sme: SME) -> None:
    SME.all_objects.select_for_update().filter(pk=sme.pk).first()  # one certification at a time per SME
    if Certification.objects.filter(sme=sme).count() >= MAX_CERTIFICATIONS:
        raise ValidationError(
            _("At most %(max)s certifications per SME.") % {"max": MAX_CERTIFICATIONS}, code="too_many"
        )


@transaction.atomic
def certification_add(*, sme: SME, by, **fields) -> Certification:
    _room_for_certification(sme)
    return save_validated(Certification(region_id=sme.region_id, sme=sme, **fields), by=by, reason="created")


#: What a person changes of a certification (its SME and region never).
CERTIFICATION_FIELDS = ("kind", "number", "issued", "expires")


@transaction.atomic
def certification_update(*, certification: Certification, by, **fields) -> Certification:
    unknown = set(fields) - set(CERTIFICATION_FIELDS)
    if unknown:
        raise ValueError(f"not certification fields: {sorted(unknown)}")
    return save_validated(certification, by=by, fields=fields, reason="changed")


@transaction.atomic
def certification_delete(*, certification: Certification, by) -> bool:
    """Remove the certification (soft delete: restorable). False when it was already removed."""
    if Certification.all_objects.select_for_update().get(pk=certification.pk).is_deleted:
        return False
    soft_delete(certification, by=by, reason="removed")
    return True


@transaction.atomic
def certification_restore(*, certification: Certification, by) -> bool:
    """Bring a removed certification back. False when it was not removed; refused while its SME is deleted or
    already holds the most certifications."""
    if not Certification.all_objects.select_for_update().get(pk=certification.pk).is_deleted:
        return False
    if certification.sme.is_deleted:
        raise ValidationError(_("Its SME is deleted: restore the SME first."), code="sme_deleted")
    _room_for_certification(certification.sme)
    restore(certification, by=by)
    return True


# Products and their texts -------------------------------------------------------------------------------------


@transaction.atomic
def product_create(*, sme: SME, by, texts: dict[str, dict] | None = None, **fields) -> Product:
    """A product of the SME, with a text row for each of the four languages (missing unless given in `texts`:
    {"id": {"name": …, "short": …, "long": …, "status": "draft"}, …})."""
    product = save_validated(Product(region_id=sme.region_id, sme=sme, **fields), by=by, reason="created")
    texts = texts or {}
    unknown = set(texts) - set(LANGUAGES)
    if unknown:
        raise ValidationError(_("Unknown language: %(codes)s.") % {"codes": ", ".join(sorted(unknown))[:40]})
    rows = []
    for language in LANGUAGES:
        row = ProductText(region_id=sme.region_id, product=product, language=language)
        given = texts.get(language) or {}
        for name in (*TEXT_FIELDS, "status"):
            if name in given:
                setattr(row, name, given[name])
        if any(given.get(n) for n in TEXT_FIELDS):
            row.translator = _user(by)
            if row.status == ProductText.Status.REVIEWED:
                row.reviewed_by = _user(by)
        row.full_clean(exclude=["product"])
        rows.append(row)
    for row in rows:
        record_change(row, by=by, reason="created")
        row.save()
    return product


@transaction.atomic
def product_update(*, product: Product, by, **fields) -> Product:
    if "sme" in fields and fields["sme"].region_id != product.region_id:
        raise ValidationError({"sme": _("The SME is of another region.")})
    return save_validated(product, by=by, fields=fields)


@transaction.atomic
def product_delete(*, product: Product, by) -> bool:
    """Move the product to the trash. False when it was already there."""
    if Product.all_objects.select_for_update().get(pk=product.pk).is_deleted:
        return False
    soft_delete(product, by=by)
    return True


@transaction.atomic
def product_restore(*, product: Product, by) -> bool:
    """Bring the product back from the trash. False when it was not there; refused while its SME is deleted
    (restoring the SME brings back the products deleted with it)."""
    if not Product.all_objects.select_for_update().get(pk=product.pk).is_deleted:
        return False
    if product.sme.is_deleted:
        raise ValidationError(_("Its SME is deleted: restore the SME first."), code="sme_deleted")
    restore(product, by=by)
    return True


@transaction.atomic
def product_text_save(*, product: Product, language: str, by, status: str | None = None, **fields) -> ProductText:
    """Write the product's text in one language. A text changed after review goes back to draft unless this
    save reviews it again (`status="reviewed"`)."""
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language: %(codes)s.") % {"codes": language[:10]})
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not text fields: {sorted(unknown)}")
    text = ProductText.objects.select_for_update().filter(product=product, language=language).first()
    if text is None:
        text = ProductText(region_id=product.region_id, product=product, language=language)
    changed = any(getattr(text, k) != (v or "").strip() for k, v in fields.items())
    values = {k: (v or "").strip() for k, v in fields.items()}
    if status is None:
        status = ProductText.Status.DRAFT if changed else text.status
        if changed and not any(values.get(k, getattr(text, k)) for k in TEXT_FIELDS):
            status = ProductText.Status.MISSING
    if status not in ProductText.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if changed:
        values["translator"] = _user(by)
    if status == ProductText.Status.REVIEWED and (changed or text.status != status):
        values["reviewed_by"] = _user(by)
    elif status != ProductText.Status.REVIEWED:
        values["reviewed_by"] = None
    values["status"] = status
    return save_validated(text, by=by, fields=values, reason=f"{language} {status}")


# Photos -------------------------------------------------------------------------------------------------------


def photo_add(*, product: Product, by, upload, alt: str = "") -> ProductPhoto:
    """Check the upload (content type, size, pixels), store it with a thumbnail, after the product's other photos.
    Its files are removed again if this fails, or if the caller's transaction rolls back (kembar.core.files)."""
    with files.atomic():
        checked = photos.check_photo(upload)
        Product.all_objects.select_for_update().filter(pk=product.pk).first()  # one photo at a time per product
        present = ProductPhoto.objects.filter(product=product)
        if present.count() >= MAX_PHOTOS:
            raise ValidationError(_("A product has at most %(max)s photos.") % {"max": MAX_PHOTOS}, code="too_many")
        last = present.aggregate(o=Max("order"))["o"]
        photo = ProductPhoto(
            region_id=product.region_id,
            product=product,
            content_type=checked.content_type,
            size=checked.size,
            width=checked.width,
            height=checked.height,
            sha256=checked.sha256,
            order=0 if last is None else last + 1,
            alt=(alt or "").strip()[:200],
        )
        files.save_file(photo.image, "photo", upload)
        files.save_file(photo.thumbnail, "thumb.jpg", photos.thumbnail(upload))
        record_change(photo, by=by, reason="added")
        photo.save()
        return photo


def photos_add(*, product: Product, by, uploads, alt: str = "") -> list[ProductPhoto]:
    """Several photos at once, all or none: one refused (named by its file) and none is kept, files included."""
    with files.atomic():
        present = ProductPhoto.objects.filter(product=product).count()
        if present + len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                {"photos": _("A product has at most %(max)s photos.") % {"max": MAX_PHOTOS}}, code="too_many"
            )
        added = []
        for upload in uploads:
            try:
                added.append(photo_add(product=product, by=by, upload=upload, alt=alt))
            except ValidationError as exc:
                raise ValidationError({"photos": [f"{upload.name[:80]}: {m}" for m in exc.messages]}) from exc
        return added


@transaction.atomic
def photo_update(*, photo: ProductPhoto, by, **fields) -> ProductPhoto:
    return save_validated(photo, by=by, fields=fields)


@transaction.atomic
def photos_reorder(*, product: Product, by, order: list[int]) -> None:
    """Put the product's photos in this order of their ids (ids not of the product are refused)."""
    current = {p.pk: p for p in ProductPhoto.objects.filter(product=product)}
    if set(order) != set(current) or len(order) != len(current):
        raise ValidationError(_("The order must name each photo of the product once."))
    for position, pk in enumerate(order):
        photo = current[pk]
        if photo.order != position:
            photo.order = position
            record_change(photo, by=by, reason="reordered")
            photo.save(update_fields=["order", "updated_at"])


def photo_delete(*, photo: ProductPhoto, by) -> None:
    soft_delete(photo, by=by)


# Translators --------------------------------------------------------------------------------------------------


@transaction.atomic
def translator_assign(*, region, user, languages: Iterable[str], by) -> list[str]:
    """Make `languages` the ones the user translates in the region. The user must be a translator there."""
    languages = sorted(set(languages))
    if set(languages) - set(LANGUAGES):
        raise ValidationError(_("Unknown language: %(codes)s.") % {"codes": ", ".join(languages)[:40]})
    if not Membership.objects.filter(region=region, user=user, role=Role.TRANSLATOR).exists():
        raise ValidationError(_("Only a translator of this region can be given languages."))
    existing = {a.language: a for a in TranslatorAssignment.objects.filter(region=region, user=user)}
    for language, assignment in existing.items():
        if language not in languages:
            record_change(assignment, by=by, reason="unassigned")
            assignment.delete()
    for language in languages:
        if language not in existing:
            save_validated(TranslatorAssignment(region=region, user=user, language=language), by=by, reason="assigned")
    return languages
