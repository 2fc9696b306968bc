"""The region dashboard's figures are shared by the workers and kept across restarts (store.py): a worker
without figures of its own starts from the shared ones, computes only what changed since, and never shows a
figure that a computation from scratch would not."""

import datetime as dt
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role
from kembar.cooperations.models import Activity, Cooperation
from kembar.core.dates import DateSpec
from kembar.core.pagecache import clear_local
from kembar.dashboards import selectors, store
from kembar.regions.models import RegionProfile
from kembar.regions.services import region_profile_update
from kembar.testing import make_member

from .factories import KEPT_PORTFOLIO
from .test_kept import shown

pytestmark = pytest.mark.django_db

N = KEPT_PORTFOLIO


def restart():
    """What a restarted worker (or the other worker) has: no page and no figures of its own."""
    caches["default"].clear()
    clear_local()


@pytest.fixture
def visit(client, bandung):
    client.force_login(make_member("walikota", bandung, Role.LEADERSHIP))

    def get(region=bandung):
        response = client.get(reverse("dashboard", args=[region.code]))
        assert response.status_code == 200
        return response.context["board"]

    return get


def fresh(region, today):
    region.refresh_from_db()
    return shown(selectors.region_dashboard(region=region, today=today))


def test_a_restarted_worker_starts_from_the_shared_figures(bandung, coops, today, visit):
    assert visit().recomputed == N  # the first visit ever computes everything, and shares it
    restart()
    board = visit()
    assert board.recomputed == 0
    assert shown(board) == fresh(bandung, today)


def test_writes_since_the_shared_figures_are_computed_after_a_restart(bandung, coops, today, visit):
    visit()
    target = coops[1]  # dormant since 2019
    Activity.objects.create(
        region=bandung, cooperation=target, title="Kunjungan kerja", date=DateSpec.parse(today), beneficiary="region"
    )
    assert visit().recomputed == 1  # this worker: from its own figures (one write is not shared)
    restart()
    board = visit()  # another worker: from the shared figures, older than the write
    assert board.recomputed == 1
    assert target.pk not in {h.cooperation.pk for h in board.dormant}
    assert shown(board) == fresh(bandung, today)


def test_shared_figures_of_other_settings_are_not_used(bandung, coops, today, visit):
    visit()
    RegionProfile.objects.update_or_create(region=bandung, defaults={"quiet_months": 3, "dormant_months": 6})
    restart()
    board = visit()
    assert board.recomputed == N
    assert shown(board) == fresh(bandung, today)


def test_a_status_change_is_shown_after_a_restart(bandung, coops, today, visit):
    visit()
    c = coops[0]
    c.status = Cooperation.Status.ENDED
    c.save()
    restart()
    board = visit()
    assert next(h for h in board.health if h.cooperation.pk == c.pk).cooperation.status == "ended"
    assert shown(board) == fresh(bandung, today)


def test_each_region_and_language_reads_only_its_own(bandung, bogor, coops, today, visit, client):
    visit()
    restart()
    with translation.override("en"):
        en = store.read(bandung, today)
    assert en is None  # figures of Indonesian visits are not English ones
    assert store.read(bogor, today) is None
    # A Bogor user sees Bogor's figures, computed for Bogor, never Bandung's shared ones.
    client.force_login(make_member("walikota-bogor", bogor, Role.LEADERSHIP))
    board = client.get(reverse("dashboard", args=[bogor.code])).context["board"]
    assert board.recomputed == 3
    assert {h.cooperation.title for h in board.health} == {f"Kerja sama b{i:04d}" for i in range(3)}
    assert client.get(reverse("dashboard", args=[bandung.code])).status_code in (302, 403, 404)


def test_figures_of_another_version_or_damaged_are_computed_again(bandung, coops, today, visit, monkeypatch):
    visit()
    restart()
    monkeypatch.setattr(store, "code_digest", lambda: "another-version")
    assert visit().recomputed == N
    monkeypatch.undo()
    restart()
    caches["figures"].set(store._key(bandung.pk, today), {"not": "figures"})
    assert visit().recomputed == N
    restart()
    path = caches["figures"]._key_to_file(store._key(bandung.pk, today))
    with open(path, "wb") as f:
        f.write(b"\x00damaged")
    board = visit()
    assert board.recomputed == N
    assert shown(board) == fresh(bandung, today)


