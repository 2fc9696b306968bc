"""The region dashboard keeps each cooperation's figures under its data stamp: after a write it computes again
only the cooperations the write changed, and what it shows is what a computation from scratch shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role
from kembar.cooperations.models import Activity, Cooperation, Document, Obligation
from kembar.core.dates import DateSpec
from kembar.core.freshness import touch_regions
from kembar.core.services import restore, soft_delete
from kembar.dashboards import selectors
from kembar.evaluation.selectors import regions_settings
from kembar.monitoring.models import Fulfilment, ObligationTerms
from kembar.regions.models import RegionProfile
from kembar.testing import make_member, make_obligation

from .factories import KEPT_PORTFOLIO

pytestmark = pytest.mark.django_db

N = KEPT_PORTFOLIO


def shown(board) -> dict:
    """Everything the dashboard shows that comes from the cooperations' own figures."""
    return {
        "health": [repr(h) for h in board.health],
        "dormant": [h.cooperation.pk for h in board.dormant],
        "at_risk": [h.cooperation.pk for h in board.at_risk],
        "expiring": [repr(e) for e in board.expiring],
        "overdue": [repr(o) for o in board.overdue],
        "due_soon": [repr(d) for d in board.due_soon],
        "per_year": board.per_year,
        "balance": repr(board.balance),
        "workload": repr(board.capacity),
    }


class Dashboard:
    """Region_dashboard called as the view calls it: each time with what the last call kept."""

    def __init__(self, region, today):
        self.region, self.today, self.kept = region, today, None

    def __call__(self, today=None):
        self.region.refresh_from_db()
        board = selectors.region_dashboard(region=self.region, today=today or self.today, kept=self.kept)
        self.kept = board.kept
        fresh = selectors.region_dashboard(region=self.region, today=today or self.today)
        assert shown(board) == shown(fresh)  # kept or not, the same figures
        return board


def test_unchanged_cooperations_are_not_computed_again(bandung, coops, today):
    board = Dashboard(bandung, today)
    assert board().recomputed == N
    again = board()
    assert again.recomputed == 0 and len(again.health) == N


def test_each_kind_of_dossier_write_recomputes_its_cooperation_only(bandung, bogor, coops, today, staff):
    board = Dashboard(bandung, today)
    first = board()
    dormant = next(c for c in coops if c.pk in {h.cooperation.pk for h in first.dormant})

    # An activity today: the cooperation is no longer dormant, and this year counts one more.
    act = Activity.objects.create(
        region=bandung, cooperation=dormant, title="Kunjungan", date=DateSpec.parse(today), beneficiary="both"
    )
    after = board()
    assert after.recomputed == 1
    assert dormant.pk not in {h.cooperation.pk for h in after.dormant}
    assert after.activities_this_year == first.activities_this_year + 1
    assert after.balance.both == first.balance.both + 1

    # Deleting it brings the dormancy back; restoring it takes it away again.
    soft_delete(act, by=staff)
    assert board().recomputed == 1 and dormant.pk in {h.cooperation.pk for h in board().dormant}
    restore(act, by=staff)
    assert board().recomputed == 1

    # An MoU signed five years ago, for five years: it expires within the horizon.
    quiet = coops[1]
    signed = DateSpec.parse(today - dt.timedelta(days=5 * 365 - 20))
    mou = Document(region=bandung, cooperation=quiet, kind="mou", title="MoU baru", date=signed, duration_months=60)
    mou.clean()
    mou.save()
    after = board()
    assert after.recomputed == 1 and "MoU baru" in {e.title for e in after.expiring}

    # An obligation overdue since last year, then its terms, then a fulfilment.
    obligation = make_obligation(quiet, starts=(today - dt.timedelta(days=400)).isoformat(), text="Rapat kerja")
    after = board()
    assert after.recomputed == 1 and "Rapat kerja" in {o.text for o in after.overdue}
    terms = ObligationTerms.objects.create(region=bandung, obligation=obligation, recurrence="yearly", grace_days=3000)
    after = board()
    assert after.recomputed == 1 and "Rapat kerja" not in {o.text for o in after.overdue}  # the grace runs
    terms.delete()
    after = board()
    assert after.recomputed == 1 and "Rapat kerja" in {o.text for o in after.overdue}
    due = next(o.since for o in after.overdue if o.text == "Rapat kerja")
    Fulfilment.objects.create(
        region=bandung,
        cooperation=quiet,
        obligation=obligation,
        due=due,
        fulfilled_on=DateSpec.parse(due),
        evidence="Notulen",
    )
    assert board().recomputed == 1

    # The cooperation itself: its title shows in its rows, its person in charge in the workload.
    quiet.title = "Kerja sama yang diganti namanya"
    quiet.person_in_charge = "Dewi"
    quiet.save()
    after = board()
    assert after.recomputed == 1 and quiet.title in {h.cooperation.title for h in after.health}
    assert "Dewi" in {p.name for p in after.capacity.people}

    # Another region's writes change nothing here.
    other = Cooperation.objects.filter(region=bogor).first()
    Activity.objects.create(region=bogor, cooperation=other, title="Lain", date=DateSpec.parse(today))
    assert board().recomputed == 0


