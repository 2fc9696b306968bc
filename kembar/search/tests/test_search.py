"""The search box: what it finds, where, in which languages; what it never shows (another region's records,
deleted ones, markup from the records); what it says when a query cannot be searched."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.cooperations import services
from kembar.cooperations.casefile import import_files
from kembar.cooperations.models import Activity, Finding, Obligation
from kembar.partners.services import partner_create
from kembar.search import index, selectors
from kembar.search.models import SearchEntry
from kembar.testing import fill_dossier, make_cooperation, make_obligation, queries_of

CASES = Path(__file__).resolve().parents[2] / "demo" / "cases"


def _search(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def _plain(html: str) -> str:
    """The page without its marks of the words found."""
    return html.replace("<mark>", "").replace("</mark>", "")


def _found(q, *, region_ids=None, kind=None) -> list[str]:
    query = selectors.parse(q)
    kinds = [kind] if kind else index.KINDS
    return [h.title for k in kinds for h in selectors.search(query=query, region_ids=region_ids, kind=k)]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def liuzhou(bandung, staff):
    (coop,) = import_files([CASES / "bandung-liuzhou.yaml"], by=staff)
    return coop


def test_demo_words_are_found_with_links_and_marks(staff_client, liuzhou, bandung):
    """The words people searched for in vain in the Bandung–Liuzhou case: each finds its record."""
    html = _search(staff_client, "masks")
    activity = Activity.objects.get(cooperation=liuzhou, title__contains="10,000 masks")
    assert reverse("activity_detail", args=[bandung.code, activity.pk]) in html
    assert "10,000 <mark>masks</mark>" in html
    assert "Kegiatan" in html  # the group's heading, in Indonesian

    html = _search(staff_client, "Joint Working")
    assert "A <mark>Joint</mark> <mark>Working</mark> Group" in html
    assert reverse("cooperation_detail", args=[bandung.code, liuzhou.ref]) + "#h-obl" in html

    html = _search(staff_client, "Dada Rosada")
    assert "Memorandum Saling Pengertian" in html  # the MoU whose signatory he is
    assert "<mark>Dada</mark> <mark>Rosada</mark>" in html

    html = _search(staff_client, "liuzhou")  # any case
    assert "Kerja Sama Kota Bersaudara Bandung–<mark>Liuzhou</mark>" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("柳州", "Liuzhou (柳州市)"),  # two Chinese characters: from the CJK pairs
        ("柳州市", "Liuzhou (柳州市)"),  # three: the trigram index
        ("州市", "Liuzhou (柳州市)"),  # the middle of a word
        ("Cina", "Liuzhou (柳州市)"),  # the partner's country, in Indonesian
        ("중국", "Liuzhou (柳州市)"),  # …and in Korean
    ],
)
def test_chinese_korean_japanese_substrings(staff_client, liuzhou, query, expected):
    html = _search(staff_client, query)
    assert expected in html.replace("<mark>", "").replace("</mark>", "")
    assert f"<mark>{query}</mark>" in html or query in ("Cina", "중국")


def test_korean_and_japanese(staff_client, bandung, staff):
    suwon = partner_create(
        region=bandung,
        by=staff,
        name="Suwon",
        name_local="수원시",
        country_id="KR",
        kind="local_government",
        level="city",
    )
    make_cooperation(bandung, by=staff, ref="bandung-suwon", title="Kerja Sama Bandung–Suwon", partner=suwon)
    kyoto = partner_create(
        region=bandung,
        by=staff,
        name="Kyoto",
        name_local="京都市",
        country_id="JP",
        kind="local_government",
        level="city",
    )
    make_cooperation(bandung, by=staff, ref="bandung-kyoto", title="Rencana kerja sama budaya", partner=kyoto)
    assert "Suwon (<mark>수원</mark>시)" in _search(staff_client, "수원")
    assert "Kyoto (<mark>京都</mark>市)" in _search(staff_client, "京都")
    assert "Kyoto" not in _plain(_search(staff_client, "수원"))


@pytest.fixture
def dossier(bandung, staff):
    """One record of each kind, each with a word of its own."""
    partner = partner_create(
        region=bandung,
        by=staff,
        name="Kota Mitra",
        note="Pelabuhan zanzibarit",
        country_id="CN",
        kind="local_government",
        level="city",
    )
    coop = make_cooperation(bandung, by=staff, ref="coop", title="Kerja sama quokkafish", partner=partner)
    doc = services.document_create(
        cooperation=coop,
        by=staff,
        kind="mou",
        title="Nota Kesepahaman",
        summary="Tentang pertukaran pelajar",
        signatories=[{"name": "Wali Kota Xylophar", "office": "Wali Kota"}],
    )
    act = services.activity_create(cooperation=coop, by=staff, title="Festival lumbricant", date="2020-05-01")
    obl = make_obligation(coop, text="Rapat tahunan gondwanic")
    finding = Finding.objects.create(region=bandung, cooperation=coop, topic="reciprocity", text="Manfaat merlinesque")
    return {"partner": partner, "coop": coop, "doc": doc, "act": act, "obl": obl, "finding": finding}


@pytest.mark.parametrize(
    "word, kind, title",
    [
        ("quokkafish", index.COOPERATION, "Kerja sama quokkafish"),
        ("zanzibarit", index.PARTNER, "Kota Mitra"),  # in the partner's note
        ("pertukaran pelajar", index.DOCUMENT, "Nota Kesepahaman"),  # the summary
        ("Xylophar", index.DOCUMENT, "Nota Kesepahaman"),  # a signatory
        ("lumbricant", index.ACTIVITY, "Festival lumbricant"),
        ("gondwanic", index.OBLIGATION, "Rapat tahunan gondwanic"),
        ("merlinesque", index.FINDING, "Manfaat merlinesque"),
    ],
)
def test_each_kind_found_and_not_found(staff_client, dossier, bandung, word, kind, title):
    assert _found(word, region_ids=[bandung.pk]) == [title]
    assert _found(word, region_ids=[bandung.pk], kind=kind) == [title]
    assert title in _plain(_search(staff_client, word))
    assert _found(word + "zz", region_ids=[bandung.pk]) == []
    html = _search(staff_client, word + "zz")
    assert "Tidak ditemukan" in html and title not in html


def test_an_edit_is_found_at_once_and_the_old_words_are_not(staff_client, dossier, staff):
    services.activity_update(activity=dossier["act"], by=staff, title="Pameran ornithopter")
    assert _found("ornithopter") == ["Pameran ornithopter"]
    assert _found("lumbricant") == []


def test_soft_delete_and_restore(staff_client, dossier, staff):
    act, doc, coop = dossier["act"], dossier["doc"], dossier["coop"]
    services.activity_delete(activity=act, by=staff)
    assert "Festival lumbricant" not in _plain(_search(staff_client, "lumbricant"))
    services.activity_restore(activity=Activity.all_objects.get(pk=act.pk), by=staff)
    assert "Festival lumbricant" in _plain(_search(staff_client, "lumbricant"))

    services.document_delete(document=doc, by=staff)
    assert _found("Xylophar") == []
    services.document_restore(document=doc, by=staff)
    assert _found("Xylophar") == ["Nota Kesepahaman"]

    # A deleted cooperation takes its dossier with it; its restore brings everything back.
    services.cooperation_delete(cooperation=coop, by=staff)
    for word in ("quokkafish", "lumbricant", "gondwanic", "merlinesque", "Xylophar"):
        assert _found(word) == [], word
    assert _found("zanzibarit") == ["Kota Mitra"]  # the partner is not the cooperation's
    services.cooperation_restore(cooperation=coop, by=staff)
    for word in ("quokkafish", "lumbricant", "gondwanic", "merlinesque", "Xylophar"):
        assert len(_found(word)) == 1, word

    # Restored by another door (a plain save, as a history revert does): the same.
    services.cooperation_delete(cooperation=coop, by=staff)
    assert _found("lumbricant") == []
    coop.deleted_at = None
    coop.save()
    assert _found("lumbricant") == ["Festival lumbricant"]


def test_a_hard_delete_removes_the_entry(dossier):
    Obligation.objects.filter(pk=dossier["obl"].pk).delete()
    assert _found("gondwanic") == []


def test_other_regions_records_are_never_found(client, dossier, bandung, bogor, bogor_staff, overseer):
    client.force_login(bogor_staff)
    for word in ("quokkafish", "zanzibarit", "Xylophar", "lumbricant", "gondwanic", "merlinesque"):
        assert _found(word, region_ids=[bogor.pk]) == []
        html = _search(client, word)
        assert "Tidak ditemukan" in html and f"/r/{bandung.code}/" not in html, word
    # Bogor's own record with the same word is found by Bogor only; the nation finds both.
    make_cooperation(bogor, by=bogor_staff, ref="bogor-coop", title="Kerja sama Bogor quokkafish")
    html = _search(client, "quokkafish")
    assert "Kerja sama Bogor <mark>quokkafish</mark>" in html and f"/r/{bandung.code}/" not in html
    client.force_login(overseer)
    html = _search(client, "quokkafish")
    assert "Kerja sama <mark>quokkafish</mark>" in html and "Kerja sama Bogor <mark>quokkafish</mark>" in html
    assert "Kota Bandung" in html and "Kabupaten Bogor" in html  # each result's region


def test_a_user_without_a_region_finds_nothing(client, dossier, bandung):
    from kembar.accounts.models import User

    client.force_login(User.objects.create_user(username="nobody", password="x-12345678"))
    assert "Tidak ditemukan" in _search(client, "quokkafish")


def test_markup_in_a_record_is_shown_as_text(staff_client, bandung, staff):
    make_cooperation(bandung, by=staff, ref="xss", title='<script>alert("x")</script> Proyek <b>sapphirine</b>')
    html = _search(staff_client, "sapphirine")
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Proyek &lt;b&gt;<mark>sapphirine</mark>&lt;/b&gt;" in html
    html = _search(staff_client, '<script>alert("sapphirine")')
    assert "<script>alert" not in html


def test_empty_short_and_long_queries_are_explained(staff_client, dossier, bandung):
    coop_link = f'href="/r/{bandung.code}/cooperations/'
    with translation.override("id"):
        assert "Ketik nama" in _search(staff_client, "")
        html = _search(staff_client, "ab")
        assert "terlalu pendek" in html and coop_link not in html
        html = _search(staff_client, "quokkafish " + "x" * 100)
        assert "terlalu panjang" in html and coop_link not in html
        # A short word beside a long one is left out, and said so.
        html = _search(staff_client, "di quokkafish")
        assert "Kerja sama <mark>quokkafish</mark>" in html and "Tidak diikutkan" in html


def test_query_is_capped_in_the_box(staff_client, dossier):
    html = _search(staff_client, "quokkafish")
    assert 'maxlength="100"' in html
    assert selectors.parse("x" * 101).problem == "too_long"
    assert selectors.parse("a b").problem == "too_short"
    assert selectors.parse("柳州").terms == (("cjk", "柳州|"),)


def test_results_are_paginated_by_kind(staff_client, bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="many")
    fill_dossier(coop, n=27)
    html = _search(staff_client, "Kegiatan")
    assert html.count('href="/r/32.73/activities/') == 5 and "kind=activities" in html
    first = _search(staff_client, "Kegiatan", kind="activities")
    assert first.count('href="/r/32.73/activities/') == 20 and "page=2" in first
    second = _search(staff_client, "Kegiatan", kind="activities", page=2)
    assert second.count('href="/r/32.73/activities/') == 7 and "page=3" not in second
    titles = {t for t in _found("Kegiatan", kind=index.ACTIVITY)}
    assert len(titles) == 20
    assert _search(staff_client, "Kegiatan", kind="activities", page="x")  # a bad page is the first


def test_queries_do_not_grow_with_results(staff_client, bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="few")
    fill_dossier(coop, n=2)
    few = queries_of(staff_client, reverse("search") + "?q=Kegiatan")
    fill_dossier(make_cooperation(bandung, by=staff, ref="more"), n=30)
    # PostgreSQL may ask twice more for a kind with few matches (selectors._postgres); never more with many.
    assert queries_of(staff_client, reverse("search") + "?q=Kegiatan") <= few


def test_rare_and_common_words_past_the_newest_entries(bandung, staff, monkeypatch):
    """PostgreSQL reads the newest entries first, then the trigram index: both find the same, newest first."""
    coop = make_cooperation(bandung, by=staff, ref="window")
    fill_dossier(coop, n=30)
    oldest = Activity.objects.filter(cooperation=coop).order_by("pk").first()
    services.activity_update(activity=oldest, by=staff, title="Kegiatan pertama heliotrope")
    wide = (_found("heliotrope"), _found("Kegiatan", kind=index.ACTIVITY))
    monkeypatch.setattr(selectors, "WINDOW", 4)
    assert (_found("heliotrope"), _found("Kegiatan", kind=index.ACTIVITY)) == wide
    assert wide[0] == ["Kegiatan pertama heliotrope"] and len(wide[1]) == 20
    page_two = selectors.search(
        query=selectors.parse("Kegiatan"), region_ids=[bandung.pk], kind=index.ACTIVITY, offset=20
    )
    assert [h.title for h in page_two][-1] == "Kegiatan pertama heliotrope"  # the oldest, last


def test_spreadsheet_import_fills_the_index(bandung, staff):
    from kembar.imports import columns as cols
    from kembar.imports.services import import_rows
    from kembar.imports.tests.helpers import csv_bytes

    make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung – Liuzhou")
    rows = [["Kerja Sama", "Tanggal", "Nama Kegiatan"], ["bandung-liuzhou", "2021", "Pameran dagang vexillology"]]
    result = import_rows(region=bandung, by=staff, kind=cols.ACTIVITIES, fileobj=io.BytesIO(csv_bytes(rows)), fmt="csv")
    assert result["created"] == 1, result
    assert _found("vexillology", region_ids=[bandung.pk]) == ["Pameran dagang vexillology"]


def test_rebuild_writes_what_the_writes_kept(liuzhou, dossier, staff):
    """The entries kept by every write equal those `kembar search rebuild` writes from scratch."""
    from django.core.management import call_command

    services.activity_delete(activity=dossier["act"], by=staff)
    kept = sorted(
        SearchEntry.objects.values_list(
            "id", "region_id", "kind", "record_id", "cooperation_id", "title", "text", "cjk"
        )
    )
    call_command("search", "rebuild", stdout=io.StringIO())
    rebuilt = sorted(
        SearchEntry.objects.values_list(
            "id", "region_id", "kind", "record_id", "cooperation_id", "title", "text", "cjk"
        )
    )
    assert rebuilt == kept and len(kept) > 20
    assert _found("masks") and _found("柳州")  # the database's own index follows the table


def test_box_is_in_every_page_header_for_logged_in_users(client, staff, bandung):
    response = client.get(reverse("login"))
    assert 'role="search"' not in response.content.decode()
    client.force_login(staff)
    html = client.get(reverse("cooperation_list", args=[bandung.code])).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert f'action="{reverse("search")}"' in header and 'name="q"' in header
