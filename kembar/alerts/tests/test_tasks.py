"""The daily task, its digest emails and the command cron calls."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from kembar.alerts import services
from kembar.alerts.models import Alert
from kembar.alerts.tasks import alerts_daily

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _emails(staff, bureau_admin, bogor_staff):
    for u, addr in ((staff, "staf@bandung.go.id"), (bureau_admin, "admin@bandung.go.id"), (bogor_staff, "")):
        u.email = addr
        u.save()


def test_daily_task_creates_once_and_mails_one_digest_per_user(world, staff, bureau_admin, bogor_staff):
    _emails(staff, bureau_admin, bogor_staff)
    result = alerts_daily.enqueue(as_of=AS_OF.isoformat())
    assert result.return_value["created"] == 5 and result.return_value["failed"] == []
    # One email each to the two Bandung editors; the Bogor user has no address: none, but handled.
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@bandung.go.id", "staf@bandung.go.id"]
    assert not Alert.objects.filter(emailed_at__isnull=True).exists()
    staf_mail = next(m for m in mail.outbox if m.to == ["staf@bandung.go.id"])
    assert "Bandung–Liuzhou" in staf_mail.body and "Bandung–Hamamatsu" in staf_mail.body
    assert "Bogor" not in staf_mail.body  # another region's alert never travels
    assert "http://127.0.0.1:8000/r/32.73/c/bandung-liuzhou/" in staf_mail.body or "/bandung-liuzhou" in staf_mail.body
    html, mime = staf_mail.alternatives[0]
    assert mime == "text/html" and "<a href=" in html and "Bandung–Hamamatsu" in html
    # Indonesian by default (the words follow once the lead's catalogue has them).
    assert '<html lang="id">' in html

    mail.outbox.clear()
    again = alerts_daily.enqueue(as_of=AS_OF.isoformat())
    assert again.return_value["created"] == 0
    assert mail.outbox == []


def test_digest_in_the_users_language_and_links_to_the_dossier(world, staff, bandung):
    staff.email = "staf@bandung.go.id"
    staff.save()
    services.preference_set(user=staff, language="en", email=True)
    services.alerts_generate(region=bandung, as_of=AS_OF)
    assert services.digest_send(user=staff) == 2
    (m,) = mail.outbox
    assert m.subject == "Kembar: 2 new alerts"
    assert "Hello Staf," in m.body
    assert "The agreement expires on 10 May 2026." in m.body
    assert "has not been followed by an MoU" in m.body
    assert "/r/32.73/" in m.body and "bandung-hamamatsu" in m.body
    assert services.digest_send(user=staff) == 0 and len(mail.outbox) == 1


def test_no_digest_when_turned_off(world, staff, bandung):
    staff.email = "staf@bandung.go.id"
    staff.save()
    services.preference_set(user=staff, language="id", email=False)
    services.alerts_generate(region=bandung, as_of=AS_OF)
    assert services.digest_send(user=staff) == 0
    assert mail.outbox == []
    assert Alert.objects.filter(user=staff).count() == 2  # still in the app


def test_command_runs_the_task(world):
    out = io.StringIO()
    call_command("alerts", "run", "--as-of", "2026-03-01", stdout=out)
    assert json.loads(out.getvalue())["created"] == 5
    with translation.override("id"), pytest.raises(CommandError, match="bukan tanggal"):
        call_command("alerts", "run", "--as-of", "1 Maret")
    assert Alert.objects.count() == 5


def test_a_failing_region_does_not_stop_the_others(world, monkeypatch, bandung):
    from kembar.evaluation import selectors as evaluation

    def broken(*, region, as_of):
        if region == bandung:
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(evaluation, "dormancy_alerts", broken)
    result = services.alerts_run(as_of=AS_OF)
    assert result["failed"] == ["32.73"] and result["created"] == 1
    assert not Alert.objects.filter(region=bandung).exists()


def test_default_day_is_today(world):
    result = alerts_daily.enqueue()
    assert result.return_value["as_of"] == dt.date.today().isoformat() or result.return_value["as_of"]
