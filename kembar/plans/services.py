"""Writes of cooperation plans: save, submit to the DPRD, the DPRD's decision, uploads of the edited draft MoU."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.alerts import notify
from kembar.cooperations import services as coop_services
from kembar.cooperations.models import Cooperation, Document, DocumentFile, DocumentKind
from kembar.core import files
from kembar.core.services import record_change
from kembar.core.uploads import check_upload

from . import documents
from .models import CooperationPlan
from .selectors import MOU_DRAFT_TITLE, item_label, mou_draft_document, plan_requirements

Status = CooperationPlan.Status
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _missing_error(missing: list[dict]) -> ValidationError:
    names = ", ".join(item_label(item) for item in missing)
    return ValidationError(
        _("The plan is missing required contents: %(items)s.") % {"items": names}, code="missing_contents"
    )


def _clean_contents(items: list[dict], contents: dict) -> dict:
    """Only the required items, stripped; refuse the plan if any is empty (naming every missing one)."""
    cleaned = {item["id"]: str(contents.get(item["id"]) or "").strip() for item in items}
    missing = [item for item in items if not cleaned[item["id"]]]
    if missing:
        raise _missing_error(missing)
    return cleaned


def _lock(cooperation: Cooperation) -> None:
    # Two editors saving at once must not both create plan number n + 1.
    Cooperation.all_objects.select_for_update().filter(pk=cooperation.pk).first()


@transaction.atomic
def plan_save(*, cooperation: Cooperation, by, contents: dict) -> CooperationPlan:
    """Save the contents of the current plan; after a DPRD decision on it, start the next plan number.

    Every item the pack requires must be filled: otherwise ValidationError naming the missing ones, nothing saved.
    """
    req = plan_requirements(cooperation=cooperation)
    cleaned = _clean_contents(req.items, contents)
    _lock(cooperation)
    current = CooperationPlan.objects.filter(cooperation=cooperation).order_by("-number").first()
    if current is not None and current.status == Status.SUBMITTED:
        raise ValidationError(
            _("Plan %(n)s is with the DPRD; it can be changed after the DPRD has decided.") % {"n": current.number},
            code="submitted",
        )
    if current is not None and current.status == Status.APPROVED:
        raise ValidationError(
            _("Plan %(n)s has been approved by the DPRD and can no longer be changed.") % {"n": current.number},
            code="approved",
        )
    if current is None or current.status == Status.REJECTED:
        plan = CooperationPlan(
            region_id=cooperation.region_id,
            cooperation=cooperation,
            number=(current.number + 1) if current else 1,
        )
        reason = "created"
    else:
        plan, reason = current, "contents changed"
    plan.pack_id, plan.items, plan.contents = req.pack_id, req.items, cleaned
    plan.full_clean()
    record_change(plan, by=by, reason=reason)
    plan.save()
    return plan


@files.atomic
def plan_submit(*, plan: CooperationPlan, by, on: dt.date | None = None) -> CooperationPlan:
    """Send the plan to the DPRD: generate its PDF (dated `on`, default today) and keep it as a `plan`
    document of the cooperation — a new file version of the same document when a revised plan is resubmitted."""
    related = ("cooperation__region", "cooperation__partner__country")
    plan = CooperationPlan.objects.select_for_update(of=("self",)).select_related(*related).get(pk=plan.pk)
    if plan.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft plan can be submitted; plan %(n)s is “%(status)s”.")
            % {"n": plan.number, "status": plan.get_status_display()},
            code="not_draft",
        )
    missing = plan.missing_items()
    if missing:
        raise _missing_error(missing)
    plan.letter_date = on or timezone.localdate()
    pdf = documents.plan_pdf(plan)
    upload = SimpleUploadedFile(f"rencana-kerja-sama-{plan.number}.pdf", pdf, content_type=PDF)
    document = _plan_document(plan.cooperation)
    if document is None:
        document = coop_services.document_create(
            cooperation=plan.cooperation,
            by=by,
            kind=DocumentKind.PLAN,
            title=f"Rencana kerja sama — {plan.cooperation.title}"[:300],
            date=plan.letter_date,
            language="id",
            upload=upload,
        )
        version = document.files.get()
    else:
        version = coop_services.document_file_add(document=document, by=by, upload=upload)
        coop_services.document_update(document=document, by=by, date=plan.letter_date)
    plan.document, plan.document_file = document, version
    plan.status = Status.SUBMITTED
    plan.submitted_at, plan.submitted_by = timezone.now(), _user(by)
    record_change(plan, by=by, reason="submitted to the DPRD")
    plan.save()
    notify.plan_submitted(plan=plan, by=by)
    return plan


def _plan_document(cooperation: Cooperation) -> Document | None:
    """The plan document earlier plans were filed under (if it still exists), so versions stay together."""
    ids = CooperationPlan.objects.filter(cooperation=cooperation, document__isnull=False).values("document_id")
    return Document.objects.filter(pk__in=ids, kind=DocumentKind.PLAN).order_by("-pk").first()


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


@files.atomic
def plan_decide(
    *, plan: CooperationPlan, by, approve: bool, notes: str = "", letter=None, on: dt.date | None = None
) -> CooperationPlan:
    """Record the DPRD's decision on a submitted plan.

    Approval needs the decision letter, filed as a `dprd_approval` document (the procedure reads it).
    Rejection needs the reasons in `notes`; a letter, if given, is filed as correspondence. The bureau then
    revises the plan, which becomes the next plan number.
    """
    plan = CooperationPlan.objects.select_for_update(of=("self",)).select_related("cooperation").get(pk=plan.pk)
    if plan.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a plan submitted to the DPRD can be decided; plan %(n)s is “%(status)s”.")
            % {"n": plan.number, "status": plan.get_status_display()},
            code="not_submitted",
        )
    notes = (notes or "").strip()
    try:  # the plan is saved without full_clean: the notes' own limit (a bounded text) is checked here
        CooperationPlan._meta.get_field("dprd_notes").run_validators(notes)
    except ValidationError as exc:
        raise ValidationError({"notes": exc.error_list}) from None
    if approve and letter is None:
        raise ValidationError(
            {
                "letter": ValidationError(
                    _("Attach the DPRD's decision letter to approve the plan."), code="letter_required"
                )
            }
        )
    if not approve and not notes:
        raise ValidationError(
            {
                "notes": ValidationError(
                    _("Write the reasons for rejecting the plan in the notes."), code="notes_required"
                )
            }
        )
    if letter is not None:
        check_upload(letter)  # a clear message before anything is written
    day = on or timezone.localdate()
    if letter is not None:
        title = (
            f"Persetujuan DPRD atas rencana kerja sama nomor {plan.number}"
            if approve
            else f"Surat DPRD: penolakan rencana kerja sama nomor {plan.number}"
        )
        plan.decision_document = coop_services.document_create(
            cooperation=plan.cooperation,
            by=by,
            kind=DocumentKind.DPRD_APPROVAL if approve else DocumentKind.CORRESPONDENCE,
            title=title,
            date=day,
            summary=notes,
            upload=letter,
        )
    plan.status = Status.APPROVED if approve else Status.REJECTED
    plan.dprd_notes = notes
    plan.decided_by, plan.decided_at = _user(by), timezone.now()
    record_change(plan, by=by, reason="approved by the DPRD" if approve else "rejected by the DPRD")
    plan.save()
    notify.plan_decided(plan=plan, by=by)
    return plan


@files.atomic
def mou_draft_upload(*, cooperation: Cooperation, by, upload) -> DocumentFile:
    """File an edited draft MoU (DOCX or PDF) as the next version of the cooperation's "Draft MoU" document."""
    checked = check_upload(upload)
    if checked.content_type not in (DOCX, PDF):
        raise ValidationError(_("Upload the edited draft as a DOCX or PDF file."), code="bad_type")
    _lock(cooperation)
    document = mou_draft_document(cooperation=cooperation)
    if document is None:
        document = coop_services.document_create(
            cooperation=cooperation, by=by, kind=DocumentKind.MOU, title=MOU_DRAFT_TITLE, upload=upload
        )
        return document.files.get()
    return coop_services.document_file_add(document=document, by=by, upload=upload)
