"""Expiry and follow-up: the pure rules (no database), the model and form, renewal, the deadlines page."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.cooperations import expiry, selectors, services
from kembar.cooperations.expiry import EXPIRED, EXPIRING, LOI_WITHOUT_MOU, Bounds, Doc, assess, derive_expires
from kembar.cooperations.models import Cooperation, Document, Event
from kembar.core.dates import DateSpec
from kembar.testing import make_cooperation, pdf_upload

D = DateSpec.parse
TODAY = dt.date(2025, 6, 15)


def doc(key, kind, date=None, expires=None, renews=None):
    return Doc(key, kind, D(date) if date is not None else None, D(expires) if expires is not None else None, renews)


def codes(docs, today=TODAY, **kw):
    found = sorted((f.code, f.doc.key, f.days) for f in assess(docs, today=today, **kw))
    # The same from the documents' bounds (what the stored cooperation facts keep of them).
    bounds = [Bounds.of(d) for d in docs]
    assert sorted((f.code, f.doc.key, f.days) for f in assess(bounds, today=today, **kw)) == found
    return found


# --- Pure rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2015-05-10", 60, "2020-05-10"),
        ("2020-01-31", 1, "2020-02-29"),  # no 31 February: the month's last day
        ("2021-01-31", 1, "2021-02-28"),
        ("2015-11-30", 3, "2016-02-29"),
        ("2019-10", 24, "2021-10"),  # a start known to the month gives an expiry known to the month
        ("2019-10", 3, "2020-01"),
        ("2015", 60, None),  # only the year: no invented month
        ("2004-04-01/2006-09-21", 12, None),  # a range
        ("2015-05-10", None, None),
    ],
)
def test_derive_expires(start, months, expected):
    assert derive_expires(D(start), months) == (D(expected) if expected else None)
    assert derive_expires(None, 12) is None


def test_validity_says_why_an_expiry_is_unknown():
    v = expiry.validity
    assert v(valid_from=None, date=D(2015), duration_months=60, expires=None) == expiry.YEAR_ONLY
    assert v(valid_from=D("2015/.."), date=None, duration_months=60, expires=None) == expiry.RANGE_START
    assert v(valid_from=None, date=None, duration_months=60, expires=None) == expiry.NO_START
    assert v(valid_from=None, date=D("2015-05-10"), duration_months=None, expires=None) == expiry.NO_DURATION
    assert v(valid_from=None, date=D("2015-05-10"), duration_months=60, expires=D("2020-05-10")) == expiry.COMPUTED
    assert v(valid_from=None, date=D("2015-05-10"), duration_months=60, expires=D("2020-06")) == expiry.GIVEN
    assert v(valid_from=None, date=D("2015-05-10"), duration_months=None, expires=D("2020-06")) == expiry.GIVEN


def test_expiring_within_ninety_days_and_not_before():
    assert codes([doc(1, "mou", "2020-09-01", "2025-09-13")]) == [(EXPIRING, 1, 90)]
    assert codes([doc(1, "mou", "2020-09-01", "2025-09-14")]) == []  # 91 days: not yet
    assert codes([doc(1, "pks", "2020-09-01", "2025-06-15")]) == [(EXPIRING, 1, 0)]  # today: still valid
    assert codes([doc(1, "mou", "2020-09-01", "2025-09-14")], expiring_days=120) == [(EXPIRING, 1, 91)]


def test_a_letter_of_intent_or_a_plan_never_expires_as_an_agreement():
    assert codes([doc(1, "plan", "2020-01-01", "2025-07-01"), doc(2, "report", "2020", "2025-01-01")]) == []


def test_an_expiry_known_to_the_month_counts_from_its_last_day():
    # June 2025: valid until 30 June, so 15 days left, and not expired on 1 June.
    assert codes([doc(1, "mou", "2020-06", "2025-06")]) == [(EXPIRING, 1, 15)]
    assert codes([doc(1, "mou", "2020-06", "2025-05")]) == [(EXPIRED, 1, 15)]
    assert codes([doc(1, "mou", "2020-06", "2025-05")], today=dt.date(2025, 5, 31)) == [(EXPIRING, 1, 0)]
    # Known only to the year: 31 December.
    assert codes([doc(1, "mou", "2020", "2025")]) == []
    assert codes([doc(1, "mou", "2020", "2025")], today=dt.date(2025, 10, 2)) == [(EXPIRING, 1, 90)]
    assert codes([doc(1, "mou", "2020", "2024")]) == [(EXPIRED, 1, 166)]


def test_expired_only_when_no_later_agreement_may_still_hold():
    old = doc(1, "mou", "2015-01-01", "2020-01-01")
    assert codes([old]) == [(EXPIRED, 1, (TODAY - dt.date(2020, 1, 1)).days)]
    assert codes([old, doc(2, "mou", "2020-01-02", "2025-01-02")]) == [(EXPIRED, 2, 164)]  # the latest lapse
    assert codes([old, doc(2, "mou", "2020-01-02", "2030-01-02")]) == []  # a newer MoU holds
    assert codes([old, doc(2, "pks", "2019-06-01")]) == []  # a newer PKS of unknown expiry may hold
    assert codes([old, doc(2, "mou")]) == []  # undated: it may be the newer one
    # An older MoU with no known expiry does not keep a later, lapsed one alive.
    assert codes([doc(0, "mou", "2006-09-21"), old]) == [(EXPIRED, 1, (TODAY - dt.date(2020, 1, 1)).days)]


def test_renewal_silences_expiring_and_expired():
    mou = doc(1, "mou", "2020-09-01", "2025-08-01")
    assert codes([mou]) == [(EXPIRING, 1, 47)]
    assert codes([mou, doc(2, "loi", "2025-05-01", renews=1)]) == []
    assert codes([mou, doc(2, "mou", "2025-05-01", "2030-05-01", renews=1)]) == []
    lapsed = doc(1, "mou", "2015-01-01", "2020-01-01")
    assert codes([lapsed, doc(2, "loi", "2019-12-01", renews=1)]) == [(LOI_WITHOUT_MOU, 2, 1657)]
    # A renewal that itself lapsed does not.
    assert codes([lapsed, doc(2, "loi", "2019-12-01", "2021-12-01", renews=1)]) == [
        (EXPIRED, 1, (TODAY - dt.date(2020, 1, 1)).days),
        (LOI_WITHOUT_MOU, 2, 1657),
    ]


def test_expiring_but_a_later_agreement_runs_on():
    first = doc(1, "mou", "2020-09-01", "2025-08-01")
    assert codes([first, doc(2, "mou", "2024-01-01", "2029-01-01")]) == []
    # The later one expires first: the earlier still needs attention.
    assert codes([first, doc(2, "pks", "2024-01-01", "2025-07-01")]) == [(EXPIRING, 1, 47), (EXPIRING, 2, 16)]


def test_loi_without_mou_after_the_threshold():
    loi = doc(1, "loi", "2024-06-14")
    assert codes([loi]) == [(LOI_WITHOUT_MOU, 1, 1)]
    assert codes([doc(1, "loi", "2024-06-15")]) == []  # exactly twelve months: not yet
    assert codes([loi], loi_followup_months=13) == []
    assert codes([loi, doc(2, "mou", "2024-09-01")]) == []
    assert codes([loi, doc(2, "pks", "2025-01")]) == []
    assert codes([loi, doc(2, "mou", "2020-01-01")]) == [(LOI_WITHOUT_MOU, 1, 1)]  # the MoU came before
    assert codes([loi, doc(2, "plan", "2024-09-01")]) == [(LOI_WITHOUT_MOU, 1, 1)]
    assert codes([loi, doc(2, "mou")]) == []  # undated MoU: it may have followed


def test_loi_known_only_to_the_year_counts_from_its_last_day():
    assert codes([doc(1, "loi", "2024")]) == []  # 31 Dec 2024 + 12 months is still ahead
    assert codes([doc(1, "loi", "2024")], today=dt.date(2026, 1, 1)) == [(LOI_WITHOUT_MOU, 1, 1)]
    assert codes([doc(1, "loi", "2024-05")]) == [(LOI_WITHOUT_MOU, 1, 15)]  # from 31 May 2025
    # An MoU dated only to the year of the LoI may have followed it: no flag.
    assert codes([doc(1, "loi", "2023-03-01"), doc(2, "mou", "2023")]) == []


def test_only_the_latest_loi_counts_and_undated_ones_are_ignored():
    assert codes([doc(1, "loi", "2019-01-01"), doc(2, "mou", "2019-06-01"), doc(3, "loi", "2023-01-01")]) == [
        (LOI_WITHOUT_MOU, 3, 531)
    ]
    assert codes([doc(1, "loi")]) == []
    assert codes([doc(1, "loi", "2020/..")]) == []  # open-ended range: no latest day to count from


def test_an_mou_before_a_range_bound_is_not_after_the_loi():
    """Bogor–Nanning's shape: the MoU only bounded before the LoI's day."""
    docs = [doc(1, "mou", {"after": 2006, "before": "2015-05-10"}), doc(2, "loi", "2015-05-10")]
    assert codes(docs) == [(LOI_WITHOUT_MOU, 2, (TODAY - dt.date(2016, 5, 10)).days)]


def test_add_months():
    assert expiry.add_months(dt.date(2024, 12, 31), 2) == dt.date(2025, 2, 28)
    assert expiry.add_months(dt.date(2024, 1, 15), 12) == dt.date(2025, 1, 15)
    assert expiry.add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)


# --- Model and form -------------------------------------------------------------------------


@pytest.fixture
def coop(bandung, staff):
    return make_cooperation(bandung, ref="bandung-liuzhou", by=staff)


def test_expires_is_computed_when_not_given_and_follows_changes(coop, staff):
    mou = services.document_create(
        cooperation=coop, by=staff, kind="mou", title="MoU", date="2015-05-10", duration_months=60
    )
    mou.refresh_from_db()
    assert mou.expires == D("2020-05-10")
    services.document_update(document=mou, by=staff, duration_months=24)
    mou.refresh_from_db()
    assert mou.expires == D("2017-05-10")  # a computed expiry follows the duration
    services.document_update(document=mou, by=staff, valid_from=D("2016-01"))
    mou.refresh_from_db()
    assert mou.expires == D("2018-01")
    services.document_update(document=mou, by=staff, expires=D("2019-12-31"))
    services.document_update(document=Document.objects.get(pk=mou.pk), by=staff, duration_months=12)
    assert Document.objects.get(pk=mou.pk).expires == D("2019-12-31")  # a given expiry stays


def test_year_only_start_leaves_expiry_empty(coop, staff, client):
    mou = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2015", duration_months=60)
    assert Document.objects.get(pk=mou.pk).expires is None
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("cooperation_detail", kwargs={"code": coop.region.code, "ref": coop.ref})).content
    assert "expiry unknown: start known only to the year" in html.decode()


def test_document_form_refuses_bad_duration_and_expiry_before_start(coop, staff, client):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = reverse("document_create", kwargs={"code": coop.region.code, "ref": coop.ref})
    base = {"kind": "mou", "title": "MoU", "date": "2015-05-10"}
    html = client.post(url, {**base, "duration_months": "0"}).content.decode()
    assert "The duration must be at least one month." in html
    html = client.post(url, {**base, "duration_months": "-3"}).content.decode()
    assert "has-error" in html
    html = client.post(url, {**base, "valid_from": "2015-06-01", "expires": "2015-05"}).content.decode()
    assert "is before the start" in html
    assert not Document.objects.filter(cooperation=coop).exists()
    # A duration that would carry the expiry past any calendar: a message on the field, not a server error.
    response = client.post(url, {**base, "date": "Januari 2024", "duration_months": "99999"})
    assert response.status_code == 200
    assert "The duration can be at most 1,200 months (100 years)." in response.content.decode()
    assert not Document.objects.filter(cooperation=coop).exists()
    response = client.post(url, {**base, "duration_months": "60"})
    assert response.status_code == 302
    assert Document.objects.get(cooperation=coop).expires == D("2020-05-10")


def test_an_expiry_past_the_last_year_is_refused_on_the_duration(coop, staff):
    """A start near the calendar's end (from a case file, which reads any year) and a duration past it."""
    with pytest.raises(ValidationError) as exc:
        services.document_create(
            cooperation=coop, by=staff, kind="mou", title="MoU", date="9999-01-01", duration_months=12
        )
    assert "duration_months" in exc.value.message_dict
    assert not Document.objects.filter(cooperation=coop).exists()


