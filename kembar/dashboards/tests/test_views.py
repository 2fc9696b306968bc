"""The dashboards' numbers equal the selectors' and the ORM's, and their query counts do not grow."""

import datetime as dt
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Activity, Cooperation
from kembar.cooperations.selectors import deadline_list
from kembar.core.dates import DateSpec
from kembar.dashboards import figures, selectors
from kembar.evaluation.selectors import dormancy_alerts, evaluate_many, lifecycle_many
from kembar.monitoring.selectors import capacity, due_list
from kembar.plans.documents import BULAN
from kembar.testing import make_member, queries_of

from .factories import portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(bandung):
    return make_member("walikota", bandung, Role.LEADERSHIP)


def _get(client, user, url):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.get(url)


def test_region_numbers_equal_the_orm_and_the_selectors(client, bandung, bogor, leader, today):
    portfolio(bandung, 24, today=today)
    portfolio(bogor, 5, today=today, prefix="b")  # another region's cooperations never count
    response = _get(client, leader, reverse("dashboard", args=[bandung.code]))
    assert response.status_code == 200
    board = response.context["board"]
    coops = list(Cooperation.objects.filter(region=bandung).select_related("partner"))

    assert board.counts.total == len(coops) == 24
    # Statuses: each cooperation's lifecycle status, the one its dossier and the list show.
    states = lifecycle_many(coops, today=today)
    assert {c: n for c, _l, n in board.counts.by_status} == dict(Counter(st.code for st in states.values()))
    assert {c: n for c, _l, n in board.counts.by_type} == dict(Counter(c.type for c in coops))
    assert {c: n for c, _l, n in board.counts.by_form} == dict(Counter(c.form for c in coops))
    assert board.counts.country_counts == dict(Counter(c.partner.country_id for c in coops))
    html = response.content.decode()
    assert f'<li id="stat-total"><span class="n">{len(coops)}</span>' in html
    active = sum(st.code == "active" for st in states.values())
    assert active and f'<li id="stat-active" class="ok"><span class="n">{active}</span>' in html

    # Dormant: the cooperations whose status is dormant, as the dormancy alerts see them.
    alerts = dormancy_alerts(region=bandung, as_of=today)
    dormant = {a["cooperation"].ref for a in alerts if a["level"] == "dormant"}
    assert dormant and {h.cooperation.ref for h in board.dormant} == dormant
    assert dormant == {c.ref for c in coops if states[c.pk].code == "dormant"}
    assert f'<li id="stat-dormant" class="warn"><span class="n">{len(dormant)}</span>' in html
    for h in board.dormant:
        assert h.cooperation.lifecycle.code == "dormant"
        assert reverse("cooperation_detail", args=[bandung.code, h.cooperation.ref]) in html
    # At risk: each has a reason; expiring agreements are among them.
    expiring = deadline_list(region=bandung, today=today).expiring
    assert [(r.document_pk, r.due, r.cooperation.ref) for r in board.expiring] == [
        (r.document.pk, r.flag.due, r.cooperation.ref) for r in expiring
    ]
    at_risk = {h.cooperation.ref for h in board.at_risk}
    watched = {r.cooperation.ref for r in expiring if states[r.cooperation.pk].watched}
    assert watched - dormant <= at_risk
    assert all(h.flagged for h in board.at_risk)
    due = due_list(region=bandung, as_of=today, within_days=90)
    assert [(r.obligation_pk, r.occurrences, r.since) for r in board.overdue] == [
        (st.obligation.pk, len(st.schedule.overdue), st.schedule.overdue_since) for st in due.overdue
    ]
    assert [(r.obligation_pk, r.due) for r in board.due_soon] == [
        (st.obligation.pk, occ.due) for st, occ in due.due_soon
    ]
    assert board.deadlines_soon == len(expiring) + len(due.due_soon)
    assert f'<li id="stat-overdue" class="warn"><span class="n">{len(due.overdue)}</span>' in html
    # The overdue obligations panel leads to their list, however few it shows; so does the deadlines page.
    obligations = reverse("obligation_due_list", args=[bandung.code])
    assert f'href="{obligations}"' in html.split('id="h-deadlines"', 1)[1].split("</section>", 1)[0]
    assert f'href="{obligations}"' in client.get(reverse("deadlines", args=[bandung.code])).content.decode()

    # Each cooperation's health is the evaluation's: its verdicts and its overdue obligations (the dashboard
    # sums the obligations up once, for its panels and for the evaluation).
    evaluations = evaluate_many(region=bandung, as_of=today, framework=figures.FRAMEWORK)
    assert any(ev.overdue for ev in evaluations)
    assert {h.cooperation.pk: (+Counter(h.verdicts), h.overdue) for h in board.health} == {
        ev.cooperation.pk: (Counter(e.verdict for e in ev.elements), len(ev.overdue)) for ev in evaluations
    }
    # The labels of its elements in the page's language; each row of the table's first page links to the
    # dossier and the evaluation and gives the reasons it is flagged, in words.
    by_pk = {ev.cooperation.pk: ev for ev in evaluations}
    for h in board.health:
        elements = by_pk[h.cooperation.pk].elements
        assert h.not_met == [e.title["en"] for e in elements if e.verdict == "not_met"]
    assert any(h.not_met for h in board.health)
    for h in list(response.context["health_page"]):
        args = [bandung.code, h.cooperation.ref]
        row = html.split(f'<tr data-ref="{h.cooperation.ref}">', 1)[1].split("</tr>", 1)[0]
        assert f'href="{reverse("cooperation_detail", args=args)}"' in row
        assert f'href="{reverse("cooperation_evaluation", args=args)}"' in row
        v = h.verdicts
        met, partly, no, none = v["met"], v["partly_met"], v["not_met"], v["not_enough_data"]
        assert f"{met} met, {partly} partly, {no} not met, {none} without data" in row
        if h.overdue:
            assert (f"{h.overdue} obligation overdue" if h.overdue == 1 else f"{h.overdue} obligations overdue") in row
        if h.dormancy:
            assert f"no activity for {h.silent_months} month" in row
        if h.mostly_not_met:
            assert "not met: " + ", ".join(h.not_met) in row.replace("&#x27;", "'")
        if not h.flagged:
            assert "<td>— <a" in row

    # Activities per year and the benefit balance, counted from the rows.
    acts = list(Activity.objects.filter(region=bandung))
    years = Counter(a.date_sort.year for a in acts)
    assert {y: n for y, n in board.per_year if n} == dict(years)
    assert board.per_year[-1][0] == today.year
    sides = Counter(a.beneficiary for a in acts)
    b = board.balance
    assert (b.region, b.partner, b.both, b.unknown) == (sides["region"], sides["partner"], sides["both"], sides[""])
    assert b.value == pytest.approx((b.partner - b.region) / (b.region + b.partner + b.both))

    # Staff workload is the capacity page's.
    cap = capacity(region=bandung, today=today)
    assert [(p.name, p.load) for p in board.capacity.people] == [(p.name, p.load) for p in cap.people]
    assert board.capacity.recorded_total == cap.recorded_total
    assert board.capacity.unassigned == len(cap.unassigned)
    assert board.capacity.ratio_recorded == cap.ratio_recorded

    # The map: partner countries shaded with their counts, one marker per place.
    for code, n in board.counts.country_counts.items():
        assert f'id="map-{code}" data-country="{code}" data-count="{n}"' in html
    assert html.count('class="marker"') == len(board.points)
    assert 'id="map-table"' in html


