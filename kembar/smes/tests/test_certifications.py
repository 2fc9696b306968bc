"""Certifications changed and removed on the SME's page: the add form's checks, history, restore, expiry shown."""

import datetime as dt

import pytest
from django.urls import reverse

from kembar.smes import services
from kembar.smes.models import Certification

pytestmark = pytest.mark.django_db


@pytest.fixture
def halal(sme, trade):
    return services.certification_add(
        sme=sme, by=trade, kind="halal", number="ID32110000123450124", issued=dt.date(2024, 1, 31)
    )


def _url(name, cert):
    return reverse(name, args=["32.73", cert.sme_id, cert.pk])


def test_owner_edits_number_expiry_and_kind(client, owner, halal):
    client.force_login(owner)
    assert client.get(_url("smes_certification_edit", halal)).status_code == 200
    response = client.post(
        _url("smes_certification_edit", halal),
        {"kind": "sni", "number": "SNI 8080:2026", "issued": "2024-01-31", "expires": "2029-01-31"},
    )
    assert response.url == reverse("smes_sme_detail", args=["32.73", halal.sme_id])
    halal.refresh_from_db()
    assert (halal.kind, halal.number, halal.expires) == ("sni", "SNI 8080:2026", dt.date(2029, 1, 31))
    last = halal.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (owner, "changed")


def test_edit_checks_as_add_does_and_changes_nothing(client, trade, halal):
    client.force_login(trade)
    response = client.post(
        _url("smes_certification_edit", halal),
        {"kind": "halal", "number": "X", "issued": "2024-01-31", "expires": "2023-12-31"},
    )
    assert response.status_code == 400 and "expires" in response.context["form"].errors
    response = client.post(_url("smes_certification_edit", halal), {"kind": "gold", "number": "", "expires": "x"})
    assert response.status_code == 400 and {"kind", "number", "expires"} <= set(response.context["form"].errors)
    halal.refresh_from_db()
    assert (halal.kind, halal.number, halal.expires) == ("halal", "ID32110000123450124", None)


def test_remove_and_restore_from_the_sme_page(client, owner, sme, halal):
    client.force_login(owner)
    detail = reverse("smes_sme_detail", args=["32.73", sme.pk])
    assert client.post(_url("smes_certification_delete", halal)).url == detail
    assert not Certification.objects.filter(pk=halal.pk).exists()
    page = client.get(detail)
    assert list(page.context["certifications"]) == [] and list(page.context["removed_certifications"]) == [halal]
    assert client.post(_url("smes_certification_delete", halal)).status_code == 302  # again: nothing more
    assert client.post(_url("smes_certification_restore", halal)).url == detail
    assert client.post(_url("smes_certification_restore", halal)).status_code == 302  # again: nothing more
    assert Certification.objects.filter(pk=halal.pk).exists()
    reasons = [h.history_change_reason for h in halal.history.order_by("history_id")]
    assert reasons == ["created", "removed", "restored"]


def test_another_sme_s_certification_is_404_to_its_url(client, owner, other_sme, trade, sme):
    theirs = services.certification_add(sme=other_sme, by=trade, kind="pirt", number="1")
    client.force_login(owner)
    # Their certificate through the owner's own SME's URL: not found either.
    assert client.get(reverse("smes_certification_edit", args=["32.73", sme.pk, theirs.pk])).status_code == 404
    assert client.post(reverse("smes_certification_delete", args=["32.73", sme.pk, theirs.pk])).status_code == 404
    assert Certification.objects.filter(pk=theirs.pk).exists()


def test_restore_keeps_the_limit_of_certifications(sme, trade, halal):
    services.certification_delete(certification=halal, by=trade)
    for i in range(services.MAX_CERTIFICATIONS):
        services.certification_add(sme=sme, by=trade, kind="sni", number=str(i))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.certification_restore(certification=halal, by=trade)


def test_expired_certificates_are_marked_with_the_date_in_indonesian(client, trade, sme):
    services.certification_add(sme=sme, by=trade, kind="bpom", number="MD 123", expires=dt.date(2020, 1, 31))
    services.certification_add(sme=sme, by=trade, kind="pirt", number="P-9", expires=dt.date(2099, 8, 17))
    client.force_login(trade)
    html = client.get(reverse("smes_sme_detail", args=["32.73", sme.pk])).content.decode()
    assert html.count('class="expired"') == 1
    assert '<time datetime="2020-01-31">31 Januari 2020</time> <span class="badge warn">' in html
    assert '<time datetime="2099-08-17">17 Agustus 2099</time>' in html


def test_edit_forms_saved_untouched_record_nothing(client, owner, sme, halal, product):
    """The business, product and certificate forms posted as the browser sends them, nothing changed: the reader
    is told so and no history row is written."""
    from lxml import html as lxml_html

    client.force_login(owner)
    pages = [
        (reverse("smes_sme_edit", args=["32.73", sme.pk]), sme),
        (reverse("smes_product_edit", args=["32.73", product.pk]), product),
        (_url("smes_certification_edit", halal), halal),
    ]
    for page, record in pages:
        before = record.history.count()
        forms = lxml_html.fromstring(client.get(page).content).forms
        form = next(f for f in forms if f.method.upper() == "POST" and len(f.inputs.keys()) > 2)
        response = client.post(page, dict(form.form_values()), follow=True)
        assert response.status_code == 200, page
        assert "Tidak ada yang diubah." in response.content.decode(), page
        assert record.history.count() == before, page


def test_a_certificate_issued_after_today_is_refused(client, trade, sme, halal):
    """Issued tomorrow (a slip of the year, or a certificate not yet given) is refused in words, on the form
    and by the service, and changes nothing; so is an expiry before the issue."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.force_login(trade)
    response = client.post(
        _url("smes_certification_edit", halal),
        {"kind": "halal", "number": "ID32110000123450124", "issued": tomorrow.isoformat(), "expires": ""},
    )
    assert response.status_code == 400
    assert "Sertifikat tidak dapat diterbitkan setelah hari ini" in response.content.decode()
    response = client.post(
        _url("smes_certification_edit", halal),
        {"kind": "halal", "number": "ID32110000123450124", "issued": "2024-01-31", "expires": "2024-01-30"},
    )
    assert "Tanggal kedaluwarsa harus setelah tanggal terbit" in response.content.decode()
    halal.refresh_from_db()
    assert (halal.issued, halal.expires) == (dt.date(2024, 1, 31), None)
    with pytest.raises(ValidationError):
        services.certification_add(sme=sme, by=trade, kind="sni", number="SNI 1", issued=tomorrow)
    assert not Certification.objects.filter(kind="sni").exists()
