"""The cooperation form forgives: its dates as typed, an end before the start refused on the field, Kembar's own
words for a bad reference, and a new partner added without leaving the form."""

import pytest
from django.urls import reverse

from kembar.cooperations.models import Cooperation
from kembar.partners.models import Partner
from kembar.testing import make_cooperation


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "id"
    return client


@pytest.fixture
def partner(bandung, staff):
    from kembar.partners.services import partner_create

    return partner_create(
        region=bandung, by=staff, name="Liuzhou", country_id="CN", kind="local_government", level="city"
    )


def _url(region, name="cooperation_create", **kwargs):
    return reverse(name, kwargs={"code": region.code, **kwargs})


def _data(**over):
    return {"ref": "bandung-liuzhou", "title": "Bandung–Liuzhou", "type": "KSDPL", "form": "sister_city",
            "status": "active", **over}  # fmt: skip


NEW_PARTNER = {
    "new_partner-name": "Kota Suwon",
    "new_partner-name_local": "수원시",
    "new_partner-country": "KR",
    "new_partner-kind": "local_government",
    "new_partner-level": "city",
}


def test_dates_are_read_as_typed(staff_client, bandung, partner):
    response = staff_client.post(_url(bandung), _data(partner=partner.pk, started="21 Sept 2006", ends="31/12/2024"))
    assert response.status_code == 302
    coop = Cooperation.objects.get()
    assert (str(coop.started), str(coop.ends)) == ("2006-09-21", "2024-12-31")


