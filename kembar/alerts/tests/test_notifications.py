"""An obligation falling due reaches the cooperation's person in charge: by the daily run, and at once by the
write that makes one due."""

import datetime as dt

from django.utils import timezone

from kembar.accounts.models import Role
from kembar.alerts import services
from kembar.alerts.models import Alert
from kembar.testing import make_cooperation, make_member, make_obligation


def _person(region, username="rina"):
    user = make_member(username, region, Role.LEADERSHIP)
    user.first_name, user.last_name = "Rina", "Kartika"
    user.save()
    return user


def test_the_person_in_charge_hears_of_an_obligation_falling_due_from_the_daily_run(bandung, staff):
    rina = _person(bandung)
    coop = make_cooperation(bandung, by=staff, person_in_charge="Rina Kartika")
    today = timezone.localdate()
    make_obligation(coop, starts=(today + dt.timedelta(days=10)).isoformat(), recurrence="once")
    services.alerts_run(as_of=today - dt.timedelta(days=60))  # not due yet then
    assert not Alert.objects.filter(user=rina).exists()
    services.alerts_run(as_of=today)  # the day's run: due within the month
    (alert,) = Alert.objects.filter(user=rina)
    assert (alert.kind, alert.level, alert.cooperation) == ("obligation", "due", coop)


def test_the_write_that_makes_an_obligation_due_tells_the_person_in_charge_at_once(
    bandung, bogor, staff, django_capture_on_commit_callbacks
):
    rina = _person(bandung)
    namesake = _person(bogor, "rina-bogor")
    coop = make_cooperation(bandung, by=staff, person_in_charge="Rina Kartika")
    with django_capture_on_commit_callbacks(execute=True):
        make_obligation(coop, starts=(timezone.localdate() + dt.timedelta(days=5)).isoformat(), recurrence="once")
    assert list(Alert.objects.filter(user=rina).values_list("kind", "level")) == [("obligation", "due")]
    assert not Alert.objects.filter(user=namesake).exists()  # the same name in another region hears nothing
