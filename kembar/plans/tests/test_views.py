import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kembar.cooperations.models import Document
from kembar.plans import services
from kembar.plans.models import CooperationPlan
from kembar.testing import make_cooperation, pdf_upload, queries_of

from .conftest import CONTENTS, DAY


def _url(name, region, **kwargs):
    return reverse(name, kwargs={"code": region.code, **kwargs})


def _form(contents):
    return {f"item_{k}": v for k, v in contents.items()}


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_edit_form_has_one_textarea_per_item_with_labels_and_source(en, staff, liuzhou):
    en.force_login(staff)
    html = en.get(_url("plan_edit", liuzhou.region, ref=liuzhou.ref)).content.decode()
    assert html.count("<textarea") == 7
    assert "a. Subject of cooperation" in html and "g. Duration" in html
    # The source once on the page, not under each of the seven fields.
    assert html.count("Source: Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 11 ayat (2)") == 1


def test_indonesian_labels_by_default(client, staff, liuzhou):
    client.force_login(staff)
    html = client.get(_url("plan_edit", liuzhou.region, ref=liuzhou.ref)).content.decode()
    assert "a. Subyek kerja sama" in html


def test_pack_fallback_is_said(en, staff, bandung):
    coop = make_cooperation(bandung, by=staff, ref="no-pack")
    en.force_login(staff)
    html = en.get(_url("plan_edit", bandung, ref=coop.ref)).content.decode()
    assert "Required contents from rule pack PP 28/2018 and Permendagri 25/2020" in html  # its title, not its id
    assert "follows no rule pack" in html and '<span class="badge">unconfirmed</span>' in html
    # Its source already says what is unconfirmed: the source once, with no second "(unconfirmed)" after it.
    en.cookies["django_language"] = "id"
    html = en.get(_url("plan_edit", bandung, ref=coop.ref)).content.decode()
    assert html.count("Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 11 ayat (2)") == 1
    assert "dikonfirmasi) (belum dikonfirmasi)" not in html


def test_unconfirmed_list_is_said_in_the_readers_language(en, staff, bandung):
    """The pack in force borrows Permendagri 3/2008's list: the page says it is unconfirmed in the reader's words,
    and its source is the citation alone, not an Indonesian note beside it."""
    coop = make_cooperation(bandung, by=staff, ref="no-pack")
    en.force_login(staff)
    html = en.get(_url("plan_edit", bandung, ref=coop.ref)).content.decode()
    assert "Source: Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 11 ayat (2)\n" in html
    assert "That this is the list the rule pack requires is not confirmed." in html
    assert "belum dikonfirmasi" not in html and "daftar untuk" not in html
    en.cookies["django_language"] = "id"
    html = en.get(_url("plan_edit", bandung, ref=coop.ref)).content.decode()
    assert "Belum dikonfirmasi bahwa daftar ini yang disyaratkan paket regulasi." in html


