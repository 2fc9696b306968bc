"""Writes of the catalogue: the region's settings, editions (create, choose products, publish with a snapshot,
withdraw from the online catalogue and publish again, delete a draft), the print PDF (queued as a background
task, built with its progress), distribution points and the distribution log. Views, the command line and the
demo all go through these."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.core import files, lease, queue
from kembar.core.services import record_change, restore, save_validated, soft_delete
from kembar.regions.models import Region

from . import index, selectors, words
from .models import (
    LANGUAGES,
    CatalogueSettings,
    Distribution,
    DistributionPoint,
    Edition,
    EditionItem,
    EditionPdf,
)

log = logging.getLogger(__name__)

#: The largest photo kept with an item (pixels on its longer side): enough for half an A4 page at 300 dpi.
PHOTO_PIXELS = 1000


# --- Settings ---------------------------------------------------------------------------------------------


@transaction.atomic
def settings_update(*, region: Region, by, enabled: bool, max_products: int) -> CatalogueSettings:
    row = CatalogueSettings.objects.filter(region=region).first() or CatalogueSettings(region=region)
    return save_validated(row, by=by, fields={"enabled": enabled, "max_products": max_products}, reason="settings")


# --- Editions ---------------------------------------------------------------------------------------------


def _check_languages(languages) -> list[str]:
    chosen = [lang for lang in LANGUAGES if lang in set(languages or ())]
    if not chosen:
        raise ValidationError({"languages": _("Choose at least one language the texts must be reviewed in.")})
    return chosen


@transaction.atomic
def edition_create(*, region: Region, by, title: str, date: dt.date, languages=LANGUAGES) -> Edition:
    """A draft edition, numbered after the region's last (deleted ones included: a number is never reused)."""
    last = Edition.all_objects.filter(region=region).aggregate(n=Max("number"))["n"] or 0
    settings = selectors.settings_of(region)
    edition = Edition(
        region=region,
        number=last + 1,
        title=(title or "").strip(),
        date=date,
        max_products=settings.max_products,
        languages=_check_languages(languages),
    )
    return save_validated(edition, by=by, reason="edition created")


def _draft(edition: Edition) -> None:
    if not edition.is_draft:
        raise ValidationError(_("This edition is published: what it published does not change."))


@transaction.atomic
def edition_choose(*, edition: Edition, by, product_ids) -> Edition:
    """The draft's products: at most the edition's number, each of the region, live, with its texts reviewed in
    the required languages. All or nothing: one refused product refuses the choice, saying why."""
    _draft(edition)
    ids = list(dict.fromkeys(int(p) for p in product_ids))
    if len(ids) > edition.max_products:
        raise ValidationError(
            _("An edition holds at most %(n)s products; %(chosen)s were chosen.")
            % {"n": edition.max_products, "chosen": len(ids)}
        )
    problems = selectors.product_problems(region=edition.region, product_ids=ids, languages=edition.languages)
    if problems:
        raise ValidationError([f"{name}: {why}" for name, why in problems][:20])
    edition.chosen = ids
    record_change(edition, by=by, reason="products chosen")
    edition.save()
    return edition


def _photo_copy(product) -> ContentFile | None:
    """The product's first photo, made a JPEG of at most PHOTO_PIXELS (None when it has none or it cannot be read)."""
    from PIL import Image

    photo = product.photos.filter(deleted_at__isnull=True).order_by("order", "pk").first()
    if photo is None:
        return None
    try:
        with photo.image.open("rb") as f, Image.open(f) as img:
            img = img.convert("RGB")
            img.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError):
        log.warning("photo %s of product %s could not be read", photo.pk, product.pk)
        return None
    return ContentFile(out.getvalue(), name="photo.jpg")


def _money(value) -> str:
    return "" if value is None else str(value)


