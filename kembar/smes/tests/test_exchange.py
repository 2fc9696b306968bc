"""Translations out and back: XLIFF 2.0 and XLSX round trips, all or nothing, errors per row."""

import io

import pytest
from defusedxml import ElementTree as SafeET
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kembar.smes import exchange, services
from kembar.smes.models import ProductText

pytestmark = pytest.mark.django_db
NS = {"x": exchange.NS}


@pytest.fixture
def two(product, sme, trade):
    second = services.product_create(
        sme=sme,
        by=trade,
        category="kerajinan",
        price_min=1,
        price_max=2,
        texts={"id": {"name": "Tas anyaman", "short": "Tas dari mendong", "status": "reviewed"}},
    )
    return product, second


def _upload(data: bytes, name="ko.xlf"):
    return SimpleUploadedFile(name, data)


def _texts(language="ko"):
    return sorted(ProductText.objects.filter(language=language).values_list("product_id", "name", "short", "status"))


def test_xliff_is_version_2_with_source_and_states(bandung, two):
    root = SafeET.fromstring(exchange.export_xliff(bandung, "ko"))
    assert root.tag == f"{{{exchange.NS}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "id", "ko")
    units = root.findall(".//x:unit", NS)
    assert [u.get("id") for u in units] == [exchange.product_number(p.pk) for p in two]
    segment = units[1].find("x:segment[@id='name']", NS)
    assert segment.find("x:source", NS).text == "Tas anyaman" and segment.get("state") == "initial"
    assert "kembar/" not in exchange.export_xliff(bandung, "ko").decode()  # no path or internal key


