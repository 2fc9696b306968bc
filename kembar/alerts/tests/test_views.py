"""The alerts page, reading, preferences and the nav badge."""

import pytest
from django.db import connection
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.accounts.models import Membership
from kembar.alerts import services
from kembar.alerts.models import Alert, Preference
from kembar.testing import queries_of

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted(world, bandung, bogor):
    services.alerts_generate(region=bandung, as_of=AS_OF)
    services.alerts_generate(region=bogor, as_of=AS_OF)


def test_list_shows_own_alerts_unread_first(client, alerted, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    first = Alert.objects.filter(user=staff).order_by("pk").first()
    services.alert_mark_read(alert=first, by=staff)
    html = client.get(reverse("alert_list")).content.decode()
    assert "Bandung–Liuzhou" in html and "Bandung–Hamamatsu" in html
    assert "Saint-Étienne" not in html
    unread = Alert.objects.filter(user=staff, read_at__isnull=True).get()
    assert html.index(unread.title) < html.index(first.title)
    assert 'href="/r/32.73/cooperations/' in html


def test_mark_read_and_all_read(client, alerted, staff, bureau_admin):
    client.force_login(staff)
    mine = Alert.objects.filter(user=staff).first()
    assert client.post(reverse("alert_read", kwargs={"pk": mine.pk})).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert mine.history.first().history_user == staff
    # Someone else's alert: 404, unchanged.
    theirs = Alert.objects.filter(user=bureau_admin).first()
    assert client.post(reverse("alert_read", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("alert_read", kwargs={"pk": mine.pk})).status_code == 405
    assert client.post(reverse("alert_read_all")).status_code == 302
    assert not Alert.objects.filter(user=staff, read_at__isnull=True).exists()
    assert Alert.objects.filter(user=bureau_admin, read_at__isnull=True).count() == 2


def test_alerts_of_a_region_left_are_hidden(client, alerted, staff):
    Membership.objects.filter(user=staff).delete()
    client.force_login(staff)
    html = client.get(reverse("alert_list")).content.decode()
    assert "Bandung–Liuzhou" not in html
    mine = Alert.objects.filter(user=staff).first()
    assert client.post(reverse("alert_read", kwargs={"pk": mine.pk})).status_code == 404


def test_preferences_bad_input_changes_nothing(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("alert_preferences"), {"language": "xx", "email": "on"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()
    assert client.post(reverse("alert_preferences"), {"language": "en"}).status_code == 302
    assert Preference.objects.filter(user=staff, language="en", email=False).exists()


def test_list_query_count_is_fixed(client, world, bandung, staff):
    client.force_login(staff)
    services.alerts_generate(region=bandung, as_of=AS_OF)
    small = queries_of(client, reverse("alert_list"))
    from kembar.alerts.rules import Candidate

    found = [
        Candidate(world["liuzhou"], "dormancy", "quiet", f"dormancy:test:{i}", "Bandung–Liuzhou", data={"months": i})
        for i in range(40)
    ]
    services.alerts_generate(region=bandung, as_of=AS_OF, found=found)
    assert queries_of(client, reverse("alert_list")) == small


def test_nav_badge_costs_no_query(client, alerted, staff, rf: RequestFactory):
    """The count is stored on the user (kembar/alerts/unread.py), which the authentication middleware reads
    anyway: the badge counts nothing."""
    request = rf.get("/")
    request.user = type(staff).objects.get(pk=staff.pk)  # as the authentication middleware reads it
    template = Template("{% load alerts %}{% unread_alerts as n %}{{ n }}")
    with CaptureQueriesContext(connection) as q:
        assert template.render(RequestContext(request)) == "2"
    assert len(q) == 0
    # On a page, the badge shows; anonymous pages (login) never touch the alerts table.
    client.force_login(staff)
    html = client.get(reverse("alert_feed")).content.decode()
    assert 'href="/alerts/"' in html and 'class="badge warn">2' in html
    client.logout()
    with CaptureQueriesContext(connection) as q:
        assert client.get(reverse("login")).status_code == 200
    assert not any("alerts_alert" in x["sql"] for x in q.captured_queries)
    assert Template("{% load alerts %}{% unread_alerts %}").render(Context({})) == "0"
