"""Alerts are current when a user looks: a write that ends (or starts) an alert's condition makes that
cooperation's alerts current when it commits, without waiting for the daily run; `kembar demo` leaves them
current; the daily run still follows the passage of time."""

import datetime as dt

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kembar.alerts import services
from kembar.alerts.models import Alert
from kembar.cooperations import services as coop_services
from kembar.testing import make_cooperation, make_obligation


def _dormant(region, by, ref="tidur", title="Kerja Sama Tidur"):
    """Started in 2010, last activity in 2015: dormant today."""
    coop = make_cooperation(region, by=by, ref=ref, title=title, started="2010-03-01")
    coop_services.activity_create(cooperation=coop, by=by, title="Kunjungan", date="2015-05-05")
    return coop


def _alerts_page(client, user) -> str:
    client.force_login(user)
    with translation.override("id"):
        return client.get(reverse("alert_list"), HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_recording_an_activity_clears_the_dormant_alert_on_the_next_page_view(
    client, bandung, staff, django_capture_on_commit_callbacks
):
    coop = _dormant(bandung, staff)
    other = _dormant(bandung, staff, ref="tidur-lain", title="Kerja Sama Lain")
    services.alerts_run(as_of=timezone.localdate())
    assert set(Alert.objects.filter(user=staff, kind="dormancy").values_list("cooperation__ref", "level")) == {
        ("tidur", "dormant"),
        ("tidur-lain", "dormant"),
    }
    assert "Kerja Sama Tidur" in _alerts_page(client, staff)

    with django_capture_on_commit_callbacks(execute=True):
        coop_services.activity_create(
            cooperation=coop, by=staff, title="Kunjungan balasan", date=timezone.localdate().isoformat()
        )
        assert Alert.objects.filter(cooperation=coop, kind="dormancy").exists()  # until the write commits

    html = _alerts_page(client, staff)
    assert "Kerja Sama Tidur" not in html  # woken: its alert is gone at once
    assert "Kerja Sama Lain" in html  # another cooperation's alert is left alone
    assert Alert.objects.filter(cooperation=other, kind="dormancy").exists()


def test_a_write_that_starts_a_condition_alerts_at_once(
    bandung, staff, bureau_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coop = _dormant(bandung, staff)
    assert set(Alert.objects.filter(cooperation=coop).values_list("user__username", "kind", "level")) == {
        (staff.username, "dormancy", "dormant"),
        (bureau_admin.username, "dormancy", "dormant"),
    }


def test_fulfilling_an_obligation_clears_its_overdue_alert(bandung, staff, django_capture_on_commit_callbacks):
    from kembar.monitoring.services import fulfilment_record

    coop = make_cooperation(bandung, by=staff, ref="wajib")
    last_year = timezone.localdate() - dt.timedelta(days=400)
    obligation = make_obligation(coop, starts=last_year.isoformat(), recurrence="once")
    services.alerts_run(as_of=timezone.localdate())
    overdue = Alert.objects.get(user=staff, kind="obligation")
    assert overdue.level == "overdue"

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment_record(
            obligation=obligation, by=staff, fulfilled_on=last_year.isoformat(), evidence="Notulen rapat", due=last_year
        )
    assert not Alert.all_objects.filter(kind="obligation", cooperation=coop).exists()


def test_a_rolled_back_write_changes_no_alert(bandung, staff, django_capture_on_commit_callbacks):
    from django.db import transaction

    coop = _dormant(bandung, staff)
    services.alerts_run(as_of=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sid = transaction.savepoint()
        coop_services.activity_create(cooperation=coop, by=staff, title="Batal", date=timezone.localdate().isoformat())
        transaction.savepoint_rollback(sid)
    assert Alert.objects.filter(cooperation=coop, kind="dormancy").exists()


def test_the_daily_run_follows_time_and_removes_what_no_longer_holds(bandung, staff):
    coop = _dormant(bandung, staff)
    services.alerts_run(as_of=dt.date(2016, 9, 1))  # 15 months after the activity: quiet
    assert set(Alert.objects.filter(cooperation=coop, user=staff).values_list("level", flat=True)) == {"quiet"}
    services.alerts_run(as_of=timezone.localdate())  # years later: dormant, and no longer merely quiet
    assert set(Alert.objects.filter(cooperation=coop, user=staff).values_list("level", flat=True)) == {"dormant"}


def test_demo_leaves_alerts_current(db, client):
    from kembar.accounts.models import User

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = User.objects.get(username="bandung-staf")
    dormant = Alert.objects.filter(user=staff, kind="dormancy", level="dormant")
    assert dormant.exists()
    html = _alerts_page(client, staff)
    assert "Tidak ada peringatan." not in html
    assert all(a.cooperation.title in html for a in dormant)


def test_a_writes_refresh_costs_the_same_however_large_the_region(bandung, staff):
    from kembar.testing import queries_in

    coop = _dormant(bandung, staff)
    alone = queries_in(lambda: services.alerts_refresh(cooperation_ids=[coop.pk]))
    for i in range(15):
        _dormant(bandung, staff, ref=f"lain-{i}", title=f"Lain {i}")
    services.alerts_run(as_of=timezone.localdate())
    crowded = queries_in(lambda: services.alerts_refresh(cooperation_ids=[coop.pk]))
    assert crowded == alone


def test_an_mou_filed_after_the_letter_of_intent_clears_its_alert(bandung, staff, django_capture_on_commit_callbacks):
    coop = make_cooperation(bandung, by=staff, ref="niat")
    coop_services.document_create(cooperation=coop, by=staff, kind="loi", title="LoI", date="2004-04-01")
    services.alerts_run(as_of=timezone.localdate())
    assert Alert.objects.filter(cooperation=coop, kind="loi").exists()
    with django_capture_on_commit_callbacks(execute=True):
        coop_services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2005-01-10")
    assert not Alert.objects.filter(cooperation=coop, kind="loi").exists()


def test_a_failing_alert_source_does_not_fail_the_write(
    bandung, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from kembar.cooperations.models import Activity

    coop = _dormant(bandung, staff)

    def broken(**kwargs):
        raise RuntimeError("source down")

    monkeypatch.setattr(services, "alerts_refresh", broken)
    with django_capture_on_commit_callbacks(execute=True):
        coop_services.activity_create(cooperation=coop, by=staff, title="Tetap", date=timezone.localdate().isoformat())
    assert Activity.objects.filter(cooperation=coop, title="Tetap").exists()


def test_a_new_activity_of_a_cooperation_without_alerts_costs_no_refresh(
    bandung, staff, django_capture_on_commit_callbacks
):
    """A new activity can only end a silence, so where no condition alert is held there is nothing to make
    current: the write skips the refresh (its 16 queries), and the alerts stay as the daily run left them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coop = make_cooperation(bandung, by=staff, ref="aktif", started="2024-01-01")
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        coop_services.activity_create(cooperation=coop, by=staff, title="Rapat", date="2024-06-01")
    assert not [q for q in queries.captured_queries if "monitoring_fulfilment" in q["sql"]]
    assert not Alert.objects.filter(cooperation=coop).exists()
    # A dormant one holds an alert: its new activity refreshes, and the alert is cleared.
    dormant = _dormant(bandung, staff)
    services.alerts_run(as_of=timezone.localdate())
    assert Alert.objects.filter(cooperation=dormant, kind="dormancy").exists()
    with django_capture_on_commit_callbacks(execute=True):
        coop_services.activity_create(cooperation=dormant, by=staff, title="Kunjungan", date=str(timezone.localdate()))
    assert not Alert.objects.filter(cooperation=dormant, kind="dormancy").exists()
