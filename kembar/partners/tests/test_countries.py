"""The countries page: each country's relations source in the reader's language while it is Kembar's default."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from kembar.conditions.selectors import facts_for
from kembar.partners.models import Country
from kembar.testing import make_cooperation

pytestmark = pytest.mark.django_db

DEFAULT_ID = "Ditetapkan oleh Kembar, belum diverifikasi dengan Kementerian Luar Negeri (Kemlu)"
DEFAULT_EN = "Set by Kembar, not yet verified with the Ministry of Foreign Affairs (Kemlu)"


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}</td>")
    return html[start : html.index("</tr>", start)]


def test_the_default_source_is_said_in_the_readers_language(client, staff):
    client.force_login(staff)
    html = client.get(reverse("country_list"), {"q": "Jepang"}).content.decode()
    assert DEFAULT_ID in _row(html, "Jepang")
    html = client.get(reverse("country_list"), {"no_relations": "1"}).content.decode()
    assert "Dicatat oleh Kembar sebagai pengecualian" in _row(html, "Israel")
    assert "Indonesia tidak memiliki hubungan diplomatik dengan Israel." in _row(html, "Israel")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("country_list"), {"q": "Japan"}).content.decode()
    assert DEFAULT_EN in _row(html, "日本")
    html = client.get(reverse("country_list")).content.decode()
    assert "Ditetapkan" not in html and "Belum diverifikasi" not in html


def test_a_recorded_source_is_shown_as_written(client, staff, bandung):
    Country.objects.filter(code="JP").update(relations_source="Kemlu, daftar perwakilan 2025", verified=True)
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("country_list"), {"q": "Japan"}).content.decode()
    assert "Kemlu, daftar perwakilan 2025" in _row(html, "日本")
    coop = make_cooperation(bandung, ref="kobe", by=staff, country="JP")
    assert facts_for(cooperation=coop).relations_source == "Kemlu, daftar perwakilan 2025"


def test_the_old_stored_default_words_are_blanked(ref_data):
    mend = import_module("kembar.partners.migrations.0004_default_relations_source_said_not_stored")
    Country.objects.filter(code="FR").update(relations_source=mend.OLD_DEFAULT)
    Country.objects.filter(code="DE").update(relations_source=mend.OLD_DEFAULT, verified=True)
    Country.objects.filter(code="IL").update(
        relations_source=mend.OLD_SPECIAL, relations_note="Indonesia has no diplomatic relations with Israel."
    )
    Country.objects.filter(code="NL").update(relations_source="Kemlu 2024")
    mend.forwards(apps, None)
    sources = dict(Country.objects.filter(code__in=["FR", "DE", "IL", "NL"]).values_list("code", "relations_source"))
    assert sources == {"FR": "", "DE": mend.OLD_DEFAULT, "IL": "", "NL": "Kemlu 2024"}
    assert Country.objects.get(code="IL").relations_note.startswith("Indonesia tidak memiliki")


def test_a_partners_country_is_named_in_the_readers_language(client, staff, bandung):
    """Names pycountry's Indonesian catalogue leaves in English are Kembar's own Indonesian ones, and a country is
    named alike in both languages (not "Bolivia" in English and "Bolivia, Negara Plurinasional" in Indonesian)."""
    for ref, code in (("praha", "CZ"), ("praia", "CV"), ("la-paz", "BO"), ("taipei", "TW")):
        make_cooperation(bandung, ref=ref, by=staff, country=code)
    client.force_login(staff)
    html = client.get(reverse("partner_list", args=[bandung.code])).content.decode()
    for name in ("<td>Ceko</td>", "<td>Tanjung Verde</td>", "<td>Bolivia</td>", "<td>Taiwan</td>"):
        assert name in html
    assert "Czechia" not in html and "Cabo Verde" not in html and "Plurinasional" not in html
    assert "Provinsi China" not in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("partner_list", args=[bandung.code])).content.decode()
    for name in ("<td>Czechia</td>", "<td>Cabo Verde</td>", "<td>Bolivia</td>", "<td>Taiwan</td>"):
        assert name in html
    assert "Ceko" not in html


def test_the_stored_country_names_are_renamed(ref_data):
    """The migration gives stored countries the names of partners/names.py; their relations data stays."""
    mend = import_module("kembar.partners.migrations.0005_country_names_in_each_language")
    Country.objects.filter(code="CZ").update(name_id="Czechia", relations_note="Catatan biro", verified=True)
    Country.objects.filter(code="BO").update(name_id="Bolivia, Negara Plurinasional")
    mend.forwards(apps, None)
    cz, bo = Country.objects.get(code="CZ"), Country.objects.get(code="BO")
    assert (cz.name_id, cz.name_en, cz.relations_note, cz.verified) == ("Ceko", "Czechia", "Catatan biro", True)
    assert (bo.name_id, bo.name_en, bo.name_ko) == ("Bolivia", "Bolivia", "볼리비아")


def test_countries_are_listed_in_the_order_of_the_names_the_reader_reads(client, staff, bandung):
    """Sorted by country, the partner list and the partner form's choices follow the reader's names: in
    Indonesian "Jepang" (Japan) comes before "Jerman" (Germany), in English Germany before Japan."""
    make_cooperation(bandung, ref="kobe", by=staff, country="JP")
    make_cooperation(bandung, ref="bonn", by=staff, country="DE")
    client.force_login(staff)
    expected = {"id": ("Jepang", "Jerman"), "en": ("Germany", "Japan")}
    for language, (first, second) in expected.items():
        client.cookies["django_language"] = language
        html = client.get(reverse("partner_list", args=[bandung.code]), {"sort": "country"}).content.decode()
        assert html.index(f"<td>{first}</td>") < html.index(f"<td>{second}</td>"), language
        html = client.get(reverse("partner_create", args=[bandung.code])).content.decode()
        assert html.index(f">{first}</option>") < html.index(f">{second}</option>"), language
        html = client.get(reverse("country_list"), {"q": "je"}).content.decode()
        assert html.index(f">{first}</td>") < html.index(f">{second}</td>"), language
