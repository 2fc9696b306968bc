"""Activities: the services and their rules, the quick-add form, the lists, evidence files, case files."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from kembar.cooperations import services
from kembar.cooperations.activities import activity_problems, outcomes_from_lines, outcomes_to_lines
from kembar.cooperations.casefile import CaseFileError, export, import_files, parse
from kembar.cooperations.models import Activity, ActivityFile, Source
from kembar.core.dates import DateSpec
from kembar.testing import TINY_PDF, make_cooperation, pdf_upload, queries_of

from .test_casefile import EXAMPLE

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\0" * 32


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coop(bandung, staff):
    return make_cooperation(
        bandung, ref="bandung-liuzhou", title="Bandung–Liuzhou", by=staff, fields=["Pendidikan", "Pariwisata"]
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def url(name, region, **kw):
    return reverse(name, kwargs={"code": region.code, **kw})


def good(**over):
    fields = {
        "date": "2019-10",
        "title": "Painting exhibition in Liuzhou",
        "kind": "exhibition",
        "host": "partner",
        "initiated_by": "partner",
        "beneficiary": "both",
        "participants": ["education", "youth"],
        "participant_counts": {"youth": 40},
        "budget_region": Decimal("25000000"),
        "currency": "IDR",
        "outcomes": [{"text": "Pupils' works shown abroad", "tangible": "direct"}],
    }
    return {**fields, **over}


# --- Services -------------------------------------------------------------------------------


def test_create_records_every_field_and_history(coop, staff):
    a = services.activity_create(cooperation=coop, by=staff, **good(end="2019-11", budget_partner=Decimal("1500.50")))
    a.refresh_from_db()
    assert (str(a.date), str(a.end), a.kind, a.host) == ("2019-10", "2019-11", "exhibition", "partner")
    assert a.participants == ["education", "youth"] and a.participant_counts == {"youth": 40}
    assert (a.budget_region, a.budget_partner, a.currency) == (Decimal("25000000"), Decimal("1500.50"), "IDR")
    assert a.date_sort == dt.date(2019, 10, 1) and a.region_id == coop.region_id
    assert a.history.get().history_user == staff
    second = services.activity_create(cooperation=coop, by=staff, date="2020", title="Next")
    assert second.position == a.position + 1 and second.currency == "IDR"


def test_partial_dates_and_ranges_are_kept(coop, staff):
    a = services.activity_create(cooperation=coop, by=staff, date="2006-09-21/2011-01-01", title="Exchange")
    a.refresh_from_db()
    assert a.date.is_range and str(a.date) == "2006-09-21/2011-01-01"


def test_update_delete_restore(coop, staff):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    services.activity_update(activity=a, by=staff, title="Renamed", budget_region=Decimal("0"))
    a.refresh_from_db()
    assert (a.title, a.budget_region) == ("Renamed", Decimal("0"))
    services.activity_delete(activity=a, by=staff)
    assert not Activity.objects.filter(pk=a.pk).exists()
    services.activity_restore(activity=Activity.all_objects.get(pk=a.pk), by=staff)
    assert Activity.objects.filter(pk=a.pk).exists()
    assert [h.history_change_reason for h in a.history.order_by("history_id")][-2:] == ["deleted", "restored"]


def test_unknown_fields_and_foreign_sources_are_refused(coop, staff, bandung):
    with pytest.raises(TypeError):
        services.activity_create(cooperation=coop, by=staff, title="x", region=bandung)
    other = make_cooperation(bandung, ref="other", by=staff)
    src = Source.objects.create(region=bandung, cooperation=other, key="s", cite="Elsewhere")
    with pytest.raises(ValueError):
        services.activity_create(cooperation=coop, by=staff, title="x", date="2020", source=src)
    assert not Activity.objects.exists()


TOO_LATE = str(timezone.localdate().year + 6)
BAD = [
    ({"end": "2019-09"}, "end", "before the start"),
    ({"budget_region": Decimal("-1")}, "budget_region", "cannot be negative"),
    ({"budget_partner": Decimal("-0.01")}, "budget_partner", "cannot be negative"),
    ({"participants": ["students"]}, "participants", "“students”: not a sector"),
    ({"participant_counts": {"business": 3}}, "participant_counts", "business is not among the participants"),
    ({"participant_counts": {"media": 3}}, "participant_counts", "“media” is not a sector"),
    ({"participant_counts": {"youth": -5}}, "participant_counts", "whole number, 0 or more"),
    ({"currency": ""}, "currency", "Give the currency of the budget"),
    ({"currency": "XYZ"}, "currency", "not an ISO 4217 currency code"),
    ({"date": "1945-08-16"}, "date", "before the Republic of Indonesia existed"),
    ({"date": "1930", "end": "1931"}, "date", "before the Republic of Indonesia existed"),
    ({"date": TOO_LATE}, "date", "more than 5 years from today"),
    ({"end": TOO_LATE}, "end", "more than 5 years from today"),
]


@pytest.mark.parametrize("over, field, message", BAD, ids=[b[1] + "-" + b[2][:20] for b in BAD])
def test_bad_input_is_refused_and_nothing_is_saved(coop, staff, english, over, field, message):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(cooperation=coop, by=staff, **good(**over))
    assert message in " ".join(exc.value.message_dict[field])
    assert not Activity.all_objects.exists() and not Activity.history.exists()


@pytest.mark.parametrize("over, field, message", BAD, ids=[b[1] + "-" + b[2][:20] for b in BAD])
def test_bad_update_changes_nothing(coop, staff, english, over, field, message):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    before = Activity.objects.filter(pk=a.pk).values().get()
    with pytest.raises(ValidationError):
        services.activity_update(activity=a, by=staff, **over)
    assert Activity.objects.filter(pk=a.pk).values().get() == before
    assert a.history.count() == 1


def test_dates_are_refused_only_when_certainly_out_of_bounds():
    today = dt.date(2025, 6, 1)
    ok = [DateSpec.parse("1945"), DateSpec.parse("1945-08"), DateSpec.parse({"before": 2030}), DateSpec.parse("2030")]
    for value in ok:
        assert activity_problems(date=value, today=today) == {}, value
    assert "date" in activity_problems(date=DateSpec.parse({"before": "1945-08-16"}), today=today)
    assert "date" in activity_problems(date=DateSpec.parse("2031"), today=today)
    # An end that may fall on the start day is not "before" it.
    assert activity_problems(date=DateSpec.parse("2019-10"), end=DateSpec.parse("2019-10-01"), today=today) == {}


def test_outcome_lines_round_trip():
    lines = ["direct: Zoo agreement signed", "Indirect: pupils trained", "Reported in: the press"]
    outcomes = outcomes_from_lines(lines)
    assert outcomes == [
        {"text": "Zoo agreement signed", "tangible": "direct"},
        {"text": "pupils trained", "tangible": "indirect"},
        {"text": "Reported in: the press"},
    ]
    assert outcomes_from_lines(outcomes_to_lines(outcomes)) == outcomes


# --- Evidence files -------------------------------------------------------------------------


def test_evidence_files_are_all_kept(coop, staff):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    first = services.activity_file_add(activity=a, by=staff, upload=pdf_upload("report.pdf"), caption="Report")
    photo = services.activity_file_add(
        activity=a, by=staff, upload=SimpleUploadedFile("p.png", PNG, content_type="image/png")
    )
    again = services.activity_file_add(activity=a, by=staff, upload=pdf_upload("report.pdf", TINY_PDF + b"%v2\n"))
    files = list(a.files.all())
    assert [f.pk for f in files] == [first.pk, photo.pk, again.pk]
    assert first.file.name != again.file.name and first.sha256 != again.sha256
    assert first.file.open("rb").read() == TINY_PDF
    assert (photo.content_type, photo.is_photo, first.is_photo, first.caption) == ("image/png", True, False, "Report")
    assert first.history.get().history_user == staff


def test_evidence_of_a_bad_type_or_size_is_refused(coop, staff, english, settings):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    with pytest.raises(ValidationError, match="not accepted"):
        services.activity_file_add(activity=a, by=staff, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00" * 100))
    settings.KEMBAR_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", TINY_PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        services.activity_file_add(activity=a, by=staff, upload=big)
    assert not ActivityFile.objects.exists()


def test_evidence_upload_and_download_through_the_screens(staff_client, coop, staff, bandung):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    page = url("activity_detail", bandung, pk=a.pk)
    bad = staff_client.post(page, {"upload": SimpleUploadedFile("x.png", b"not an image")})
    assert bad.status_code == 200 and "This file type is not accepted" in bad.content.decode()
    assert not ActivityFile.objects.exists()
    response = staff_client.post(page, {"upload": pdf_upload("daftar-hadir.pdf"), "caption": "Attendance"})
    assert response.status_code == 302
    f = ActivityFile.objects.get()
    html = staff_client.get(page).content.decode()
    assert "daftar-hadir.pdf" in html and "Attendance" in html
    download = staff_client.get(url("activity_file_download", bandung, pk=f.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == TINY_PDF
    services.activity_delete(activity=a, by=staff)
    assert staff_client.get(url("activity_file_download", bandung, pk=f.pk)).status_code == 404


# --- Quick add and edit ---------------------------------------------------------------------


def test_quick_add_in_one_post_with_six_fields(staff_client, coop, bandung):
    response = staff_client.post(
        url("activity_create", bandung, ref=coop.ref),
        {
            "date": "2018",
            "title": "BELIEF youth leadership programme",
            "kind": "event",
            "initiated_by": "region",
            "beneficiary": "both",
            "host": "region",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url("cooperation_detail", bandung, ref=coop.ref), 302)]
    assert "Activity “BELIEF youth leadership programme” recorded." in response.content.decode()
    a = Activity.objects.get()
    assert (str(a.date), a.kind, a.initiated_by, a.beneficiary, a.host) == ("2018", "event", "region", "both", "region")
    assert (a.participants, a.participant_counts, a.outcomes, a.currency, a.budget_region) == ([], {}, [], "IDR", None)


def test_quick_add_with_details_and_evidence(staff_client, coop, bandung, staff):
    src = Source.objects.create(region=bandung, cooperation=coop, key="saraswati", cite="Saraswati 2022")
    response = staff_client.post(
        url("activity_create", bandung, ref=coop.ref),
        {
            "date": "2006-09-21/2011-01-01",
            "title": "Student exchange",
            "kind": "exchange",
            "participants": ["education", "youth"],
            "end": "",
            "field": "Pendidikan",
            "count_youth": "12",
            "community_in_planning": "true",
            "budget_region": "15000000",
            "budget_partner": "20000",
            "currency": "CNY",
            "outcomes-0-text": "no later report of its impact exists",
            "outcomes-0-tangible": "indirect",
            "evidence": pdf_upload("laporan.pdf"),
            "source": src.pk,
        },
    )
    assert response.status_code == 302
    a = Activity.objects.get()
    assert (a.field, a.participant_counts, a.community_in_planning) == ("Pendidikan", {"youth": 12}, True)
    assert (a.budget_region, a.budget_partner, a.currency) == (Decimal("15000000"), Decimal("20000"), "CNY")
    assert a.outcomes == [{"text": "no later report of its impact exists", "tangible": "indirect"}]
    assert a.source_id == src.pk and a.files.get().original_name == "laporan.pdf"


@pytest.mark.parametrize(
    "over, message",
    [
        ({"end": "2019"}, "The end date (2019) is before the start (October 2020)."),
        ({"budget_region": "-5"}, "The budget cannot be negative."),
        ({"budget_region": "5", "currency": ""}, "Give the currency of the budget."),
        ({"participants": ["students"]}, "Select a valid choice."),
        ({"count_business": "3"}, "business is not among the participants"),
        ({"date": "1900"}, "before the Republic of Indonesia existed"),
        ({"date": "2019-13"}, "is not a date: there is no month 13"),
        ({"evidence": SimpleUploadedFile("x.pdf", b"plain text")}, "This file type is not accepted"),
    ],
)
def test_quick_add_bad_input_shows_the_message_and_saves_nothing(staff_client, coop, bandung, over, message):
    data = {"date": "2020-10", "title": "Visit", "kind": "delegation_visit", **over}
    response = staff_client.post(url("activity_create", bandung, ref=coop.ref), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.all_objects.exists() and not ActivityFile.objects.exists()


def test_quick_add_form_is_short_and_labelled(staff_client, coop, bandung):
    html = staff_client.get(url("activity_create", bandung, ref=coop.ref)).content.decode()
    html = html[html.index("<main") :]  # the form, not the header (whose menu is a <details> too)
    head, _sep, more = html.partition("<details")
    for name in ("date", "title", "kind", "initiated_by", "beneficiary", "host"):
        assert f'<label for="id_{name}">' in head
    assert "<legend>Sectors taking part</legend>" in head and 'name="participants"' in head
    for name in ("end", "field", "budget_region", "currency", "evidence", "source", "count_youth"):
        assert f'<label for="id_{name}">' in more, name
    assert "<legend>Outcomes</legend>" in more and '<label for="id_outcomes-0-text">' in more
    assert "Budget of Kota Bandung" in more and "Budget of Mitra bandung-liuzhou" in more
    assert '<option value="Pendidikan">' in more


def test_the_activity_forms_currencies_are_named_in_the_page_language(staff_client, coop, bandung):
    staff_client.cookies["django_language"] = "id"
    html = staff_client.get(url("activity_create", bandung, ref=coop.ref)).content.decode()
    assert '<option value="KPW">KPW — Won Korea Utara</option>' in html and "North Korean Won" not in html
    staff_client.cookies["django_language"] = "en"
    html = staff_client.get(url("activity_create", bandung, ref=coop.ref)).content.decode()
    assert '<option value="KPW">KPW — North Korean Won</option>' in html


def test_edit_changes_only_what_changed(staff_client, coop, bandung, staff):
    a = services.activity_create(
        cooperation=coop,
        by=staff,
        **good(host="unknown", kind="unspecified", outcomes=[{"text": "x", "tangible": "direct", "note": "kept"}]),
    )
    page = url("activity_edit", bandung, pk=a.pk)
    form = staff_client.get(page).context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, "")}
    data.update(title="Painting exhibition (corrected)", date=str(data["date"]))
    for i, (text, tangible) in enumerate(data.pop("outcomes")):  # as the rows post them
        data.update({f"outcomes-{i}-text": text, f"outcomes-{i}-tangible": tangible})
    response = staff_client.post(page, data)
    assert response.status_code == 302, response.context["form"].errors
    a.refresh_from_db()
    assert a.title == "Painting exhibition (corrected)"
    assert a.outcomes == [{"text": "x", "tangible": "direct", "note": "kept"}]  # untouched: not changed
    assert (a.host, a.participant_counts, a.budget_region) == ("unknown", {"youth": 40}, Decimal("25000000"))
    assert a.history.first().history_user == staff
    bad = staff_client.post(page, {**data, "end": "2019-01"})
    assert "before the start" in bad.content.decode()
    a.refresh_from_db()
    assert a.end is None


def test_delete_goes_to_the_trash_and_restores(staff_client, coop, bandung, staff):
    a = services.activity_create(cooperation=coop, by=staff, **good())
    assert staff_client.post(url("activity_delete", bandung, pk=a.pk)).status_code == 302
    assert not Activity.objects.exists()
    assert staff_client.get(url("activity_detail", bandung, pk=a.pk)).status_code == 404
    trash = staff_client.get(url("trash", bandung)).content.decode()
    assert "Painting exhibition in Liuzhou" in trash
    restore = url("trash_restore", bandung, kind="activity", pk=a.pk)
    assert restore in trash
    assert staff_client.post(restore)["Location"] == url("activity_list", bandung, ref=coop.ref)
    assert Activity.objects.filter(pk=a.pk).exists()


# --- Lists ----------------------------------------------------------------------------------


@pytest.fixture
def activities(coop, staff, bandung):
    other = make_cooperation(bandung, ref="bandung-suwon", title="Bandung–Suwon", country="KR", by=staff)
    make = services.activity_create
    make(cooperation=coop, by=staff, **good(title="A-exhibition"))
    make(
        cooperation=coop,
        by=staff,
        date="2008",
        title="B-training",
        kind="training",
        field="Pendidikan",
        host="partner",
        initiated_by="region",
        beneficiary="region",
        participants=["government"],
        community_in_planning=False,
    )
    make(cooperation=coop, by=staff, date="2011", title="C-unspecified", kind="unspecified", community_in_planning=True)
    make(cooperation=other, by=staff, date="2015-05", title="D-suwon-visit", kind="delegation_visit", host="region")
    return coop, other


FILTERS = [
    ({}, "BCA"),
    ({"year": "2008"}, "B"),
    ({"kind": "training"}, "B"),
    ({"field": "Pendidikan"}, "B"),
    ({"host": "partner"}, "BA"),
    ({"initiated_by": "partner"}, "A"),
    ({"beneficiary": "region"}, "B"),
    ({"sector": "youth"}, "A"),
    ({"sector": "government"}, "B"),
    ({"community_in_planning": "yes"}, "C"),
    ({"community_in_planning": "no"}, "B"),
    ({"community_in_planning": "unknown"}, "A"),
    ({"sort": "-date"}, "ACB"),
]


def _titles(html: str) -> str:
    return "".join(t for t in "ABCD" if f"{t}-" in html)


def _ordered(html: str) -> str:
    found = {t: html.index(f">{t}-") for t in "ABCD" if f">{t}-" in html}
    return "".join(sorted(found, key=found.get))


@pytest.mark.parametrize("query, expected", FILTERS)
def test_cooperation_list_filters(staff_client, activities, bandung, query, expected):
    coop, _other = activities
    html = staff_client.get(url("activity_list", bandung, ref=coop.ref), query).content.decode()
    assert _ordered(html) == expected


def test_region_list_has_every_cooperation_and_a_cooperation_filter(staff_client, activities, bandung):
    page = lambda **q: staff_client.get(url("activity_region_list", bandung), q).content.decode()  # noqa: E731
    assert _ordered(page()) == "BCDA" and "Bandung–Suwon" in page()
    assert _titles(page(cooperation="bandung-suwon")) == "D"
    assert _titles(page(host="region")) == "D"
    assert _titles(page(kind="nothing")) == "" and "No activity matches." in page(kind="nothing")


def test_lists_leave_out_deleted_cooperations_and_other_regions(staff_client, activities, bandung, bogor, staff):
    coop, other = activities
    services.cooperation_delete(cooperation=other, by=staff)
    bogor_coop = make_cooperation(bogor, ref="bogor-nanning", by=staff)
    services.activity_create(cooperation=bogor_coop, by=staff, date="2016", title="X-bogor")
    html = staff_client.get(url("activity_region_list", bandung)).content.decode()
    assert _titles(html) == "ABC" and "X-bogor" not in html


def test_list_query_counts_do_not_grow(staff_client, coop, bandung, staff):
    services.activity_create(cooperation=coop, by=staff, **good())
    paths = [url("activity_list", bandung, ref=coop.ref), url("activity_region_list", bandung)]
    few = [queries_of(staff_client, p) for p in paths]
    src = Source.objects.create(region=bandung, cooperation=coop, key="s", cite="Uji")
    rows = [
        Activity(
            region=bandung,
            cooperation=coop,
            source=src,
            date=DateSpec.parse(f"{2000 + i % 20}"),
            date_sort=dt.date(2000 + i % 20, 1, 1),
            title=f"Kegiatan {i}",
            kind=["training", "exchange", "aid"][i % 3],
            field="Pendidikan",
            participants=["youth"],
            position=i + 1,
        )
        for i in range(300)
    ]
    for a in Activity.objects.bulk_create(rows)[:40]:
        services.activity_file_add(activity=a, by=staff, upload=pdf_upload())
    many = [queries_of(staff_client, p) for p in paths]
    assert few == many
    filtered = url("activity_list", bandung, ref=coop.ref) + "?kind=training&sector=youth&year=2005&sort=-date"
    assert queries_of(staff_client, filtered) == many[0]


def test_dossier_links_to_activities(staff_client, coop, bandung, client, ref_data):
    html = staff_client.get(url("cooperation_detail", bandung, ref=coop.ref)).content.decode()
    assert url("activity_list", bandung, ref=coop.ref) in html and url("activity_create", bandung, ref=coop.ref) in html


# --- Case files -----------------------------------------------------------------------------

BUDGETED = """  - date: 2018
    title: BELIEF, held by the Bandung government
    kind: event
    host: region
    initiated_by: region
    beneficiary: both
    participants: [youth, community]
    participant_counts: {youth: 25}
    budget_region: 150000000
    budget_partner: 12500.75
    currency: IDR
    source: saraswati
  - date: 2019
    title: Liuzhou pays for a return visit
    budget_partner: 80000
    currency: CNY
    source: saraswati