def met(board) -> int:
    return sum(h.verdicts["met"] for h in board.health)


def test_a_new_portfolio_or_staff_judges_the_kept_verdicts_again(bandung, coops, today):
    """The portfolio and the staff feed one indicator, the same for every cooperation of the region (staff per
    cooperation): a change judges the kept verdicts again instead of computing every cooperation."""
    live = regions_settings({bandung.pk})[bandung.pk].portfolio
    assert live == 10  # the portfolio's statuses: two of the twelve ended
    profile = RegionProfile.objects.create(region=bandung, bureau_staff=3)  # 10 per 3 staff: fair
    # One cooperation whose commitment rests on the staff alone: started two months ago, active since, its
    # obligation not yet due (the portfolio's others are long silent: not met whatever the staff).
    recent = coops[2]
    recent.started = DateSpec.parse(today - dt.timedelta(days=60))
    recent.save()
    for obligation in Obligation.objects.filter(cooperation=recent):
        obligation.starts = (today - dt.timedelta(days=10)).isoformat()
        obligation.save()
    board = Dashboard(bandung, today)
    first = board()
    assert first.recomputed == N

    # A cooperation ends: 9 per 3 staff is good. Its own figures are computed, the others' verdicts judged
    # again (and equal to a computation from scratch: Dashboard checks every call).
    coops[0].status = "ended"
    coops[0].save()
    ended = board()
    assert (ended.recomputed, ended.rejudged) == (1, N - 1)
    assert met(ended) > met(first)

    # The bureau loses two staff: 9 per 1 is poor. Nothing of any cooperation changed.
    profile.bureau_staff = 1
    profile.save()
    fewer = board()
    assert (fewer.recomputed, fewer.rejudged) == (0, N)
    assert met(fewer) < met(ended)

    # Staff that leave the indicator's state as it was change no verdict: nothing is judged again.
    for staff in (100, 200):
        profile.bureau_staff = staff
        profile.save()
        board()
    assert (board().recomputed, board().rejudged) == (0, 0)


def test_what_every_cooperation_depends_on_recomputes_them_all(bandung, coops, today):
    board = Dashboard(bandung, today)
    board()
    # The region's thresholds.
    RegionProfile.objects.create(region=bandung, quiet_months=6, dormant_months=12)
    assert board().recomputed == N
    # Another day.
    assert board(today + dt.timedelta(days=1)).recomputed == N
    assert board().recomputed == N
    # Another language: reasons are written in it.
    with translation.override("id"):
        board()
        with translation.override("en"):
            assert board().recomputed == N
    # A bulk write names no cooperation: all of them.
    touch_regions([bandung.pk])
    assert board().recomputed == N


def test_after_one_write_the_page_shows_it_in_as_many_queries(client, bandung, coops, today):
    """Through the view: the cooperation's figures kept by the first visit serve the next visit after a write."""
    leader = make_member("walikota", bandung, Role.LEADERSHIP)
    client.force_login(leader)
    url = reverse("dashboard", args=[bandung.code])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    target = coops[1]  # dormant since 2019
    Activity.objects.create(
        region=bandung, cooperation=target, title="Kunjungan kerja", date=DateSpec.parse(today), beneficiary="region"
    )
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    board = response.context["board"]
    assert board.recomputed == 1 and target.pk not in {h.cooperation.pk for h in board.dormant}
    # The same reads: every cooperation's stamp, then those to compute in full (all of them, or one).
    assert len(cold) == len(warm) == 18
