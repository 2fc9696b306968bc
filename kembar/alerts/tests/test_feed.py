"""The calendar feed: parsed back with icalendar; one user's secret shows their regions and no other."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kembar.accounts.models import Role
from kembar.alerts import services
from kembar.alerts.models import FeedToken
from kembar.cooperations import services as coop_services
from kembar.cooperations.expiry import add_months
from kembar.cooperations.models import Obligation
from kembar.testing import make_cooperation, make_member, queries_of

from .conftest import add_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plans(bandung, bogor, staff, bogor_staff, today):
    """Bandung: an MoU ending in 30 days, an LoI whose follow-up falls due in about a month, planned
    activities to the day and to the month (and ones no calendar can place). Bogor: its own."""
    coop = make_cooperation(bandung, by=staff, ref="bandung-suwon", title="Bandung–Suwon", country="KR")
    start = add_months(today + dt.timedelta(days=30), -60)
    coop_services.document_create(
        cooperation=coop, by=staff, kind="mou", title="MoU Suwon", date=start.isoformat(), duration_months=60
    )
    seoul = make_cooperation(bandung, by=staff, ref="bandung-seoul", title="Bandung–Seoul", country="KR")
    loi_day = add_months(today, -11)
    coop_services.document_create(cooperation=seoul, by=staff, kind="loi", title="LoI Seoul", date=loi_day.isoformat())
    day = today + dt.timedelta(days=10)
    add_activity(coop, day.isoformat(), "Festival budaya", end=(day + dt.timedelta(days=2)).isoformat())
    later = add_months(today, 3)
    add_activity(coop, f"{later.year:04d}-{later.month:02d}", "Pertukaran pelajar")
    add_activity(coop, str(today.year + 2), "Kunjungan tahun depan")  # year only: not placed
    add_activity(coop, (today - dt.timedelta(days=3)).isoformat(), "Sudah lewat")  # past: not planned
    bogor_coop = make_cooperation(bogor, by=bogor_staff, ref="bogor-nanning", title="Bogor–Nanning")
    add_activity(bogor_coop, (today + dt.timedelta(days=5)).isoformat(), "Misi dagang Bogor")
    return {"suwon": coop, "seoul": seoul, "bogor": bogor_coop, "day": day, "later": later, "loi_day": loi_day}


def _feed(client, user):
    token = services.feed_token_create(user=user)
    response = client.get(reverse("alert_feed_ics", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(cal):
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_feed_holds_deadlines_and_planned_activities(client, plans, staff, today):
    services.preference_set(user=staff, language="en", email=True)
    events = _events(_feed(client, staff))
    expires = events["Agreement expires: MoU Suwon — Bandung–Suwon"]
    assert expires.decoded("dtstart") == today + dt.timedelta(days=30)
    loi = events["LoI follow-up due (no MoU yet): LoI Seoul — Bandung–Seoul"]
    assert loi.decoded("dtstart") == add_months(plans["loi_day"], 12)
    festival = events["Activity: Festival budaya — Bandung–Suwon"]
    assert festival.decoded("dtstart") == plans["day"]
    assert festival.decoded("dtend") == plans["day"] + dt.timedelta(days=3)  # to its last day, inclusive
    month = next(e for s, e in events.items() if s.startswith("Activity: Pertukaran pelajar"))
    assert "day not known" in str(month["summary"])
    assert month.decoded("dtstart") == plans["later"].replace(day=1)
    assert str(month["url"]).endswith("/r/32.73/cooperations/bandung-suwon/")
    assert not any("Kunjungan tahun depan" in s or "Sudah lewat" in s for s in events)
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_feed_of_a_bogor_user_shows_nothing_of_bandung(client, plans, staff, bogor_staff):
    bogor = _events(_feed(client, bogor_staff))
    text = " ".join(bogor)
    assert "Misi dagang Bogor" in text
    assert "Bandung" not in text and "Suwon" not in text
    bandung = " ".join(_events(_feed(client, staff)))
    assert "Bogor" not in bandung


def test_national_users_feed_is_empty_not_everything(client, plans):
    overseer = make_member("kemendagri", None, Role.NATIONAL_OVERSEER)
    assert _events(_feed(client, overseer)) == {}


def test_obligations_of_the_region_only(client, plans, staff, bandung, bogor, monkeypatch, today):
    """Through a fake of the obligations source that (wrongly) also returns another region's row."""
    from kembar.monitoring import selectors as monitoring

    mine = Obligation.objects.create(region=bandung, cooperation=plans["suwon"], kind="report", text="Laporan tahunan")
    theirs = Obligation.objects.create(region=bogor, cooperation=plans["bogor"], kind="report", text="Laporan Bogor")
    rows = [
        {"cooperation": plans["suwon"], "obligation": mine, "due": today, "overdue": False, "text": ""},
        {"cooperation": plans["bogor"], "obligation": theirs, "due": today, "overdue": False, "text": ""},
    ]
    monkeypatch.setattr(monitoring, "obligations_due", lambda **kw: rows)
    services.preference_set(user=staff, language="en", email=True)
    events = _events(_feed(client, staff))
    assert "Obligation due: Laporan tahunan — Bandung–Suwon" in events
    assert not any("Bogor" in s for s in events)


