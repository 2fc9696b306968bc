"""An upload refused: the summary at the top names each problem with a link to its field, what was typed stays,
and the page tells the browser the server's size limit, so a too-large file is stopped before it is sent."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kembar.cooperations.models import Document
from kembar.testing import make_cooperation


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "id"
    return client


@pytest.fixture
def coop(bandung, staff):
    return make_cooperation(bandung, by=staff, ref="bandung-liuzhou")


def _create(region, coop):
    return reverse("document_create", kwargs={"code": region.code, "ref": coop.ref})


def test_a_refused_file_gets_a_summary_and_the_other_fields_stay(staff_client, bandung, coop, settings):
    settings.KEMBAR_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), content_type="application/pdf")
    data = {"kind": "mou", "title": "MoU 2006", "date": "21 September 2006", "summary": "Ditandatangani."}
    data["upload"] = big
    response = staff_client.post(_create(bandung, coop), data)
    assert response.status_code == 200 and not Document.objects.exists()
    html = response.content.decode()
    summary = html[html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))]
    assert 'role="alert" tabindex="-1"' in html  # kembar.js moves the focus here
    assert '<a href="#id_upload">Berkas</a>: Berkas berukuran 1,0 MB; batasnya 1 MB.' in summary
    assert "pilih berkasnya lagi" in summary
    for kept in ('value="MoU 2006"', 'value="21 September 2006"', "Ditandatangani.</textarea>"):
        assert kept in html, kept
    assert '<option value="mou" selected>' in html


def test_a_date_and_a_file_refused_together_are_both_in_the_summary(staff_client, bandung, coop):
    bad = SimpleUploadedFile("x.pdf", b"plain text", content_type="application/pdf")
    response = staff_client.post(_create(bandung, coop), {"kind": "mou", "title": "MoU", "date": "31/02/2024",
                                                          "upload": bad})  # fmt: skip
    html = response.content.decode()
    assert '<a href="#id_date">Tanggal</a>: “31/02/2024” bukan tanggal' in html
    assert not Document.objects.exists()


@pytest.mark.parametrize("limit", [20, 3])
def test_every_upload_field_carries_the_server_limit(staff_client, bandung, coop, staff, settings, limit):
    from kembar.cooperations import services

    settings.KEMBAR_UPLOAD_MAX_MB = limit
    doc = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU")
    activity = services.activity_create(cooperation=coop, by=staff, date="2020", title="Visit")
    code = bandung.code
    pages = [
        _create(bandung, coop),
        reverse("document_detail", kwargs={"code": code, "pk": doc.pk}),
        reverse("document_renew", kwargs={"code": code, "pk": doc.pk}),
        reverse("activity_create", kwargs={"code": code, "ref": coop.ref}),
        reverse("activity_detail", kwargs={"code": code, "pk": activity.pk}),
        reverse("mou_draft", kwargs={"code": code, "ref": coop.ref}),
        reverse("import_index", kwargs={"code": code}),
    ]
    for page in pages:
        html = staff_client.get(page).content.decode()
        inputs = re.findall(r'<input type="file"[^>]*>', html)
        assert inputs, page
        for tag in inputs:
            assert f'data-max-bytes="{limit * 1024 * 1024}"' in tag, (page, tag)
            assert f'data-too-large="Berkas berukuran {{size}} MB; batasnya {limit} MB."' in tag, (page, tag)
