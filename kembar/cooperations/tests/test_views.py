"""The registry's screens as a bureau officer uses them."""

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.cooperations import facts, services
from kembar.cooperations.models import Cooperation, Document, DocumentFile, Source
from kembar.testing import TINY_PDF, fill_dossier, make_cooperation, pdf_upload, queries_of


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def url(name, region, **kw):
    return reverse(name, kwargs={"code": region.code, **kw})


def test_list_search_filter_sort(staff_client, bandung, staff):
    make_cooperation(
        bandung,
        ref="liuzhou",
        title="Bandung–Liuzhou",
        country="CN",
        by=staff,
        fields=["Pendidikan"],
        person_in_charge="Rina",
    )
    make_cooperation(bandung, ref="suwon", title="Bandung–Suwon", country="KR", by=staff, status="active")
    make_cooperation(
        bandung, ref="hongdae", title="Little Bandung Hongdae", country="KR", by=staff, type="KSDLL", form="institution"
    )
    page = lambda **q: staff_client.get(url("cooperation_list", bandung), q).content.decode()  # noqa: E731
    assert all(t in page() for t in ("Bandung–Liuzhou", "Bandung–Suwon", "Little Bandung Hongdae"))
    assert "Bandung–Suwon" not in page(q="liuzhou")
    assert "Bandung–Liuzhou" not in page(country="KR") and "Bandung–Suwon" in page(country="KR")
    assert "Bandung–Suwon" not in page(type="KSDLL")
    assert "Bandung–Suwon" not in page(form="institution")
    assert "Bandung–Liuzhou" not in page(status="active")
    assert "Bandung–Suwon" not in page(field="Pendidikan")
    assert "Bandung–Suwon" not in page(person="Rina")
    desc = page(sort="-title")
    assert desc.index("Little Bandung") < desc.index("Bandung–Suwon") < desc.index("Bandung–Liuzhou")


def test_list_column_headers_sort_both_ways_and_say_how(staff_client, bandung, staff):
    make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", country="CN", by=staff)
    make_cooperation(bandung, ref="suwon", title="Bandung–Suwon", country="KR", by=staff)
    page = lambda **q: staff_client.get(url("cooperation_list", bandung), q).content.decode()  # noqa: E731
    html = page()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-title">' in html
    assert '<th scope="col"><a href="?sort=country">' in html
    html = page(sort="-country", q="Bandung")  # the header reached by a second click: Korea before China
    assert html.index("Bandung–Suwon") < html.index("Bandung–Liuzhou")
    assert '<th scope="col" aria-sort="descending"><a href="?sort=country&amp;q=Bandung">' in html
    assert '<option value="title">' in html  # the drop-down shows no sort it does not offer as chosen
    html = page(sort="partner__region__code")  # not a sort key: the default, by title
    assert html.index("Bandung–Liuzhou") < html.index("Bandung–Suwon") and 'aria-sort="ascending"' in html


