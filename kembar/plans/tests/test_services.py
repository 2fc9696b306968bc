import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kembar.cooperations.models import Document, DocumentFile
from kembar.plans import selectors, services
from kembar.plans.models import CooperationPlan
from kembar.testing import make_cooperation, pdf_upload

from .conftest import CONTENTS, DAY

Status = CooperationPlan.Status


def test_requirements_come_from_the_cooperations_pack(liuzhou):
    req = selectors.plan_requirements(cooperation=liuzhou)
    assert req.pack_id == "permendagri-3-2008" and not req.fallback
    assert req.ids == ["subject", "background", "purpose", "scope", "results", "funding", "duration"]
    assert "Pasal 11 ayat (2)" in req.source


def test_without_a_pack_the_pack_in_force_is_used_and_said(bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="no-pack")
    req = selectors.plan_requirements(cooperation=coop)
    assert (req.pack_id, req.fallback, req.confirmed) == ("permendagri-25-2020", True, False)


def test_a_plan_missing_contents_is_refused_naming_them(liuzhou, staff):
    contents = {**CONTENTS, "funding": "  ", "duration": ""}
    with pytest.raises(ValidationError) as exc:
        services.plan_save(cooperation=liuzhou, by=staff, contents=contents)
    message = exc.value.messages[0]
    assert "Sumber pembiayaan" in message and "Jangka waktu pelaksanaan" in message  # Indonesian by default
    assert not CooperationPlan.objects.exists()


def test_save_keeps_only_required_items_and_records_history(liuzhou, staff):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents={**CONTENTS, "hack": "x"})
    assert set(plan.contents) == set(CONTENTS) and plan.number == 1 and plan.status == Status.DRAFT
    assert plan.history.first().history_user == staff
    again = services.plan_save(cooperation=liuzhou, by=staff, contents={**CONTENTS, "subject": "Baru"})
    assert again.pk == plan.pk and again.contents["subject"] == "Baru"


def test_submit_files_the_pdf_as_a_plan_document(submitted, liuzhou):
    assert submitted.status == Status.SUBMITTED and submitted.letter_date == DAY
    doc = Document.objects.get(cooperation=liuzhou, kind="plan")
    version = doc.files.get()
    assert version.content_type == "application/pdf" and version.original_name == "rencana-kerja-sama-1.pdf"
    assert submitted.document == doc and submitted.document_file == version


def test_submitted_plan_cannot_be_changed_or_resubmitted(submitted, liuzhou, staff):
    with pytest.raises(ValidationError):
        services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    with pytest.raises(ValidationError):
        services.plan_submit(plan=submitted, by=staff)
    assert CooperationPlan.objects.count() == 1


def test_approval_files_the_letter_as_dprd_approval(submitted, liuzhou, dprd):
    plan = services.plan_decide(plan=submitted, by=dprd, approve=True, notes="Disetujui.", letter=pdf_upload("sk.pdf"))
    assert plan.status == Status.APPROVED and plan.decided_by == dprd and plan.decided_at
    approval = Document.objects.get(cooperation=liuzhou, kind="dprd_approval")
    assert approval.files.get().original_name == "sk.pdf" and plan.decision_document == approval


def test_approval_needs_a_letter_and_rejection_needs_reasons(submitted, dprd):
    with pytest.raises(ValidationError):
        services.plan_decide(plan=submitted, by=dprd, approve=True)
    with pytest.raises(ValidationError):
        services.plan_decide(plan=submitted, by=dprd, approve=False, notes=" ")
    bad = SimpleUploadedFile("sk.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.plan_decide(plan=submitted, by=dprd, approve=True, letter=bad)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and not Document.objects.filter(kind="dprd_approval").exists()


def test_a_plan_not_submitted_cannot_be_decided(liuzhou, staff, dprd):
    draft = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    with pytest.raises(ValidationError) as exc:
        services.plan_decide(plan=draft, by=dprd, approve=False, notes="Tidak.")
    assert exc.value.code == "not_submitted"


def test_reject_then_resubmit_gives_plan_number_two_on_the_same_document(submitted, liuzhou, staff, dprd):
    services.plan_decide(plan=submitted, by=dprd, approve=False, notes="Lengkapi latar belakang.")
    revised = services.plan_save(cooperation=liuzhou, by=staff, contents={**CONTENTS, "background": "Lebih lengkap."})
    assert revised.number == 2 and revised.pk != submitted.pk
    revised = services.plan_submit(plan=revised, by=staff, on=DAY)
    first = CooperationPlan.objects.get(number=1)
    assert (first.status, first.dprd_notes) == (Status.REJECTED, "Lengkapi latar belakang.")
    assert revised.status == Status.SUBMITTED and revised.document == first.document
    assert list(DocumentFile.objects.filter(document=first.document).values_list("version", flat=True)) == [2, 1]
    assert selectors.plan_current(cooperation=liuzhou) == revised


def test_approved_plan_is_final(submitted, liuzhou, staff, dprd):
    services.plan_decide(plan=submitted, by=dprd, approve=True, letter=pdf_upload())
    with pytest.raises(ValidationError):
        services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)


def test_edited_mou_drafts_are_versions_of_one_document(liuzhou, staff):
    from kembar.plans.documents import mou_docx

    docx = SimpleUploadedFile("draft.docx", mou_docx(liuzhou))
    first = services.mou_draft_upload(cooperation=liuzhou, by=staff, upload=docx)
    second = services.mou_draft_upload(cooperation=liuzhou, by=staff, upload=pdf_upload("draft-2.pdf"))
    assert (first.version, second.version) == (1, 2) and first.document == second.document
    assert (first.document.kind, first.document.title) == ("mou", "Draft MoU")
    png = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(ValidationError):
        services.mou_draft_upload(cooperation=liuzhou, by=staff, upload=png)
    assert DocumentFile.objects.filter(document=first.document).count() == 2
