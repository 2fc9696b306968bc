"""Dates as people type them into a form (dates.parse_input, the DateSpecFormField and its calendar)."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kembar.core.dates import MONTH_WORDS, TYPED_YEARS, DateError, DateSpec, parse_input
from kembar.core.fields import DateSpecFormField

ACCEPTED = "31/12/2024, 21 September 2006, Sept 2006, 2006 atau 2006-09-21"


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("31/12/2024", "2024-12-31", "day"),
        ("1/2/2024", "2024-02-01", "day"),
        ("31-12-2024", "2024-12-31", "day"),
        ("31.12.2024", "2024-12-31", "day"),
        ("21 September 2006", "2006-09-21", "day"),
        ("21 Sept 2006", "2006-09-21", "day"),
        ("21 sept. 2006", "2006-09-21", "day"),
        ("21-Sep-2006", "2006-09-21", "day"),
        ("September 21, 2006", "2006-09-21", "day"),
        ("17 Agustus 1945", "1945-08-17", "day"),
        ("Sept 2006", "2006-09", "month"),
        ("September 2006", "2006-09", "month"),
        ("  september   2006 ", "2006-09", "month"),
        ("Okt 2019", "2019-10", "month"),
        ("Nopember 2001", "2001-11", "month"),
        ("12/2024", "2024-12", "month"),
        ("2006", "2006", "year"),
        ("2006-09-21", "2006-09-21", "day"),
        ("2006-09", "2006-09", "month"),
        ("2006-9-1", "2006-09-01", "day"),
    ],
)
def test_each_accepted_form_keeps_its_precision(typed, stored, precision):
    spec = parse_input(typed)
    assert str(spec) == stored
    assert spec.precision == precision
    assert spec == DateSpec.parse(stored)  # the same value a case file gives


@pytest.mark.parametrize(
    ("word", "month"),
    [
        *[(w, m) for m, w in enumerate(["Januari", "Februari", "Maret", "April", "Mei", "Juni"], 1)],
        *[(w, m) for m, w in enumerate(["Juli", "Agustus", "September", "Oktober", "November", "Desember"], 7)],
        *[(w, m) for m, w in enumerate(["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul"], 1)],
        ("Agu", 8), ("Agt", 8), ("Sep", 9), ("Sept", 9), ("Okt", 10), ("Nov", 11), ("Des", 12),
        *[(w, m) for m, w in enumerate(["January", "February", "March", "April", "May", "June"], 1)],
        *[(w, m) for m, w in enumerate(["July", "August", "September", "October", "November", "December"], 7)],
        ("Aug", 8), ("Oct", 10), ("Dec", 12),
    ],
)  # fmt: skip
def test_indonesian_and_english_month_names_and_abbreviations(word, month):
    assert parse_input(f"{word} 2006") == DateSpec.parse(f"2006-{month:02d}")
    assert parse_input(f"5 {word.upper()} 2006") == DateSpec.parse(f"2006-{month:02d}-05")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("antara April 2004 dan 21 September 2006", "2004-04/2006-09-21"),
        ("between 2004 and 2006", "2004/2006"),
        ("sebelum 2011", "../2011"),
        ("before March 2011", "../2011-03"),
        ("setelah 21/9/2006", "2006-09-21/.."),
        ("2004 - 2006", "2004/2006"),
        ("Jan 2010 s.d. Des 2011", "2010-01/2011-12"),
        ("2004-04-01/2006-09-21", "2004-04-01/2006-09-21"),
        ("1/4/2004/21/9/2006", "2004-04-01/2006-09-21"),
        ("../2011", "../2011"),
        ("2006-09/..", "2006-09/.."),
    ],
)
def test_ranges_a_source_only_bounds(typed, stored):
    assert parse_input(typed) == DateSpec.parse(stored)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2024", "“31/02/2024” bukan tanggal: tidak ada tanggal 31 pada Februari 2024 (bulan itu 29 hari)."),
        ("31/04/2023", "“31/04/2023” bukan tanggal: tidak ada tanggal 31 pada April 2023 (bulan itu 30 hari)."),
        ("13/13/2024", "“13/13/2024” bukan tanggal: tidak ada bulan 13 (tanggal ditulis dulu, lalu bulan)."),
        ("12/31/2024", "“12/31/2024” bukan tanggal: tidak ada bulan 31 (tanggal ditulis dulu, lalu bulan)."),
        ("31/12/24", "“31/12/24”: tulis tahun dengan empat angka (2024, bukan 24)."),
        ("Foo 2006", "“Foo” bukan nama bulan."),
        ("tahun depan", "“tahun depan” bukan tanggal."),
        ("31", "“31” bukan tanggal."),
        ("2010/2009", "“2010/2009”: rentang berakhir (2009) sebelum mulai (2010)."),
        ("9999", "“9999”: tahun harus antara 1900 dan 2100."),
        ("31/12/9999", "“31/12/9999”: tahun harus antara 1900 dan 2100."),
        ("1 Januari 0001", "“1 Januari 0001”: tahun harus antara 1900 dan 2100."),
        ("antara 1850 dan 1960", "“1850”: tahun harus antara 1900 dan 2100."),
    ],
)
def test_each_refused_form_says_why_and_what_is_accepted_in_indonesian(typed, reason):
    with translation.override("id"), pytest.raises(DateError) as caught:
        parse_input(typed)
    message = str(caught.value)
    assert message.startswith(reason), message
    assert ACCEPTED in message


def test_refusals_are_worded_in_english_too():
    with translation.override("en"), pytest.raises(DateError) as caught:
        parse_input("31/02/2024")
    assert str(caught.value).startswith("“31/02/2024” is not a date: February 2024 has no day 31 (it has 29 days).")


def test_every_month_word_is_a_month():
    assert set(MONTH_WORDS.values()) == set(range(1, 13))


#: The days a person may type (dates.TYPED_YEARS).
TYPED_DAYS = st.dates(min_value=dt.date(TYPED_YEARS[0], 1, 1), max_value=dt.date(TYPED_YEARS[1], 12, 31))


@given(TYPED_DAYS)
def test_any_day_written_the_indonesian_ways_reads_back(day):
    spec = DateSpec.parse(day)
    assert parse_input(f"{day.day}/{day.month}/{day.year}") == spec
    with translation.override("id"):
        assert parse_input(spec.display()) == spec
    with translation.override("en"):
        assert parse_input(spec.display()) == spec


@given(TYPED_DAYS, TYPED_DAYS)
def test_a_range_shown_in_either_language_reads_back(a, b):
    after, before = sorted((a, b))
    spec = DateSpec.parse({"after": after, "before": before})
    for language in ("id", "en"):
        with translation.override(language):
            assert parse_input(spec.display()) == spec


# --- The form field and its calendar -----------------------------------------------------------------


class _Form(forms.Form):
    date = DateSpecFormField(label="Tanggal")
    end = DateSpecFormField(label="Selesai", required=False)


def test_the_field_reads_what_is_typed():
    form = _Form({"date": "31/12/2024", "end": "Sept 2025"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date": DateSpec.parse("2024-12-31"), "end": DateSpec.parse("2025-09")}


def test_the_calendar_alone_gives_the_day():
    form = _Form({"date_day": "2024-12-31"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == DateSpec.parse("2024-12-31")


def test_text_and_calendar_that_agree_are_one_date():
    form = _Form({"date": "31 Desember 2024", "date_day": "2024-12-31"})
    assert form.is_valid(), form.errors


def test_text_and_calendar_that_differ_are_refused():
    with translation.override("id"):
        form = _Form({"date": "Desember 2024", "date_day": "2024-12-31"})
        assert not form.is_valid()
        assert form.errors["date"] == [
            "Tanggal yang diketik (Desember 2024) dan hari yang dipilih di kalender (31 Desember 2024) berbeda: "
            "ubah atau kosongkan salah satunya."
        ]


def test_a_refused_date_shows_the_parser_message_on_the_field():
    with translation.override("id"):
        form = _Form({"date": "31/02/2024"})
        assert not form.is_valid()
        assert form.errors["date"][0].startswith(
            "“31/02/2024” bukan tanggal: tidak ada tanggal 31 pada Februari 2024 (bulan itu 29 hari)."
        )


def test_the_field_renders_a_labelled_calendar_beside_the_text():
    with translation.override("id"):
        html = str(_Form(initial={"date": DateSpec.parse("2006-09-21"), "end": DateSpec.parse("2006-09")})["date"])
        month = str(_Form(initial={"end": DateSpec.parse("2006-09")})["end"])
    assert 'type="text" name="date" value="21 September 2006"' in html
    assert 'type="date" class="date-picker" name="date_day" id="id_date_day" value="2006-09-21"' in html
    assert 'aria-label="Pilih hari di kalender"' in html
    assert 'value="September 2006"' in month
    assert 'name="end_day" id="id_end_day" value=""' in month  # a month is not a day: the calendar stays empty


def test_an_unchanged_date_is_not_a_change():
    form = _Form({"date": "21 September 2006"}, initial={"date": DateSpec.parse("2006-09-21")})
    assert form.is_valid()
    assert "date" not in form.changed_data