def test_list_htmx_returns_only_results(staff_client, bandung, staff):
    make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", by=staff)
    response = staff_client.get(
        url("cooperation_list", bandung), {"q": "liu"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert 'id="results"' in html and "<html" not in html and "Bandung–Liuzhou" in html


def test_list_paginates(staff_client, bandung, staff):
    partner = make_cooperation(bandung, ref="c-0", by=staff).partner
    for i in range(1, 30):
        make_cooperation(bandung, ref=f"c-{i}", title=f"Kerja sama {i:02d}", partner=partner, by=staff)
    first = staff_client.get(url("cooperation_list", bandung)).content.decode()
    assert "30 kerja sama" in first and "Halaman 1 dari 2" in first
    second = staff_client.get(url("cooperation_list", bandung), {"page": 2}).content.decode()
    assert "Halaman 2 dari 2" in second


def test_create_edit_and_history(staff_client, bandung, staff):
    partner = make_cooperation(bandung, ref="seed", by=staff).partner
    response = staff_client.post(
        url("cooperation_create", bandung),
        {
            "ref": "bandung-seoul",
            "title": "Bandung–Seoul",
            "partner": partner.pk,
            "type": "KSDPL",
            "form": "sister_city",
            "status": "active",
            "started": "2016",
            "fields": "Tata kota\nBudaya",
            "terms": "funding: shared",
        },
    )
    assert response.status_code == 302
    coop = Cooperation.objects.get(region=bandung, ref="bandung-seoul")
    assert coop.fields == ["Tata kota", "Budaya"] and str(coop.started) == "2016"
    assert coop.terms == {"funding": "shared"}
    response = staff_client.post(
        url("cooperation_edit", bandung, ref=coop.ref),
        {
            "ref": "bandung-seoul",
            "title": "Kerja Sama Bandung–Seoul",
            "partner": partner.pk,
            "type": "KSDPL",
            "form": "sister_city",
            "status": "dormant",
            "started": "2016",
        },
    )
    assert response.status_code == 302
    history = staff_client.get(url("cooperation_history", bandung, ref=coop.ref)).content.decode()
    assert "Kerja Sama Bandung–Seoul" in history and "Bandung–Seoul" in history
    assert str(staff) in history and "Tidak aktif" in history  # the status by its label, not its code


def test_bad_input_changes_nothing_and_says_why_in_indonesian(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", by=staff)
    response = staff_client.post(
        url("cooperation_edit", bandung, ref=coop.ref),
        {
            "ref": "liuzhou",
            "title": "",
            "partner": coop.partner_id,
            "type": "KSDPL",
            "form": "sister_city",
            "status": "active",
            "started": "2019-02-30",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Isian ini wajib diisi." in html
    assert "tidak ada" in html  # 2019-02-30 does not exist
    coop.refresh_from_db()
    assert coop.title == "Bandung–Liuzhou" and coop.history.count() == 1


def test_duplicate_ref_is_refused(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    response = staff_client.post(
        url("cooperation_create", bandung),
        {
            "ref": "liuzhou",
            "title": "Lagi",
            "partner": coop.partner_id,
            "type": "KSDPL",
            "form": "sister_city",
            "status": "idea",
        },
    )
    assert response.status_code == 200
    assert Cooperation.objects.filter(ref="liuzhou").count() == 1


def test_upload_versions_are_kept_and_downloadable(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    response = staff_client.post(
        url("document_create", bandung, ref=coop.ref),
        {
            "kind": "mou",
            "title": "MoU Bandung–Liuzhou",
            "date": "2006-09-21",
            "signatories": "Dada Rosada — Wali Kota Bandung\nWen Hequn — Wali Kota Liuzhou",
            "upload": pdf_upload(),
        },
    )
    assert response.status_code == 302
    doc = Document.objects.get(cooperation=coop)
    assert doc.signatories[1] == {"name": "Wen Hequn", "office": "Wali Kota Liuzhou"}
    second = TINY_PDF.replace(b"200 200", b"300 300")
    staff_client.post(url("document_detail", bandung, pk=doc.pk), {"upload": pdf_upload("mou-scan.pdf", second)})
    files = list(DocumentFile.objects.filter(document=doc).order_by("version"))
    assert [f.version for f in files] == [1, 2]
    assert files[0].sha256 != files[1].sha256
    for f, content in zip(files, (TINY_PDF, second), strict=True):
        body = b"".join(staff_client.get(url("file_download", bandung, pk=f.pk)).streaming_content)
        assert body == content
    detail = staff_client.get(url("cooperation_detail", bandung, ref=coop.ref)).content.decode()
    assert "21 September 2006" in detail and "mou-scan.pdf" in detail


def test_a_pdf_sent_as_exe_is_listed_and_downloaded_as_pdf(staff_client, bandung, staff):
    """The content is what counts: a real PDF named "x.exe" is shown and offered as "x.pdf", never as a program."""
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    response = staff_client.post(
        url("document_create", bandung, ref=coop.ref),
        {"kind": "mou", "title": "MoU", "date": "2006-09-21", "upload": pdf_upload("x.exe")},
    )
    assert response.status_code == 302
    f = DocumentFile.objects.get(document__cooperation=coop)
    download = staff_client.get(url("file_download", bandung, pk=f.pk))
    assert 'filename="x.pdf"' in download["Content-Disposition"]
    page = staff_client.get(url("document_detail", bandung, pk=f.document_id)).content.decode()
    assert "x.pdf" in page and "x.exe" not in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf at all", "Jenis berkas ini tidak diterima"),
        ("empty.pdf", b"", "Berkas kosong"),
    ],
)
def test_bad_upload_is_refused(staff_client, bandung, staff, name, content, message):
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    doc = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        url("document_detail", bandung, pk=doc.pk), {"upload": SimpleUploadedFile(name, content, "application/pdf")}
    )
    assert message in response.content.decode()
    assert not DocumentFile.objects.exists()


def test_upload_size_limit(staff_client, bandung, staff, settings):
    settings.KEMBAR_UPLOAD_MAX_MB = 1
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    doc = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU")
    big = TINY_PDF + b"0" * (1024 * 1024)
    response = staff_client.post(url("document_detail", bandung, pk=doc.pk), {"upload": pdf_upload("big.pdf", big)})
    assert "batasnya 1 MB" in response.content.decode()
    assert not DocumentFile.objects.exists()


def test_delete_goes_to_trash_and_restores(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", by=staff)
    staff_client.post(url("cooperation_delete", bandung, ref=coop.ref))
    listing = staff_client.get(url("cooperation_list", bandung)).content.decode()
    assert "0 kerja sama" in listing and "Bandung–Liuzhou</a>" not in listing
    assert staff_client.get(url("cooperation_detail", bandung, ref=coop.ref)).status_code == 404
    assert "Bandung–Liuzhou" in staff_client.get(url("trash", bandung)).content.decode()
    staff_client.post(url("trash_restore", bandung, kind="cooperation", pk=coop.pk))
    assert staff_client.get(url("cooperation_detail", bandung, ref=coop.ref)).status_code == 200
    reasons = list(coop.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["restored", "deleted"]


def test_dossier_shows_timeline_sources_in_english_too(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    fill_dossier(coop, n=3)
    with translation.override("en"):
        staff_client.cookies["django_language"] = "en"
        html = staff_client.get(url("cooperation_detail", bandung, ref=coop.ref), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert "Timeline" in html and "1 January 2000" in html and ">[S" in html  # a source's mark, its key in words


def test_list_query_count_does_not_grow(staff_client, bandung, staff):
    partner = make_cooperation(bandung, ref="c-0", by=staff).partner
    few = queries_of(staff_client, url("cooperation_list", bandung))
    Cooperation.objects.bulk_create(
        [
            Cooperation(region=bandung, ref=f"c-{i}", title=f"K {i}", partner=partner, type="KSDPL", form="other")
            for i in range(1, 120)
        ]
    )
    # bulk_create sends no signal: a bulk writer writes their facts itself (which tells the kept pages too).
    facts.refresh(Cooperation.objects.filter(region=bandung).values("pk"))
    many = queries_of(staff_client, url("cooperation_list", bandung))
    # Django's authentication: the session, the user, the memberships with their regions (3);
    # the page's count, the filter options ×2 (countries and people, fields), the unread badge, the page's rows.
    assert few == many == 7


def test_dossier_query_count_does_not_grow(staff_client, bandung, staff):
    small = make_cooperation(bandung, ref="small", by=staff)
    fill_dossier(small, n=2)
    big = make_cooperation(bandung, ref="big", by=staff, partner=small.partner)
    fill_dossier(big, n=300)
    # Django's authentication: the session, the user, the memberships with their regions (3).
    # The dossier: the cooperation, its sources (2); the timeline's dated keys of events, activities,
    # obligations, documents and files (5) and its page's rows of the four kinds (4); the sections:
    # documents, their files, obligations, findings, undated events (5). The unread badge (1).
    # Panels: procedure (its record, the rule packs: 2), conditions (document kinds, attestations: 2),
    # plans (1), expiry (LoI follow-up months, documents: 2), evaluation (region settings, activity counts,
    # event counts, documents ×2, activities, obligations from the stored facts: 7), monitoring
    # (obligations with terms, fulfilments, handovers: 3), publishing (the region's rule: 1).
    assert queries_of(staff_client, url("cooperation_detail", bandung, ref="small")) == 37
    assert queries_of(staff_client, url("cooperation_detail", bandung, ref="big")) == 37


def test_indonesian_by_default_even_for_an_english_browser(staff_client, bandung):
    html = staff_client.get(url("cooperation_list", bandung), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html and "Kerja sama luar negeri" in html
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = staff_client.get(url("cooperation_list", bandung)).content.decode()
    assert '<html lang="en">' in html and "Foreign cooperations" in html


def test_timeline_is_one_ordered_list_paged_by_hundred(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="big", by=staff)
    fill_dossier(coop, n=30)  # 4 dated kinds × 30 = 120 items over 30 days
    doc = services.document_create(cooperation=coop, by=staff, kind="report", title="Laporan", date="1999-12")
    services.document_file_add(document=doc, by=staff, upload=pdf_upload("laporan.pdf"))
    first = staff_client.get(url("cooperation_detail", bandung, ref="big")).content.decode()
    assert "122 butir bertanggal" in first and "Halaman 1 dari 2" in first
    # Oldest first: the December 1999 report precedes 1 January 2000's step, which precedes its activity.
    assert first.index("Desember 1999") < first.index("Surat 0") < first.index("Kegiatan 0") < first.index("Surat 1")
    second = staff_client.get(
        url("cooperation_detail", bandung, ref="big"), {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="timeline"
    ).content.decode()
    assert "<html" not in second and "laporan.pdf" in second  # the upload is today: last
    assert "Surat 0" not in second


def test_text_a_person_writes_is_bounded_on_every_form_and_changes_nothing(staff_client, bandung, staff):
    """Goals, a list of lines, an activity's outcomes and a partner's place: over their limits each is refused
    with a message on its field, and nothing is stored."""
    from kembar.cooperations.models import Activity
    from kembar.partners.models import Partner

    coop = make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", by=staff)
    base = {"ref": "liuzhou", "title": "Bandung–Liuzhou", "partner": coop.partner_id, "type": "KSDPL"}
    base |= {"form": "sister_city", "status": "active", "started": "2006"}
    edit = url("cooperation_edit", bandung, ref=coop.ref)
    with translation.override("id"):
        html = staff_client.post(edit, {**base, "goals": "x" * 10_001}).content.decode()
        assert "paling banyak 10000 karakter" in html and 'maxlength="10000"' in html
        html = staff_client.post(edit, {**base, "fields": "Budaya\n" * 201}).content.decode()
        assert "Tulis paling banyak 200 baris (ini 201)." in html
        activity = {"date": "2024-05-01", "title": "Rapat", "kind": "meeting"}
        new_activity = url("activity_create", bandung, ref=coop.ref)
        rows = {f"outcomes-{i}-text": "Hasil" for i in range(51)}
        html = staff_client.post(new_activity, {**activity, **rows}).content.decode()
        assert "Catat paling banyak 50 hasil untuk satu kegiatan." in html
        html = staff_client.post(new_activity, {**activity, "outcomes-0-text": "x" * 2001}).content.decode()
        assert "Hasil 1: tulis paling banyak 2000 karakter." in html
        partner = {"name": "Kota Baru", "country": "CN", "kind": "city", "level": "city"}
        html = staff_client.post(url("partner_create", bandung), {**partner, "latitude": "91", "longitude": "-181"})
        html = html.content.decode()
        assert "lebih kecil dari atau sama dengan 90" in html and "lebih besar dari atau sama dengan -180" in html
    coop.refresh_from_db()
    assert coop.goals == "" and coop.history.count() == 1
    assert not Activity.objects.filter(cooperation=coop).exists()
    assert not Partner.objects.filter(name="Kota Baru").exists()


def test_history_says_each_change_in_words_and_in_the_readers_language(staff_client, bandung, staff):
    """Yes/no, a choice, the partner, the terms and the reason as a reader says them: never True, a code, an id,
    a dictionary or the services' English words."""
    from kembar.partners.services import partner_create
    from kembar.public.services import cooperation_publish

    coop = make_cooperation(bandung, ref="liuzhou", by=staff, terms={"duration_stated": False})
    first = coop.partner.name
    suwon = partner_create(
        region=bandung, by=staff, name="Suwon", country_id="KR", kind="local_government", level="city"
    )
    services.cooperation_update(
        cooperation=coop, by=staff, status="dormant", partner=suwon, terms={"duration_stated": True}
    )
    cooperation_publish(cooperation=coop, by=staff, published=True)
    with translation.override("id"):
        html = staff_client.get(url("cooperation_history", bandung, ref="liuzhou")).content.decode()
    rows = {cells[0]: cells[1:] for cells in _diff_rows(html)}
    assert rows["dipublikasikan"] == ["tidak", "ya"]
    assert rows["mitra"] == [first, "Suwon"]
    assert rows["status"] == ["Tidak diketahui", "Tidak aktif"]
    assert rows["ketentuan"] == ["Tujuan dan jangka waktu dinyatakan: tidak", "Tujuan dan jangka waktu dinyatakan: ya"]
    assert "(dipublikasikan)" in html and "(published)" not in html
    # Each record is named by its words, never by its number.
    Source.objects.create(region=bandung, cooperation=coop, key="laporan", cite="Laporan tahunan Biro Kerja Sama 2024")
    with translation.override("id"):
        html = staff_client.get(url("cooperation_history", bandung, ref="liuzhou")).content.decode()
    assert "sumber “Laporan tahunan Biro Kerja Sama 2024”" in html


def test_a_source_without_a_year_is_cited_in_the_readers_style(staff_client, bandung, staff):
    """A citation stored with Indonesian "(t.t.)" (tanpa tahun) reads "(n.d.)" on English pages, wherever it is
    shown: the dossier's source list and its hover, the activity, the activity form's choice of source, history."""
    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    cite = "Saraswati, T. G., Windiani, R., & Wahyudi, F. E. (t.t.). Diplomasi oleh Pemerintah Kota."
    source = Source.objects.create(region=bandung, cooperation=coop, key="saraswati", cite=cite)
    activity = services.activity_create(cooperation=coop, by=staff, date="2019-10", title="Pameran", source=source)
    pages = [
        url("cooperation_detail", bandung, ref="liuzhou"),
        url("activity_detail", bandung, pk=activity.pk),
        url("activity_edit", bandung, pk=activity.pk),
        url("cooperation_history", bandung, ref="liuzhou"),
    ]
    english = "Saraswati, T. G., Windiani, R., &amp; Wahyudi, F. E. (n.d.). Diplomasi"
    staff_client.cookies["django_language"] = "en"
    for page in pages:
        html = staff_client.get(page).content.decode()
        assert english in html and "(t.t.)" not in html, page
    staff_client.cookies["django_language"] = "id"
    for page in pages:
        html = staff_client.get(page).content.decode()
        assert english.replace("(n.d.)", "(t.t.)") in html and "(n.d.)" not in html, page
    Source.objects.filter(pk=source.pk).update(cite="Kompasiana (n.d.). Artikel; (Fahri, n.d.)")
    html = staff_client.get(pages[0]).content.decode()
    assert "Kompasiana (t.t.). Artikel; (Fahri, t.t.)" in html


def _diff_rows(html: str) -> list[list[str]]:
    from lxml import html as lxml_html

    return [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in lxml_html.fromstring(html).xpath("//table[@class='diff']/tbody/tr")
    ]


def test_edit_forms_saved_untouched_record_nothing(staff_client, bandung, staff):
    """The document and partner forms posted as the browser sends them, nothing changed: no history row."""
    from lxml import html as lxml_html

    coop = make_cooperation(bandung, ref="liuzhou", by=staff)
    doc = services.document_create(
        cooperation=coop, by=staff, kind="mou", title="MoU", date="2015-05-10", duration_months=60, summary="Ringkas"
    )
    pages = [
        (url("document_edit", bandung, pk=doc.pk), Document.objects.get(pk=doc.pk)),
        (url("partner_edit", bandung, pk=coop.partner_id), coop.partner),
    ]
    for page, record in pages:
        before = record.history.count()
        forms = lxml_html.fromstring(staff_client.get(page).content).forms
        form = next(f for f in forms if "title" in f.inputs.keys() or "name" in f.inputs.keys())
        response = staff_client.post(page, dict(form.form_values()), follow=True)
        assert "Tidak ada yang diubah." in response.content.decode(), page
        assert record.history.count() == before, page