def test_invalid_and_old_tokens_are_404(client, plans, staff):
    old = services.feed_token_create(user=staff)
    new = services.feed_token_create(user=staff)
    assert FeedToken.objects.filter(user=staff).count() == 1
    for token in (old, "x" * 43, new[:-1], "", "a" * 200):
        if token:
            assert client.get(f"/feeds/{token}.ics").status_code == 404
    assert client.get(reverse("alert_feed_ics", kwargs={"token": new})).status_code == 200
    staff.is_active = False
    staff.save()
    assert client.get(reverse("alert_feed_ics", kwargs={"token": new})).status_code == 404


def test_only_the_hash_is_stored(staff):
    import hashlib

    token = services.feed_token_create(user=staff)
    assert len(token) >= 43
    stored = FeedToken.objects.get(user=staff).digest
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored


def test_feed_queries_do_not_grow_with_rows(client, plans, staff, bandung, today):
    token = services.feed_token_create(user=staff)
    url = reverse("alert_feed_ics", kwargs={"token": token})
    small = queries_of(client, url)
    for i in range(20):
        c = make_cooperation(bandung, by=staff, ref=f"extra-{i}", title=f"Tambahan {i}")
        add_activity(c, (today + dt.timedelta(days=i + 1)).isoformat(), f"Rencana {i}")
        coop_services.document_create(cooperation=c, by=staff, kind="loi", title=f"LoI {i}", date=today.isoformat())
    assert queries_of(client, url) == small


def test_feed_page_shows_the_address_once_and_regenerates(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("alert_feed"))
    assert page.status_code == 200 and "You have no feed address yet." in page.content.decode()
    made = client.post(reverse("alert_feed"))
    html = made.content.decode()
    assert made.status_code == 200 and "/feeds/" in html and "no-store" in made["Cache-Control"]
    first = html.split("/feeds/")[1].split(".ics")[0]
    assert client.get(f"/feeds/{first}.ics").status_code == 200
    again = client.get(reverse("alert_feed")).content.decode()
    assert first not in again and "You have a feed address" in again
    client.post(reverse("alert_feed"))
    assert client.get(f"/feeds/{first}.ics").status_code == 404


def test_real_obligations_of_the_liuzhou_case_file(client, staff, bandung, today):
    """The obligations source as implemented: the working group's yearly meetings, never held, are in
    the feed at their due dates (the past year's and the coming year's)."""
    from pathlib import Path

    from kembar.cooperations.casefile import import_files
    from kembar.monitoring.selectors import obligations_due

    import_files([Path(__file__).resolve().parents[2] / "demo" / "cases" / "bandung-liuzhou.yaml"])
    rows = [
        r
        for r in obligations_due(region=bandung, as_of=today, within_days=365)
        if r["due"] >= today - dt.timedelta(days=365)
    ]
    if not rows:
        pytest.skip("the obligations source gives nothing in the feed's window")
    services.preference_set(user=staff, language="en", email=True)
    cal = _feed(client, staff)
    dues = {e.decoded("dtstart") for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Obligation")}
    assert {r["due"] for r in rows} <= dues