@pytest.mark.parametrize("name, kwargs", [("cooperation_create", {}), ("cooperation_edit", {"ref": "liuzhou"})])
def test_an_end_before_the_start_is_refused_on_the_field(staff_client, bandung, staff, partner, name, kwargs):
    coop = make_cooperation(bandung, by=staff, ref="liuzhou", partner=partner)
    data = _data(ref="liuzhou" if kwargs else "baru", partner=partner.pk, started="21/09/2006", ends="2005")
    response = staff_client.post(_url(bandung, name, **kwargs), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends"] == ["Tanggal selesai (2005) lebih awal daripada tanggal mulai (21 September 2006)."]
    html = response.content.decode()
    assert 'id="id_ends_errors"' in html and 'href="#id_ends"' in html  # on the field, and in the summary
    coop.refresh_from_db()
    assert (coop.started, coop.ends, Cooperation.objects.count()) == (None, None, 1)


def test_an_end_in_the_same_month_as_a_day_start_is_not_before_it(staff_client, bandung, partner):
    response = staff_client.post(_url(bandung), _data(partner=partner.pk, started="21/09/2006", ends="Sept 2006"))
    assert response.status_code == 302


def test_a_bad_reference_gets_kembar_s_own_message(staff_client, bandung, partner):
    response = staff_client.post(_url(bandung), _data(ref="Bandung Liuzhou!", partner=partner.pk))
    assert response.status_code == 200
    errors = response.context["form"].errors["ref"]
    assert errors == ["“Bandung Liuzhou!” bukan referensi: gunakan huruf, angka, dan tanda hubung."]
    assert "slug" not in response.content.decode()


# --- A new partner from the cooperation form ------------------------------------------------------------


def test_the_form_offers_a_new_partner_block(staff_client, bandung, partner):
    html = staff_client.get(_url(bandung)).content.decode()
    assert "Mitra belum ada di daftar? Tambahkan mitra baru" in html
    assert 'name="new_partner-name"' in html and 'name="new_partner-country"' in html
    assert '<details class="new-partner">' in html  # closed while there are partners to choose


def test_with_no_partner_yet_the_block_is_open(staff_client, bandung):
    assert '<details class="new-partner" open>' in staff_client.get(_url(bandung)).content.decode()


def test_a_new_partner_is_created_with_the_cooperation_and_chosen(staff_client, bandung, partner):
    response = staff_client.post(_url(bandung), {**_data(), **NEW_PARTNER})
    assert response.status_code == 302
    coop = Cooperation.objects.get()
    suwon = Partner.objects.get(name="Kota Suwon")
    assert coop.partner == suwon and suwon.region == bandung
    assert (suwon.name_local, suwon.country_id, suwon.level) == ("수원시", "KR", "city")
    assert suwon.history.first().history_user is not None


def test_a_refused_cooperation_creates_no_partner_and_keeps_what_was_typed(staff_client, bandung):
    response = staff_client.post(_url(bandung), {**_data(title=""), **NEW_PARTNER})
    assert response.status_code == 200
    assert not Partner.objects.exists() and not Cooperation.objects.exists()
    html = response.content.decode()
    assert 'value="Kota Suwon"' in html and '<details class="new-partner" open>' in html


def test_a_half_written_partner_is_refused_on_its_fields(staff_client, bandung):
    response = staff_client.post(_url(bandung), {**_data(), "new_partner-name": "Kota Suwon"})
    assert response.status_code == 200
    new = response.context["form"].new_partner
    assert set(new.errors) == {"country", "kind", "level"}
    assert 'href="#id_new_partner-country"' in response.content.decode()  # listed in the summary
    assert not Partner.objects.exists() and not Cooperation.objects.exists()


def test_choose_a_partner_or_add_one_but_not_both_nor_neither(staff_client, bandung, partner):
    both = staff_client.post(_url(bandung), {**_data(partner=partner.pk), **NEW_PARTNER})
    assert both.context["form"].errors["partner"] == [
        "Pilih mitra dari daftar atau tambahkan mitra baru, jangan keduanya."
    ]
    neither = staff_client.post(_url(bandung), _data())
    assert neither.context["form"].errors["partner"] == ["Pilih mitra dari daftar, atau tambahkan mitra baru di bawah."]
    assert Partner.objects.count() == 1 and not Cooperation.objects.exists()


def test_a_partner_of_another_region_cannot_be_chosen(staff_client, bandung, bogor, bogor_staff):
    from kembar.partners.services import partner_create

    theirs = partner_create(region=bogor, by=bogor_staff, name="Nanning", country_id="CN", kind="local_government",
                            level="city")  # fmt: skip
    response = staff_client.post(_url(bandung), _data(partner=theirs.pk))
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert not Cooperation.objects.exists()


# --- A status recorded by hand, with its date and basis ---------------------------------------------------------


def test_a_recorded_status_keeps_its_date_and_basis_and_the_dossier_says_so(staff_client, bandung, staff, partner):
    make_cooperation(bandung, by=staff, ref="liuzhou", partner=partner)
    data = _data(ref="liuzhou", partner=partner.pk, status="ended", status_date="12/03/2019",
                 status_basis="Surat Wali Kota Bandung tentang pengakhiran kerja sama")  # fmt: skip
    response = staff_client.post(_url(bandung, "cooperation_edit", ref="liuzhou"), data, follow=True)
    coop = Cooperation.objects.get(ref="liuzhou")
    assert (coop.status, str(coop.status_date)) == ("ended", "2019-03-12")
    html = response.content.decode()
    assert "12 Maret 2019" in html and "Surat Wali Kota Bandung tentang pengakhiran kerja sama" in html


def test_a_date_and_basis_without_a_status_are_refused(staff_client, bandung, staff, partner):
    make_cooperation(bandung, by=staff, ref="liuzhou", partner=partner)
    data = _data(ref="liuzhou", partner=partner.pk, status="unknown", status_date="2019", status_basis="Surat")
    response = staff_client.post(_url(bandung, "cooperation_edit", ref="liuzhou"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == [
        "Pilih status yang dicatat oleh tanggal dan dasar ini, atau kosongkan keduanya."
    ]
    assert Cooperation.objects.get(ref="liuzhou").status_basis == ""


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_form_saved_unchanged_keeps_the_terms_as_they_were(staff_client, bandung, staff, language):
    """Terms show by their labels with a yes or no in words, and read back as the same keys and values: saving the
    edit form untouched changes nothing and records no change."""
    from lxml import html

    terms = {"duration_stated": True, "working_group": False, "funding": "shared"}
    coop = make_cooperation(bandung, ref="liuzhou", by=staff, terms=terms)
    staff_client.cookies["django_language"] = language
    url = _url(bandung, "cooperation_edit", ref="liuzhou")
    form = next(f for f in html.fromstring(staff_client.get(url).content).forms if "terms" in f.inputs.keys())
    if language == "id":
        shown = form.inputs["terms"].value.strip().splitlines()
        # PostgreSQL keeps JSON keys in its own order
        assert sorted(shown) == ["Kelompok kerja: tidak", "Pendanaan: shared", "Tujuan dan jangka waktu dinyatakan: ya"]
    response = staff_client.post(url, dict(form.form_values()))  # what the browser sends when Save is pressed
    assert response.status_code == 302
    coop.refresh_from_db()
    assert coop.terms == terms
    assert coop.history.count() == 1


def test_terms_stored_as_true_and_false_words_become_booleans_again(bandung, staff):
    """The migration that mends the terms the old form turned into the strings "True" and "False"."""
    from importlib import import_module

    from django.apps import apps

    mend = import_module("kembar.cooperations.migrations.0017_terms_yes_no_as_booleans")
    broken = make_cooperation(bandung, ref="liuzhou", by=staff)
    untouched = make_cooperation(bandung, ref="suwon", by=staff, terms={"funding": "True story", "staff": True})
    Cooperation.objects.filter(pk=broken.pk).update(terms={"duration_stated": "True", "working_group": "False"})
    mend.booleans_again(apps, None)
    broken.refresh_from_db()
    untouched.refresh_from_db()
    assert broken.terms == {"duration_stated": True, "working_group": False}
    assert untouched.terms == {"funding": "True story", "staff": True}