def snapshot_of(product, languages) -> dict:
    """What an edition keeps of a product: texts (the reviewed ones), price, order, SME contact, certifications."""
    sme = product.sme
    texts = {
        t.language: {"name": t.name, "short": t.short, "long": t.long}
        for t in product.texts.all()
        if t.status == "reviewed"
    }
    return {
        "texts": texts,
        "category": product.category,
        "price_min": _money(product.price_min),
        "price_max": _money(product.price_max),
        "currency": product.currency,
        "min_order": product.min_order,
        "unit": product.unit,
        "capacity_per_month": product.capacity_per_month,
        "hs_code": product.hs_code,
        "materials": product.materials,
        "is_sample": bool(product.is_sample or sme.is_sample),
        "sme": {
            "name": sme.name,
            "address": sme.address,
            "kecamatan": sme.kecamatan_name,
            "phone": sme.phone,
            "email": sme.email,
            "website": sme.website,
            "readiness": sme.export_readiness,
            "certifications": [
                {"kind": c.kind, "number": c.number, "expires": c.expires.isoformat() if c.expires else ""}
                for c in sme.certifications.all()
                if c.deleted_at is None
            ],
        },
    }


@files.atomic
def edition_publish(*, edition: Edition, by) -> Edition:
    """Publish a draft: check its products again, order them by category then Indonesian name, and keep a
    snapshot of each (texts, price, SME contact, a copy of the photo) as the edition's items."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _draft(edition)
    if not edition.chosen:
        raise ValidationError(_("Choose the edition's products before publishing it."))
    edition_choose(edition=edition, by=by, product_ids=edition.chosen)  # checked again: texts may have changed
    products = selectors.products_for_snapshot(region=edition.region, product_ids=edition.chosen)

    def order(p):
        name = (p.text("id").name if p.text("id") else "") or ""
        return (words.category_rank(p.category), name.casefold(), p.pk)

    for position, product in enumerate(sorted(products, key=order), start=1):
        item = EditionItem(
            region=edition.region,
            edition=edition,
            product=product,
            position=position,
            category=product.category,
            snapshot=snapshot_of(product, edition.languages),
        )
        photo = _photo_copy(product)
        if photo is not None:
            files.save_file(item.photo, "photo.jpg", photo)
        record_change(item, by=by, reason="published")
        item.save()
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.published_by = by if getattr(by, "is_authenticated", False) else None
    record_change(edition, by=by, reason="edition published")
    edition.save()
    index.write_items(edition)
    return edition


@transaction.atomic
def edition_withdraw(*, edition: Edition, by) -> Edition:
    """Take a published edition off the online catalogue: its pages answer 404 and it leaves the region's list,
    the search and the sitemap. What it published (items, photos, PDFs, the distribution log) stays, so it can be
    published again as it was. Who and when are kept on the edition and in its history."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_published:
        raise ValidationError(_("Only a published edition can be withdrawn from the online catalogue."))
    edition.status = Edition.Status.WITHDRAWN
    edition.withdrawn_at = timezone.now()
    edition.withdrawn_by = by if getattr(by, "is_authenticated", False) else None
    record_change(edition, by=by, reason="edition withdrawn")
    edition.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
    index.remove_items(edition)
    return edition