def test_edit_form_shows_a_computed_expiry_empty_and_recomputes_it(coop, staff, client):
    mou = services.document_create(
        cooperation=coop, by=staff, kind="mou", title="MoU", date="2015-05-10", duration_months=60
    )
    client.force_login(staff)
    url = reverse("document_edit", kwargs={"code": coop.region.code, "pk": mou.pk})
    html = client.get(url).content.decode()
    assert 'name="expires" value="2020' not in html
    response = client.post(url, {"kind": "mou", "title": "MoU", "date": "2015-05-10", "duration_months": "36"})
    assert response.status_code == 302
    assert Document.objects.get(pk=mou.pk).expires == D("2018-05-10")


# --- Renewal --------------------------------------------------------------------------------


def test_renew_keeps_the_old_document_and_adds_a_new_one_and_a_step(coop, staff):
    old = services.document_create(
        cooperation=coop, by=staff, kind="mou", title="MoU 2015", date="2015-05-10", duration_months=60
    )
    before = Document.objects.filter(pk=old.pk).values().get()
    history = old.history.count()
    new = services.document_renew(
        document=old, by=staff, date="2020-05-01", duration_months=60, upload=pdf_upload("renewal.pdf")
    )
    assert Document.objects.filter(pk=old.pk).values().get() == before
    assert old.history.count() == history
    assert (new.kind, new.renews_id, new.expires) == ("mou", old.pk, D("2025-05-01"))
    assert new.title.startswith("MoU 2015")
    assert new.files.count() == 1
    event = Event.objects.get(cooperation=coop, kind="renewal")
    assert (event.document_id, event.date, event.title) == (new.pk, D("2020-05-01"), new.title)
    assert list(old.renewed_by.all()) == [new]
    assert new.history.first().history_user == staff