def test_nothing_is_shared_while_the_page_cache_is_off(bandung, coops, today, visit, settings):
    settings.KEMBAR_PAGE_CACHE_SECONDS = 0
    visit()
    assert store.read(bandung, today) is None
    settings.KEMBAR_PAGE_CACHE_SECONDS = 300
    assert store.read(bandung, today) is None
    with pytest.raises(CommandError):
        settings.KEMBAR_PAGE_CACHE_SECONDS = 0
        call_command("dashboards", "warm")


def test_warm_computes_every_region_ahead_of_the_first_visit(bandung, bogor, coops, today, visit):
    out = StringIO()
    call_command("dashboards", "warm", stdout=out)
    assert "2 daerah dalam 2 bahasa, 15 kerja sama, 30 dihitung" in out.getvalue()
    board = visit()
    assert board.recomputed == 0
    assert shown(board) == fresh(bandung, today)
    with translation.override("en"):
        kept = store.read(bandung, today)
    assert kept is not None and kept.basis[1] == "en"
    # A second run computes only what changed.
    Activity.objects.create(region=bogor, cooperation=Cooperation.objects.filter(region=bogor).first(), title="x")
    out = StringIO()
    call_command("dashboards", "warm", "--region", bogor.code, "--language", "id", stdout=out)
    assert "1 daerah dalam 1 bahasa, 3 kerja sama, 1 dihitung" in out.getvalue()


def test_warm_for_another_day(bandung, coops, today, visit):
    tomorrow = today + dt.timedelta(days=1)
    call_command("dashboards", "warm", "--date", tomorrow.isoformat(), stdout=StringIO())
    assert store.read(bandung, tomorrow) is not None
    assert store.read(bandung, today) is None


@pytest.mark.parametrize(
    "args, message",
    [
        (["--region", "99.99"], "99.99"),
        (["--language", "fr"], "fr"),
        (["--date", "28-11-2026"], "YYYY-MM-DD"),
    ],
)
def test_warm_refuses_bad_input_and_keeps_nothing(bandung, coops, today, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("dashboards", "warm", *args)
    assert store.read(bandung, today) is None


def test_the_collector_is_paused_while_figures_are_read_back(bandung, coops, today, visit, monkeypatch):
    import gc

    visit()
    restart()
    seen = []
    real = store.read

    def reading(region, day):
        seen.append(gc.isenabled())
        return real(region, day)

    monkeypatch.setattr(store, "read", reading)
    assert visit().recomputed == 0
    assert seen == [False] and gc.isenabled()


def test_a_change_of_thresholds_is_computed_once_and_shared(
    bandung, coops, today, visit, django_capture_on_commit_callbacks
):
    """New quiet and dormant thresholds change every cooperation's figures: the change computes them once
    (a task after the transaction), and no worker computes them again, this one included."""
    from kembar.evaluation.services import dormancy_settings_update

    visit()
    admin = make_member("admin-biro", bandung, Role.BUREAU_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        dormancy_settings_update(region=bandung, by=admin, quiet_months=3, dormant_months=6)
    board = visit()  # this worker still keeps the figures of the old thresholds: the shared ones serve
    assert board.recomputed == 0
    assert shown(board) == fresh(bandung, today)
    restart()
    assert visit().recomputed == 0  # the other worker too
    # The same thresholds again change nothing, and queue nothing.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        dormancy_settings_update(region=bandung, by=admin, quiet_months=3, dormant_months=6)
    assert queued == []
    # The LoI follow-up moves deadlines of every cooperation; the staff only judges verdicts again.
    with django_capture_on_commit_callbacks() as queued:
        region_profile_update(region=bandung, by=admin, loi_followup_months=6)
        region_profile_update(region=bandung, by=admin, bureau_staff=9)
    assert len(queued) == 1


def test_a_deleted_profile_brought_back_is_computed_once_and_shared(
    bandung, coops, today, visit, django_capture_on_commit_callbacks
):
    """A deleted profile's thresholds are not in force (the defaults are); saving it again with the same
    values brings them back, so every cooperation's figures change and are computed once, as for new ones."""
    from kembar.core.services import soft_delete
    from kembar.evaluation.services import dormancy_settings_update
    from kembar.regions.models import RegionProfile

    admin = make_member("admin-biro", bandung, Role.BUREAU_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        dormancy_settings_update(region=bandung, by=admin, quiet_months=3, dormant_months=6)
    soft_delete(RegionProfile.objects.get(region=bandung), by=admin)
    visit()  # the defaults' figures
    with django_capture_on_commit_callbacks(execute=True) as queued:
        dormancy_settings_update(region=bandung, by=admin, quiet_months=3, dormant_months=6)
    assert len(queued) == 1
    board = visit()
    assert board.recomputed == 0
    assert shown(board) == fresh(bandung, today)