@transaction.atomic
def edition_republish(*, edition: Edition, by) -> Edition:
    """Put a withdrawn edition back on the online catalogue with the items it published (no new snapshot)."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_withdrawn:
        raise ValidationError(_("Only a withdrawn edition can be published again."))
    edition.status = Edition.Status.PUBLISHED
    edition.withdrawn_at = None
    edition.withdrawn_by = None
    record_change(edition, by=by, reason="edition published again")
    edition.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
    index.write_items(edition)
    return edition


@transaction.atomic
def edition_delete(*, edition: Edition, by) -> None:
    """A draft may be deleted (and restored); a published edition stays, its pages and codes having gone out."""
    _draft(edition)
    soft_delete(edition, by=by)


@transaction.atomic
def edition_restore(*, edition: Edition, by) -> None:
    restore(edition, by=by)


# --- The print PDF ----------------------------------------------------------------------------------------


#: What a PDF whose worker died says (the page shows it at once; the daily job records it).
STALLED_MESSAGE = gettext_lazy("Stopped: the work building it ended before it was done. Request it again.")


@transaction.atomic
def pdf_request(*, edition: Edition, by, enqueue: bool = True) -> EditionPdf:
    if not edition.is_published:
        raise ValidationError(_("Only a published edition is printed: publish it first."))
    pdf = EditionPdf(
        region=edition.region, edition=edition, requested_by=by if getattr(by, "is_authenticated", False) else None
    )
    record_change(pdf, by=by, reason="pdf requested")
    pdf.save()
    if enqueue:
        transaction.on_commit(lambda: queue.enqueue("kembar.catalogue.tasks.catalogue_pdf_generate", pdf_id=pdf.pk))
    return pdf


def _progress(pdf: EditionPdf):
    def update(percent: int, message: str) -> None:
        EditionPdf.objects.filter(pk=pdf.pk).update(progress=min(percent, 99), updated_at=timezone.now())
        pdf.progress = min(percent, 99)

    return update


def pdf_run(*, pdf: EditionPdf, base_url: str | None = None) -> EditionPdf:
    """Build the edition's print PDF and keep it with its checksum; a failure is recorded, not raised."""
    from .pdf import edition_pdf

    pdf.status, pdf.started_at, pdf.progress = EditionPdf.Status.RUNNING, timezone.now(), 1
    record_change(pdf, by=None, reason="pdf started")
    pdf.save(update_fields=["status", "started_at", "progress", "updated_at"])
    started = time.perf_counter()
    try:
        content, pages = edition_pdf(pdf.edition, progress=_progress(pdf), base_url=base_url)
    except Exception as exc:  # the page must say it failed rather than spin for ever
        log.exception("catalogue pdf %s failed", pdf.pk)
        pdf.status, pdf.finished_at = EditionPdf.Status.FAILED, timezone.now()
        pdf.message = (_("Failed: %(error)s") % {"error": exc})[:500]
        record_change(pdf, by=None, reason="pdf failed")
        pdf.save()
        return pdf
    pdf.seconds = round(time.perf_counter() - started, 2)
    pdf.sha256, pdf.size, pdf.pages = hashlib.sha256(content).hexdigest(), len(content), pages
    pdf.status, pdf.progress, pdf.finished_at = EditionPdf.Status.DONE, 100, timezone.now()
    with files.atomic():  # the file goes again if its row cannot be saved
        files.save_file(pdf.file, pdf.filename, ContentFile(content))
        record_change(pdf, by=None, reason="pdf done")
        pdf.save()
    return pdf


def pdf_fail_stalled(*, region: Region | None = None) -> int:
    pdfs = EditionPdf.objects.all() if region is None else EditionPdf.objects.filter(region=region)
    running, failed = EditionPdf.Status.RUNNING, EditionPdf.Status.FAILED
    return lease.fail_lapsed(pdfs, busy=running, failed=failed, message=STALLED_MESSAGE, reason="pdf stalled")


# --- Distribution -----------------------------------------------------------------------------------------

POINT_FIELDS = ("kind", "name", "country_id", "city", "address", "contact")


@transaction.atomic
def point_create(*, region: Region, by, **fields) -> DistributionPoint:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in POINT_FIELDS}
    return save_validated(DistributionPoint(region=region), by=by, fields=values, reason="point created")


@transaction.atomic
def point_update(*, point: DistributionPoint, by, **fields) -> DistributionPoint:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in POINT_FIELDS}
    return save_validated(point, by=by, fields=values, reason="point changed")


@transaction.atomic
def point_delete(*, point: DistributionPoint, by) -> None:
    soft_delete(point, by=by)


@transaction.atomic
def point_restore(*, point: DistributionPoint, by) -> None:
    restore(point, by=by)


@transaction.atomic
def distribution_record(
    *, region: Region, by, edition: Edition, point: DistributionPoint, copies: int, date: dt.date, note: str = ""
) -> Distribution:
    if edition.region_id != region.pk or point.region_id != region.pk:
        raise ValidationError(_("The edition and the distribution point must be of this region."))
    if not edition.is_published:
        raise ValidationError({"edition": _("Only a published edition is sent out.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date sent cannot be in the future.")})
    if date < edition.date:
        raise ValidationError({"date": _("The date sent is before the edition's date.")})
    row = Distribution(region=region, edition=edition, point=point, copies=copies, date=date, note=(note or "").strip())
    return save_validated(row, by=by, reason="distribution recorded")