def test_renew_by_another_kind(coop, staff):
    """Bogor–Nanning: the sister-city MoU extended by a Letter of Intent on 10 May 2015."""
    mou = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2008")
    loi = services.document_renew(document=mou, by=staff, date="2015-05-10", duration_months=None, kind="loi")
    assert (loi.kind, loi.renews, loi.expires) == ("loi", mou, None)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": "2014-12-31"}, "date"),  # before the document it renews
        ({"date": "2020-02-30"}, "date"),
        ({"date": ""}, "date"),
        ({"duration_months": 0}, "duration_months"),
        ({"kind": "report"}, "kind"),
    ],
)
def test_renew_refuses_bad_input_and_changes_nothing(coop, staff, kwargs, field):
    old = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2015-05-10")
    args = {"date": "2020-05-10", "duration_months": 60, **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.document_renew(document=old, by=staff, **args)
    assert field in exc.value.message_dict
    assert Document.objects.filter(cooperation=coop).count() == 1
    assert not Event.objects.filter(cooperation=coop).exists()


def test_renew_refuses_a_document_that_is_no_agreement(coop, staff):
    report = services.document_create(cooperation=coop, by=staff, kind="report", title="Laporan", date="2015")
    with pytest.raises(ValidationError):
        services.document_renew(document=report, by=staff, date="2016", duration_months=None)


def test_renew_with_a_bad_file_changes_nothing(coop, staff, client):
    old = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2015-05-10")
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = reverse("document_renew", kwargs={"code": coop.region.code, "pk": old.pk})
    response = client.post(url, {"kind": "mou", "date": "2020-05-10", "upload": pdf_upload("x.pdf", b"not a pdf")})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert Document.objects.filter(cooperation=coop).count() == 1
    assert not Event.objects.exists()


def test_renew_page_and_panels_show_both_directions(coop, staff, client):
    old = services.document_create(cooperation=coop, by=staff, kind="loi", title="LoI 2014", date="2014-03-01")
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = reverse("document_renew", kwargs={"code": coop.region.code, "pk": old.pk})
    assert "This document stays as it is." in client.get(url).content.decode()
    html = client.post(url, {"kind": "mou", "date": "2015-02-01", "duration_months": ""}).content.decode()
    assert "A renewal cannot be dated before" not in html
    new = Document.objects.get(renews=old)
    detail = lambda pk: client.get(reverse("document_detail", kwargs={"code": coop.region.code, "pk": pk}))  # noqa: E731
    assert "Renewed by" in detail(old.pk).content.decode() and new.title in detail(old.pk).content.decode()
    assert "Renews" in detail(new.pk).content.decode()
    dossier = client.get(reverse("cooperation_detail", kwargs={"code": coop.region.code, "ref": coop.ref}))
    html = dossier.content.decode()
    assert "renewed by" in html and "renews" in html
    response = client.post(url, {"kind": "mou", "date": "2013-01-01"})
    assert "A renewal cannot be dated before the document it renews" in response.content.decode()
    assert Document.objects.filter(cooperation=coop).count() == 2


def test_renew_is_not_offered_for_other_kinds(coop, staff, client):
    report = services.document_create(cooperation=coop, by=staff, kind="report", title="Laporan", date="2015")
    client.force_login(staff)
    assert client.get(reverse("document_renew", kwargs={"code": coop.region.code, "pk": report.pk})).status_code == 404


# --- Bogor–Nanning ------------------------------------------------------------------------


def test_bogor_nanning_is_an_loi_never_followed_by_an_mou(bogor):
    """What the rules make of the demo case (documented in docs/case-file.md, "Validity").

    The case has an MoU bounded only "after 2006, before 10 May 2015" and the LoI of 10 May 2015
    that extended the sister-city cooperation; neither has a duration or an expiry. So nothing
    expires (no expiry is known, none is invented), and the LoI — a renewal by letter of intent —
    is flagged as not followed by an MoU or PKS: twelve months on, from 10 May 2016.
    """
    from kembar.cooperations.casefile import import_files

    path = Path(__file__).resolve().parents[2] / "demo" / "cases" / "bogor-nanning.yaml"
    (coop,) = import_files([path])
    result = selectors.cooperation_expiry(region=bogor, cooperation=coop, today=TODAY)
    kinds = {r.kind: r for r in result.documents}
    assert set(kinds) == {"mou", "loi"}
    assert kinds["mou"].validity == kinds["loi"].validity == expiry.NO_DURATION
    assert [(f.code, f.doc.key, f.due) for f in result.flags] == [
        (LOI_WITHOUT_MOU, kinds["loi"].pk, dt.date(2016, 5, 10))
    ]
    # Before 10 May 2016 it was not yet overdue.
    assert selectors.cooperation_expiry(region=bogor, cooperation=coop, today=dt.date(2016, 5, 10)).flags == []


# --- Deadlines page -----------------------------------------------------------------------


def _flagged(region, partner, start, n):
    """n cooperations, in turn with an expiring MoU, an expired PKS and an LoI never followed (in bulk)."""
    coops = Cooperation.objects.bulk_create(
        [
            Cooperation(region=region, ref=f"k-{i}", title=f"K {i:03d}", partner=partner, type="KSDPL", form="other")
            for i in range(start, start + n)
        ]
    )
    soon = D(dt.date.today() + dt.timedelta(days=30))
    docs = []
    for i, c in enumerate(coops, start):
        common = {"region": region, "cooperation": c, "position": 0}
        if i % 3 == 0:
            docs.append(Document(kind="mou", title=f"MoU {i}", date=D("2021-01-01"), expires=soon, **common))
        elif i % 3 == 1:
            docs.append(Document(kind="pks", title=f"PKS {i}", date=D("2015-01-01"), expires=D("2020-01"), **common))
        else:
            docs.append(Document(kind="loi", title=f"LoI {i}", date=D("2020"), **common))
    Document.objects.bulk_create(docs)


def _deadlines(client, region):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("deadlines", kwargs={"code": region.code}))
    assert response.status_code == 200
    return len(ctx), re.sub(r"<[^>]+>", "", response.content.decode())