"""


def _with_budgets() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    marker = "activities:\n"
    assert marker in text
    return text.replace(marker, marker + BUDGETED, 1)


@pytest.mark.django_db
def test_case_file_round_trip_with_the_new_keys(tmp_path, regions_and_countries, english):
    path = tmp_path / "case.yaml"
    path.write_text(_with_budgets(), encoding="utf-8")
    [coop] = import_files([path])
    first = export(coop)
    data = yaml.safe_load(first)
    belief, visit = data["activities"][0], data["activities"][1]
    assert belief["participant_counts"] == {"youth": 25}
    assert (belief["budget_region"], belief["budget_partner"], belief["currency"]) == (150000000, 12500.75, "IDR")
    assert (visit["budget_partner"], visit["currency"]) == (80000, "CNY")
    # An activity without a budget says nothing about money in the export.
    assert all("currency" not in a and "budget_region" not in a for a in data["activities"][2:])

    def values(case):
        return {k: v for k, v in vars(case).items() if k not in ("filename", "lines")}

    assert values(parse(first, filename="export")) == values(parse(_with_budgets(), filename="original"))
    again = tmp_path / "again.yaml"
    again.write_text(first, encoding="utf-8")
    import_files([again])
    assert export(coop) == first
    a = Activity.objects.get(cooperation=coop, title="BELIEF, held by the Bandung government")
    assert (a.budget_partner, a.participant_counts) == (Decimal("12500.75"), {"youth": 25})


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        ("budget_region: 150000000", "budget_region: -1", "budget_region", "The budget cannot be negative."),
        ("budget_region: 150000000", "budget_region: lots", "budget_region", "expected a number"),
        ("budget_partner: 12500.75", "budget_partner: 1.125", "budget_partner", "at most 2 decimal places"),
        ("currency: CNY", "currency: XXQ", "currency", "not an ISO 4217 currency code"),
        ("participants: [youth, community]", "participants: [youth, press]", "participants", "“press”: not a sector"),
        ("participant_counts: {youth: 25}", "participant_counts: {ngo: 2}", "participant_counts", "not among"),
        ("  - date: 2018\n", "  - date: 1920\n", "date", "before the Republic of Indonesia existed"),
    ],
)
def test_case_file_bad_activity_keys_name_the_line(old, new, key, message, english):
    text = _with_budgets()
    assert old in text
    bad = text.replace(old, new, 1)
    with pytest.raises(CaseFileError) as exc:
        parse(bad, filename="case.yaml")
    [problem] = exc.value.messages
    line = next(i for i, row in enumerate(bad.splitlines(), 1) if new.strip() in row)
    index = 1 if old == "currency: CNY" else 0
    assert problem.startswith(f"case.yaml:{line}: activities[{index}].{key}: "), problem
    assert message in problem


@pytest.mark.django_db
def test_reimport_never_loses_evidence(tmp_path, regions_and_countries, english):
    path = tmp_path / "case.yaml"
    path.write_text(_with_budgets(), encoding="utf-8")
    [coop] = import_files([path])
    belief = Activity.objects.get(cooperation=coop, title="BELIEF, held by the Bandung government")
    visit = Activity.objects.get(cooperation=coop, title="Liuzhou pays for a return visit")
    for a in (belief, visit):
        services.activity_file_add(activity=a, by=None, upload=pdf_upload("laporan.pdf"))
    count = Activity.objects.filter(cooperation=coop).count()

    import_files([path])  # the same file again: both stay, in place, with their files
    assert Activity.objects.filter(cooperation=coop).count() == count
    assert Activity.objects.get(pk=belief.pk).files.count() == 1

    path.write_text(_with_budgets().replace("Liuzhou pays for a return visit", "A return visit"), encoding="utf-8")
    import_files([path])  # no longer listed: moved to the trash with its evidence, not erased
    gone = Activity.all_objects.get(pk=visit.pk)
    assert gone.is_deleted and gone.files.count() == 1 and ActivityFile.objects.count() == 2
    assert Activity.objects.filter(cooperation=coop, title="A return visit").exists()
    assert Activity.objects.get(pk=belief.pk).position == 0


# --- Outcomes as rows -------------------------------------------------------------------------


def _rows(*rows):
    """Outcome rows as the form posts them."""
    return {f"outcomes-{i}-{key}": row[j] for i, row in enumerate(rows) for j, key in enumerate(("text", "tangible"))}


def test_outcome_rows_round_trip_add_and_remove(staff_client, coop, bandung, staff):
    stored = [{"text": "Sister-school agreement signed", "tangible": "direct"}, {"text": "Closer ties"}]
    a = services.activity_create(cooperation=coop, by=staff, **good(outcomes=stored))
    page = url("activity_edit", bandung, pk=a.pk)
    staff_client.cookies["django_language"] = "id"
    html = staff_client.get(page).content.decode()
    # Each stored outcome is a row (text + its kind), followed by empty rows to add more without JavaScript.
    assert 'name="outcomes-0-text" id="id_outcomes-0-text" value="Sister-school agreement signed"' in html
    assert '<option value="direct" selected>Langsung: hasil nyata</option>' in html
    assert 'name="outcomes-1-text" id="id_outcomes-1-text" value="Closer ties"' in html
    assert 'name="outcomes-3-text" id="id_outcomes-3-text" value=""' in html
    assert "direct:" not in html  # no English prefixes to type
    form = staff_client.get(page).context["form"]
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v not in (None, "", [])}
    data["date"] = str(data.pop("outcomes") and data["date"])
    # The second row emptied (removed), a new one added in an empty row, its kind chosen.
    data.update(_rows(("Sister-school agreement signed", "direct"), ("", ""), ("Teachers trained", "indirect")))
    response = staff_client.post(page, data)
    assert response.status_code == 302, response.context["form"].errors
    a.refresh_from_db()
    assert a.outcomes == [
        {"text": "Sister-school agreement signed", "tangible": "direct"},
        {"text": "Teachers trained", "tangible": "indirect"},
    ]


def test_outcome_rows_on_a_new_activity(staff_client, coop, bandung):
    data = {"date": "21/9/2020", "title": "Visit", **_rows(("MoU drafted", "direct"), ("Friendship", ""))}
    assert staff_client.post(url("activity_create", bandung, ref=coop.ref), data).status_code == 302
    assert Activity.objects.get().outcomes == [{"text": "MoU drafted", "tangible": "direct"}, {"text": "Friendship"}]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("Agreement", "tangible"), "Hasil 1: pilih langsung atau tidak langsung."),
        (("", "direct"), "Hasil 1: tulis apa hasil kegiatan ini, atau kosongkan barisnya."),
    ],
)
def test_a_bad_outcome_row_says_which_and_why(staff_client, coop, bandung, row, message):
    staff_client.cookies["django_language"] = "id"
    response = staff_client.post(
        url("activity_create", bandung, ref=coop.ref), {"date": "2020", "title": "Visit", **_rows(row)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_the_activity_page_writes_its_budgets_as_money(coop, staff, staff_client, bandung):
    """ "Rp 25.000.000" in Indonesian ("Rp 25,000,000" in English) and "USD 1.500,50", not the stored
    "IDR 25000000.00"."""
    rupiah = services.activity_create(cooperation=coop, by=staff, **good())
    dollars = services.activity_create(
        cooperation=coop, by=staff, **good(title="Study visit", currency="USD", budget_partner=Decimal("1500.50"))
    )
    staff_client.cookies["django_language"] = "id"
    html = staff_client.get(url("activity_detail", bandung, pk=rupiah.pk)).content.decode()
    assert "Kota Bandung: Rp 25.000.000" in html and "25000000" not in html
    html = staff_client.get(url("activity_detail", bandung, pk=dollars.pk)).content.decode()
    assert "USD 1.500,50" in html
    staff_client.cookies["django_language"] = "en"
    html = staff_client.get(url("activity_detail", bandung, pk=rupiah.pk)).content.decode()
    assert "Kota Bandung: Rp 25,000,000" in html