def test_region_dashboard_with_nothing_recorded(client, bandung, leader):
    response = _get(client, leader, reverse("dashboard", args=[bandung.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No dormant cooperation." in html and "No dated activity recorded." in html
    assert '<li id="stat-total"><span class="n">0</span>' in html


def _built(client, url) -> tuple[int, int]:
    """The queries of one visit that builds the page (nothing kept): (reads, statements storing figures)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return sum("INSERT" not in q for q in sql), sum("INSERT" in q for q in sql)


def test_region_dashboard_query_count_does_not_grow(client, bandung, bogor, leader, today):
    client.force_login(leader)
    url = reverse("dashboard", args=[bandung.code])
    portfolio(bandung, 5, today=today)
    small_first, small = _built(client, url), _built(client, url)
    portfolio(bandung, 300, today=today, prefix="x")
    large_first, large = _built(client, url), _built(client, url)
    # The first visit works the figures out and stores them (one statement; SQLite takes 199 rows a statement).
    assert small_first[0] == large_first[0] and small_first[1] == 1 and 1 <= large_first[1] <= 2
    # The next visits read them stored: fewer queries, the same number whatever the size, nothing written.
    assert small == large and large[1] == 0 and large[0] < large_first[0]
    assert large[0] <= 30  # 10 today (with the session and the user's regions)


def test_region_dashboard_reads_each_cooperations_stored_facts_once(bandung, today, django_assert_num_queries):
    portfolio(bandung, 12, today=today)
    # The region's settings, its cooperations (with what the counts read), its follow-up threshold, their stored
    # figures (none yet), their stored facts (once: their status, evaluation, agreements and obligations all read
    # the same rows), the activities not known today, the figures stored (one statement, in a savepoint here), the
    # partners' places and the countries' names.
    with django_assert_num_queries(11) as captured:
        board = selectors.region_dashboard(region=bandung, today=today)
    read = [q["sql"] for q in captured.captured_queries]
    assert sum('"data"' in sql for sql in read) == 1
    assert sum("UPDATE" in sql for sql in read) == 1
    # Nor are the agreements read from the documents (the capacity rule's too come from the stored facts).
    assert not any("cooperations_document" in sql for sql in read)
    assert board.capacity.recorded_total == len(capacity(region=bandung, today=today).active)


def test_national_numbers_equal_the_orm(client, bandung, bogor, overseer, today):
    portfolio(bandung, 12, today=today)
    portfolio(bogor, 7, today=today, prefix="b")
    from kembar.regions.models import Region

    quiet = Region.objects.get(code="32.71")  # Kota Bogor: a cooperation, activities long ago
    portfolio(quiet, 1, today=today, prefix="q")
    Activity.objects.filter(region=quiet).update(date_sort=dt.date(2015, 1, 1), date="2015-01-01")
    response = _get(client, overseer, reverse("national_dashboard"))
    assert response.status_code == 200
    board = response.context["board"]
    coops = list(Cooperation.objects.select_related("region__parent", "partner"))
    assert board.counts.total == len(coops) == 20

    by_province = Counter((c.region.parent or c.region).name for c in coops)
    assert {p.name: p.cooperations for p in board.provinces} == dict(by_province)
    province_of = {c.pk: (c.region.parent or c.region).name for c in coops}
    # Active and dormant: each cooperation's lifecycle status (the one its dossier shows), not the recorded one.
    states = lifecycle_many(coops, today=today)
    dormant = Counter(province_of[c.pk] for c in coops if states[c.pk].code == "dormant")
    assert {p.name: p.dormant for p in board.provinces} == {name: dormant[name] for name in by_province}
    active = sum(st.code == "active" for st in states.values())
    assert active and board.active_share == pytest.approx(active / len(coops))
    assert board.dormant_share == pytest.approx(sum(st.code == "dormant" for st in states.values()) / len(coops))
    active_in = Counter(c.region.code for c in coops if states[c.pk].code == "active")
    assert {r.code: r.active for r in board.regions} == {r.code: active_in[r.code] for r in board.regions}
    names = {code: name for code, name, _n in board.counts.by_country}
    top = sorted(Counter(c.partner.country_id for c in coops).items(), key=lambda r: (-r[1], names[r[0]]))
    assert [(code, n) for code, _name, n in board.top_countries] == top[:10]
    assert [r.code for r in board.without_activity] == ["32.71"]
    html = response.content.decode()
    for code in ("32.73", "32.01", "32.71"):
        assert reverse("dashboard", args=[code]) in html
    assert 'id="map-CN"' in html


def test_national_no_report_rule(client, overseer, bandung, bogor, today):
    portfolio(bandung, 2, today=today)
    portfolio(bogor, 2, today=today, prefix="b")
    board = selectors.national_dashboard(today=today)
    if not board.reports_tracked:
        pytest.skip("kembar.reports has no GeneratedReport yet")
    assert [r.code for r in board.without_report] == ["32.01", "32.73"]
    from kembar.reports.models import GeneratedReport

    last_year = today.year - 1
    GeneratedReport.objects.create(region=bandung, year=last_year, format="pdf", status="done")
    GeneratedReport.objects.create(region=bogor, year=last_year, format="pdf", status="failed")
    GeneratedReport.objects.create(region=bogor, year=last_year - 1, format="pdf", status="done")
    board = selectors.national_dashboard(today=today)
    assert [r.code for r in board.without_report] == ["32.01"]
    client.force_login(overseer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("national_dashboard")).content.decode()
    assert f"Regions without a {last_year} annual report" in html


def test_national_dashboard_query_count_does_not_grow(client, bandung, bogor, overseer, today):
    client.force_login(overseer)
    portfolio(bandung, 5, today=today)
    small = queries_of(client, reverse("national_dashboard"))
    portfolio(bogor, 300, today=today, prefix="x")
    large = queries_of(client, reverse("national_dashboard"))
    assert small == large
    assert large <= 11


def test_health_table_is_paged_and_filtered_and_panels_point_to_it(client, bandung, leader, today):
    from kembar.dashboards.views import HEALTH_PAGE, PANEL_LIMIT

    portfolio(bandung, HEALTH_PAGE + 12, today=today)
    url = reverse("dashboard", args=[bandung.code])
    first = _get(client, leader, url)
    board = first.context["board"]
    html = first.content.decode()
    assert html.count('<tr data-ref="') == HEALTH_PAGE
    assert "Page 1 of 2" in html
    second = client.get(url + "?page=2").content.decode()
    assert second.count('<tr data-ref="') == len(board.health) - HEALTH_PAGE
    shown = {h.cooperation.ref for h in board.health[:HEALTH_PAGE]} | {
        h.cooperation.ref for h in board.health[HEALTH_PAGE:]
    }
    assert shown == set(Cooperation.objects.filter(region=bandung).values_list("ref", flat=True))

    dormant = client.get(url + "?health=dormant")
    rows = dormant.content.decode().count('<tr data-ref="')
    assert rows == min(len(board.dormant), HEALTH_PAGE) and rows > 0
    assert [h.cooperation.ref for h in dormant.context["health_page"]] == [h.cooperation.ref for h in board.dormant][
        :HEALTH_PAGE
    ]
    # The dormant panel names at most PANEL_LIMIT and links to the whole filtered table.
    panel = html.split('id="dormant"')[1].split("</section>")[0]
    assert panel.count("<li>") == min(len(board.dormant), PANEL_LIMIT)
    assert len(board.dormant) > PANEL_LIMIT  # the portfolio makes enough to need the link
    assert f"All {len(board.dormant)} dormant cooperations" in panel and "?health=dormant" in panel


def test_national_region_table_is_paged_and_filtered_and_panels_point_to_it(
    client, bandung, bogor, overseer, today, monkeypatch
):
    from kembar.dashboards import views
    from kembar.regions.models import Region

    monkeypatch.setattr(views, "REGIONS_PAGE", 2)
    monkeypatch.setattr(views, "PANEL_LIMIT", 1)
    portfolio(bandung, 2, today=today)
    portfolio(bogor, 2, today=today, prefix="b")
    quiet = list(Region.objects.filter(code__in=["32.71", "32.72"]))
    assert len(quiet) == 2
    for i, region in enumerate(quiet):
        portfolio(region, 1, today=today, prefix=f"q{i}")
        Activity.objects.filter(region=region).update(date_sort=dt.date(2015, 1, 1), date="2015-01-01")
    url = reverse("national_dashboard")
    first = _get(client, overseer, url)
    board = first.context["board"]
    html = first.content.decode()
    assert html.count('<tr data-region="') == 2 and "Page 1 of 2" in html
    second = client.get(url + "?page=2").content.decode()
    codes = {c.split('"')[0] for page in (html, second) for c in page.split('<tr data-region="')[1:]}
    assert codes == {"32.73", "32.01", "32.71", "32.72"} == {r.code for r in board.regions}

    filtered = client.get(url + "?regions=no_activity")
    assert [r.code for r in filtered.context["regions_page"]] == [r.code for r in board.without_activity]
    assert {r.code for r in board.without_activity} == {"32.71", "32.72"}
    assert '<strong aria-current="true">Without activity in 12 months (2)</strong>' in filtered.content.decode()
    # The panel names PANEL_LIMIT regions and links to the filtered table.
    panel = html.split('id="no-activity"')[1].split("</section>")[0]
    assert panel.count("<li>") == 1
    assert "All 2 regions without activity" in panel and "?regions=no_activity#regions" in panel


def test_activities_per_year_count_to_today_and_the_balance_every_activity(bandung, today):
    coops = portfolio(bandung, 8, today=today)
    later = DateSpec.parse(today + dt.timedelta(days=1))  # this year's, but after today (but on 31 December)
    Activity.objects.create(region=bandung, cooperation=coops[0], title="Nanti", date=later, beneficiary="region")
    Activity.objects.create(region=bandung, cooperation=coops[1], title="Tanpa tanggal", beneficiary="partner")
    old = DateSpec.parse(dt.date(today.year - 30, 6, 1))  # before the 15 years shown
    Activity.objects.create(region=bandung, cooperation=coops[2], title="Lama", date=old, beneficiary="both")
    # An open start sorts at its latest day; a month at its first day.
    until = DateSpec.parse(f"../{today.year - 3}-03")
    Activity.objects.create(region=bandung, cooperation=coops[3], title="Sampai Maret", date=until, beneficiary="both")
    month = DateSpec.parse(f"{today.year - 2}-07")
    Activity.objects.create(region=bandung, cooperation=coops[4], title="Juli", date=month, beneficiary="partner")
    board = selectors.region_dashboard(region=bandung, today=today)
    acts = list(Activity.objects.filter(region=bandung))
    # Only dated activities not after today count in a year, and only the last 15 years are shown.
    first_shown = today.year - selectors.YEARS_SHOWN + 1
    shown = [a.date_sort for a in acts if a.date_sort and first_shown <= a.date_sort.year and a.date_sort <= today]
    years = Counter(day.year for day in shown)
    assert board.per_year[0][0] == first_shown and board.per_year[-1][0] == today.year
    assert {y: n for y, n in board.per_year if n} == dict(years) and sum(years.values()) == 10
    assert dict(board.per_year)[today.year - 3] >= 1 and dict(board.per_year)[today.year - 2] >= 1
    # Every activity counts in the balance.
    balance = board.balance
    assert (balance.region, balance.partner, balance.both, balance.unknown) == (3, 4, 4, 2)


def test_the_reasons_are_worded_in_indonesian_with_indonesian_dates(client, bandung, leader, today):
    portfolio(bandung, 6, today=today)
    client.force_login(leader)  # no language cookie: the page is in Bahasa Indonesia
    response = client.get(reverse("dashboard", args=[bandung.code]))
    dormant = response.context["board"].dormant[0]
    day = dormant.since
    since = f"{day.day} {BULAN[day.month - 1]} {day.year}"  # "31 Desember 2012"
    html = response.content.decode()
    assert f"tidak aktif (dorman): tidak ada kegiatan selama {dormant.silent_months} bulan sejak {since}" in html