def test_missing_content_is_refused_naming_it_and_nothing_is_saved(en, staff, liuzhou):
    en.force_login(staff)
    data = _form({**CONTENTS, "funding": "", "scope": " "})
    response = en.post(_url("plan_edit", liuzhou.region, ref=liuzhou.ref), {**data, "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The plan is missing required contents: Object / scope, Funding source." in html
    assert "This content is required." in html
    assert not CooperationPlan.objects.exists() and not Document.objects.filter(kind="plan").exists()


def test_save_then_submit_through_the_page(en, staff, liuzhou):
    en.force_login(staff)
    url = _url("plan_edit", liuzhou.region, ref=liuzhou.ref)
    assert en.post(url, {**_form(CONTENTS), "action": "save"}).status_code == 302
    assert CooperationPlan.objects.get().status == "draft"
    response = en.post(url, {**_form(CONTENTS), "action": "submit"}, follow=True)
    assert "Plan 1 submitted to the DPRD." in response.content.decode()
    assert CooperationPlan.objects.get().status == "submitted"
    assert Document.objects.filter(cooperation=liuzhou, kind="plan").count() == 1


def test_a_submitted_plan_cannot_be_changed_from_the_page(en, staff, submitted, liuzhou):
    en.force_login(staff)
    response = en.post(_url("plan_edit", liuzhou.region, ref=liuzhou.ref), {**_form(CONTENTS), "action": "save"})
    assert "Plan 1 is with the DPRD; it can be changed after the DPRD has decided." in response.content.decode()
    assert CooperationPlan.objects.count() == 1


def test_downloads_are_attachments(client, staff, submitted, liuzhou):
    client.force_login(staff)
    for name, ctype, ext in (
        ("plan_docx", "wordprocessingml", "docx"),
        ("plan_pdf", "application/pdf", "pdf"),
        ("mou_draft_docx", "wordprocessingml", "docx"),
    ):
        response = client.get(_url(name, liuzhou.region, ref=liuzhou.ref))
        assert response.status_code == 200 and ctype in response["Content-Type"]
        assert (
            response["Content-Disposition"].startswith("attachment;") and f'.{ext}"' in response["Content-Disposition"]
        )


def test_no_plan_no_plan_download(client, staff, liuzhou):
    client.force_login(staff)
    assert client.get(_url("plan_pdf", liuzhou.region, ref=liuzhou.ref)).status_code == 404
    assert client.get(_url("mou_draft_docx", liuzhou.region, ref=liuzhou.ref)).status_code == 200


def test_dprd_approves_with_letter(en, dprd, submitted, liuzhou):
    en.force_login(dprd)
    listing = en.get(_url("plan_list", liuzhou.region)).content.decode()
    assert liuzhou.title in listing and _url("plan_decide", liuzhou.region, pk=submitted.pk) in listing
    url = _url("plan_decide", liuzhou.region, pk=submitted.pk)
    response = en.post(url, {"decision": "approve", "notes": "Sesuai.", "letter": pdf_upload("sk-dprd.pdf")})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.decided_by == dprd
    doc = Document.objects.get(cooperation=liuzhou, kind="dprd_approval")
    assert doc.files.get().original_name == "sk-dprd.pdf"


def test_dprd_approval_without_letter_is_refused(en, dprd, submitted, liuzhou):
    en.force_login(dprd)
    response = en.post(_url("plan_decide", liuzhou.region, pk=submitted.pk), {"decision": "approve"})
    assert response.status_code == 400
    assert "Attach the DPRD&#x27;s decision letter to approve the plan." in _at(response, "letter")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_decision_not_chosen_links_from_the_summary_to_its_first_radio(en, dprd, submitted, liuzhou):
    en.force_login(dprd)
    response = en.post(_url("plan_decide", liuzhou.region, pk=submitted.pk), {"notes": "Belum."})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_decision_0">Decision</a>' in html  # not href="#": the link focuses the first choice
    assert 'id="id_decision_0"' in html
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def _at(response, field: str) -> str:
    """The error a form shows at its field (core/field.html), or ""."""
    found = re.search(rf'id="id_{field}_errors">(.*?)</div>', response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_dprd_notes_past_the_limit_are_refused_at_their_field(client, dprd, submitted, liuzhou):
    client.force_login(dprd)
    notes = "Catatan DPRD. " + "n" * 10_000
    response = client.post(_url("plan_decide", liuzhou.region, pk=submitted.pk), {"decision": "reject", "notes": notes})
    assert response.status_code == 400
    assert (
        _at(response, "notes")
        == "Pastikan nilai ini mengandung paling banyak 10000 karakter (sekarang 10014 karakter)."
    )
    assert notes in response.content.decode()  # what the DPRD member wrote is kept
    submitted.refresh_from_db()
    assert (submitted.status, submitted.dprd_notes) == ("submitted", "")
    with pytest.raises(ValidationError) as refused:  # the service's own check, for every other door
        services.plan_decide(plan=submitted, by=dprd, approve=False, notes=notes)
    assert list(refused.value.message_dict) == ["notes"]


def test_deciding_a_plan_not_submitted_is_a_clear_error(en, dprd, submitted, liuzhou):
    services.plan_decide(plan=submitted, by=dprd, approve=False, notes="Belum lengkap.")
    en.force_login(dprd)
    url = _url("plan_decide", liuzhou.region, pk=submitted.pk)
    response = en.post(url, {"decision": "approve", "letter": pdf_upload()})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Only a plan submitted to the DPRD can be decided; plan 1 is “Rejected by the DPRD”." in html
    assert not Document.objects.filter(kind="dprd_approval").exists()


def test_reject_revise_resubmit_through_the_pages(en, client, dprd, staff, submitted, liuzhou):
    en.force_login(dprd)
    en.post(_url("plan_decide", liuzhou.region, pk=submitted.pk), {"decision": "reject", "notes": "Perjelas dana."})
    en.force_login(staff)
    url = _url("plan_edit", liuzhou.region, ref=liuzhou.ref)
    page = en.get(url).content.decode()
    assert "Perjelas dana." in page and "Rejected by the DPRD" in page and CONTENTS["funding"] in page
    en.post(url, {**_form({**CONTENTS, "funding": "APBD 2027."}), "action": "submit"})
    current = CooperationPlan.objects.order_by("-number").first()
    assert (current.number, current.status, current.contents["funding"]) == (2, "submitted", "APBD 2027.")


def test_dossier_panel_shows_status_decision_and_links(en, staff, dprd, submitted, liuzhou):
    services.plan_decide(plan=submitted, by=dprd, approve=True, notes="Disetujui dengan catatan.", letter=pdf_upload())
    en.force_login(staff)
    html = en.get(_url("cooperation_detail", liuzhou.region, ref=liuzhou.ref)).content.decode()
    assert "Cooperation plan and DPRD" in html and "Approved by the DPRD" in html
    assert "Disetujui dengan catatan." in html
    for name in ("plan_edit", "plan_docx", "plan_pdf", "mou_draft_docx"):
        assert _url(name, liuzhou.region, ref=liuzhou.ref) in html


def test_mou_draft_upload_lists_every_version(en, staff, liuzhou):
    en.force_login(staff)
    url = _url("mou_draft", liuzhou.region, ref=liuzhou.ref)
    en.post(url, {"upload": pdf_upload("draft-1.pdf")})
    en.post(url, {"upload": pdf_upload("draft-2.pdf")})
    html = en.get(url).content.decode()
    assert "draft-1.pdf" in html and "draft-2.pdf" in html
    bad = en.post(url, {"upload": pdf_upload("x.pdf", b"plain text")})
    assert bad.status_code == 400 and "This file type is not accepted" in bad.content.decode()
    assert Document.objects.get(kind="mou", title="Draft MoU").files.count() == 2


def test_plan_list_query_count_does_not_grow(client, dprd, staff, bandung, liuzhou):
    def submit(coop):
        plan = services.plan_save(cooperation=coop, by=staff, contents=CONTENTS)
        services.plan_submit(plan=plan, by=staff, on=DAY)

    submit(liuzhou)
    client.force_login(dprd)
    small = queries_of(client, _url("plan_list", bandung))
    for i in range(6):
        submit(make_cooperation(bandung, by=staff, ref=f"c{i}"))
    assert queries_of(client, _url("plan_list", bandung)) == small