def test_deadlines_lists_three_sections_in_constant_queries(client, bandung, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    partner = make_cooperation(bandung, ref="seed-0", by=staff).partner
    _flagged(bandung, partner, 0, 5)
    few, html = _deadlines(client, bandung)
    assert "Expiring in 90 days (2)" in html
    assert "Expired (2)" in html
    assert "LoI not followed by an MoU after 12 months (1)" in html
    assert "30 days left" in html and "January 2020" in html and "days overdue" in html
    _flagged(bandung, partner, 5, 495)
    many, html = _deadlines(client, bandung)
    assert "Expiring in 90 days (167)" in html and "Expired (167)" in html
    assert few == many


def test_deadlines_leave_out_deleted_cooperations_and_other_regions(client, bandung, bogor, staff, bogor_staff):
    coop = make_cooperation(bandung, ref="old", title="Kerja Sama Lama", by=staff)
    services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2010", expires="2012")
    other = make_cooperation(bogor, ref="other", title="Kerja Sama Bogor", by=bogor_staff)
    services.document_create(cooperation=other, by=bogor_staff, kind="mou", title="MoU B", date="2010", expires="2012")
    client.force_login(staff)
    html = _deadlines(client, bandung)[1]
    assert "Kerja Sama Lama" in html and "Kerja Sama Bogor" not in html
    services.cooperation_delete(cooperation=coop, by=staff)
    assert "Kerja Sama Lama" not in _deadlines(client, bandung)[1]


def test_threshold_of_the_region_applies(client, bandung, bureau_admin):
    coop = make_cooperation(bandung, ref="loi", title="Hanya LoI", by=bureau_admin)
    today = dt.date.today()
    services.document_create(
        cooperation=coop, by=bureau_admin, kind="loi", title="LoI", date=D(expiry.add_months(today, -18))
    )
    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    assert "Hanya LoI" in _deadlines(client, bandung)[1]
    url = reverse("region_settings", kwargs={"code": bandung.code})
    assert client.post(url, {"loi_followup_months": "24"}).status_code == 302
    html = _deadlines(client, bandung)[1]
    assert "Hanya LoI" not in html and "after 24 months (0)" in html
    assert selectors.loi_followup_months(region=bandung) == 24


@pytest.mark.parametrize(("value", "message"), [("0", "At least one month."), ("200", "At most 120 months"), ("x", "")])
def test_settings_refuse_bad_threshold_and_change_nothing(client, bandung, bureau_admin, value, message):
    from kembar.regions.models import RegionProfile

    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    url = reverse("region_settings", kwargs={"code": bandung.code})
    response = client.post(url, {"loi_followup_months": value})
    assert response.status_code == 200
    assert message in response.content.decode() and "has-error" in response.content.decode()
    assert not RegionProfile.objects.filter(region=bandung).exists()
    assert selectors.loi_followup_months(region=bandung) == 12


def test_settings_keep_history(client, bandung, bureau_admin):
    from kembar.regions.models import RegionProfile
    from kembar.regions.services import region_profile_update

    region_profile_update(region=bandung, by=None, bureau_unit="Bagian Kerja Sama", source="Saraswati")
    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    url = reverse("region_settings", kwargs={"code": bandung.code})
    for value in ("18", "6"):
        client.post(url, {"loi_followup_months": value})
    profile = RegionProfile.objects.get(region=bandung)
    assert (profile.loi_followup_months, profile.bureau_unit) == (6, "Bagian Kerja Sama")  # sourced facts kept
    assert [h.loi_followup_months for h in profile.history.all()] == [6, 18, 12]
    assert profile.history.first().history_user == bureau_admin
    html = client.get(url).content.decode()
    assert html.index("6 months") < html.index("18 months") < html.index("12 months")


def test_dossier_panel_costs_two_queries_whatever_the_size(client, bandung, staff):
    from kembar.testing import fill_dossier

    small = make_cooperation(bandung, ref="small", by=staff)
    big = make_cooperation(bandung, ref="big", by=staff, partner=small.partner)
    fill_dossier(big, n=200)
    for c in (small, big):
        services.document_create(cooperation=c, by=staff, kind="mou", title="MoU", date="2015-05", duration_months=60)
    for c in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            result = selectors.cooperation_expiry(region=bandung, cooperation=c)
        assert len(ctx) == 2
        assert [f.code for f in result.flags] == [EXPIRED]


# --- Case files -----------------------------------------------------------------------------

CASE = """\
kembar_case: 1
id: uji-masa-berlaku
sources:
  - id: s
    cite: Uji
region:
  code: "32.73"
partner:
  name: Mitra Uji
  country: KR
  kind: local_government
  level: city
cooperation:
  title: Uji masa berlaku
  type: KSDPL
  form: sister_city
events:
  - date: 2015-05-10
    kind: signing
    document: mou
    title: MoU lima tahun
    duration: 60
    source: s
  - date: 2016-01
    kind: signing
    document: pks
    title: PKS dengan tanggal berakhir
    valid_from: 2016-02-01
    expires: 2018-12
documents:
  - kind: loi
    title: LoI tahun saja
    date: 2014
    duration: 12
"""


@pytest.fixture
def case_path(tmp_path):
    def write(text):
        path = tmp_path / "case.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_case_file_carries_duration_and_expiry_both_ways(case_path, bandung):
    from kembar.cooperations.casefile import export, import_files

    (coop,) = import_files([case_path(CASE)])
    docs = {d.kind: d for d in Document.objects.filter(cooperation=coop)}
    assert (docs["mou"].duration_months, docs["mou"].expires) == (60, D("2020-05-10"))
    assert (docs["pks"].valid_from, docs["pks"].expires) == (D("2016-02-01"), D("2018-12"))
    assert (docs["loi"].duration_months, docs["loi"].expires) == (12, None)  # year-only start: no expiry
    text = export(coop)
    assert "duration: 60" in text and "expires: 2020-05-10" not in text  # computed: not written back
    assert "expires: 2018-12" in text and "valid_from: 2016-02-01" in text
    history = {d.pk: d.history.count() for d in docs.values()}
    (again,) = import_files([case_path(text)])
    assert export(again) == text
    assert {d.pk: d.history.count() for d in Document.objects.filter(cooperation=coop)} == history  # no change


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    duration: 60\n", "    duration: 0\n", "events[0].duration: the duration must be at least one month"),
        ("    expires: 2018-12\n", "    expires: 2015-12\n", "events[1].expires: the expiry is before the start"),
        ("    duration: 12\n", "    duration: -1\n", "documents[0].duration: expected a whole number"),
    ],
)
def test_case_file_refuses_bad_duration_and_expiry(case_path, bandung, old, new, message):
    from django.utils import translation

    from kembar.cooperations.casefile import CaseFileError, import_files

    assert old in CASE
    with translation.override("en"), pytest.raises(CaseFileError) as exc:
        import_files([case_path(CASE.replace(old, new))])
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert not Cooperation.objects.filter(ref="uji-masa-berlaku").exists()


def test_validity_keys_need_a_document_on_an_event(case_path, bandung):
    from django.utils import translation

    from kembar.cooperations.casefile import CaseFileError, import_files

    text = CASE.replace("    document: mou\n", "")
    with translation.override("en"), pytest.raises(CaseFileError) as exc:
        import_files([case_path(text)])
    assert any("events[0].duration: only allowed with “document:”" in m for m in exc.value.messages)