def _fill_xliff(data: bytes, texts: dict[int, dict], state: str = "reviewed") -> bytes:
    """What a translator's tool does to the export: fill the targets of these products, set their state."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", exchange.NS)
    root = ET.fromstring(data)
    for unit in root.iter(f"{{{exchange.NS}}}unit"):
        wanted = texts.get(int(unit.get("id")[2:]))
        if not wanted:
            continue
        for segment in unit.iter(f"{{{exchange.NS}}}segment"):
            target = segment.find(f"{{{exchange.NS}}}target")
            if target is None:
                target = ET.SubElement(segment, f"{{{exchange.NS}}}target")
            target.text = wanted.get(segment.get("id"), target.text or "")
            segment.set("state", state)
    return ET.tostring(root, encoding="utf-8")


def test_xliff_round_trip(bandung, two, translator):
    texts = {
        two[0].pk: {"name": "니트 스웨터", "short": "손뜨개"},
        two[1].pk: {"name": "라탄 가방", "short": "멘동 가방"},
    }
    filled = _fill_xliff(exchange.export_xliff(bandung, "ko"), texts)
    outcome = exchange.import_texts(
        region=bandung, language="ko", by=translator, upload=_upload(filled), may_review=True
    )
    assert outcome.errors == [] and outcome.saved == 2
    assert _texts() == [
        (two[0].pk, "니트 스웨터", "손뜨개", "reviewed"),
        (two[1].pk, "라탄 가방", "멘동 가방", "reviewed"),
    ]
    assert services.product_ready_for(two[1], ["id", "ko"]) == []
    # Exported again: nothing awaits in Korean, and the same file again changes nothing.
    assert SafeET.fromstring(exchange.export_xliff(bandung, "ko")).findall(".//x:unit", NS) == []
    again = exchange.import_texts(region=bandung, language="ko", by=translator, upload=_upload(filled), may_review=True)
    assert again.saved == 0 and again.errors == []


def test_reviewed_in_a_file_is_draft_for_who_may_not_review(bandung, two, owner):
    filled = _fill_xliff(exchange.export_xliff(bandung, "ko"), {two[0].pk: {"name": "스웨터"}})
    outcome = exchange.import_texts(region=bandung, language="ko", by=owner, upload=_upload(filled), may_review=False)
    assert outcome.errors == []
    assert ProductText.objects.get(product=two[0], language="ko").status == "draft"


def test_xliff_with_a_bad_unit_changes_nothing(bandung, bogor, two, translator, trade):
    from kembar.accounts.models import Role
    from kembar.testing import make_member

    # A product of another region, named in the file: refused with the rest.
    bogor_staff = make_member("bogor-dagang", bogor, Role.TRADE_STAFF)
    bogor_sme = services.sme_create(region=bogor, by=bogor_staff, name="Talas Bogor", owner_name="A")
    foreign = services.product_create(
        sme=bogor_sme, by=bogor_staff, category="makanan_minuman", price_min=1, price_max=2
    )
    data = _fill_xliff(exchange.export_xliff(bandung, "ko"), {two[0].pk: {"name": "니트 스웨터"}}, "translated")
    data = data.replace(
        f'<unit id="{exchange.product_number(two[1].pk)}">'.encode(),
        f'<unit id="{exchange.product_number(foreign.pk)}">'.encode(),
    )
    before = _texts()
    outcome = exchange.import_texts(region=bandung, language="ko", by=translator, upload=_upload(data), may_review=True)
    assert outcome.saved == 0
    assert [e["row"] for e in outcome.errors] == [exchange.product_number(foreign.pk)]
    assert _texts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not xml at all", "Berkas ini bukan berkas XLIFF yang dapat dibaca Kembar: terputus di baris 1, karakter 1."),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "Berkas ini bukan berkas XLIFF yang dapat dibaca Kembar: berkas menyatakan jenis dokumen atau entitas, "
            "yang tidak dibaca Kembar.",
        ),
        (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "Berkas ini bukan XLIFF 2.0."),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="id" trgLang="ja"/>',
            "Berkas ini untuk bahasa ja, bukan ko.",
        ),
    ],
    ids=["garbage", "entities", "xliff-1.2", "other-language"],
)
def test_unreadable_files_are_refused_with_a_message_in_the_readers_language(bandung, two, translator, data, message):
    with translation.override("id"), pytest.raises(ValidationError) as exc:
        exchange.import_texts(region=bandung, language="ko", by=translator, upload=_upload(data), may_review=True)
    assert exc.value.messages == [message]


def _fill_xlsx(data: bytes, rows: dict[int, dict]) -> bytes:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for row, values in rows.items():
        for column, value in values.items():
            ws.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_round_trip(bandung, two, translator):
    data = exchange.export_xlsx(bandung, "ja")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == exchange.product_number(two[0].pk) and rows[2][2] == "Tas anyaman"
    filled = _fill_xlsx(
        data, {2: {6: "ニットセーター", 9: "reviewed"}, 3: {6: "籐のバッグ", 7: "メンドンのバッグ", 9: "draft"}}
    )
    outcome = exchange.import_texts(
        region=bandung, language="ja", by=translator, upload=_upload(filled, "ja.xlsx"), may_review=True
    )
    assert outcome.errors == [] and outcome.saved == 2
    assert _texts("ja") == [
        (two[0].pk, "ニットセーター", "", "reviewed"),
        (two[1].pk, "籐のバッグ", "メンドンのバッグ", "draft"),
    ]


def test_xlsx_with_a_bad_row_changes_nothing_and_names_the_rows(bandung, two, translator):
    data = exchange.export_xlsx(bandung, "ja")
    filled = _fill_xlsx(
        data,
        {
            2: {6: "ニットセーター", 9: "reviewed"},  # fine
            3: {6: "", 9: "reviewed"},  # reviewed without a name
            4: {1: "P-99999", 6: "x", 9: "draft"},  # no such product
        },
    )
    before = _texts("ja")
    outcome = exchange.import_texts(
        region=bandung, language="ja", by=translator, upload=_upload(filled, "ja.xlsx"), may_review=True
    )
    assert outcome.saved == 0
    assert [e["row"] for e in outcome.errors] == ["3", "4"]
    assert _texts("ja") == before


def test_import_page_lists_the_problems(client, bandung, two, translator):
    data = _fill_xlsx(exchange.export_xlsx(bandung, "ja"), {2: {6: "x" * 200, 9: "draft"}})
    client.force_login(translator)
    response = client.post(reverse("smes_import", args=["32.73", "ja"]), {"file": _upload(data, "ja.xlsx")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<td>2</td>" in html and "200" in html
    assert _texts("ja")[0][1] == ""


def test_export_downloads(client, two, translator):
    client.force_login(translator)
    response = client.get(reverse("smes_export", args=["32.73", "ko", "xlf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/xliff+xml"
    assert b"Tas anyaman" in response.content
