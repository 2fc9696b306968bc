"""In-app notifications of a plan's way through the DPRD: who hears of it, the page that lists them with
links, the unread count in the header, marking read — and that no one sees another user's."""

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role
from kembar.alerts.models import Alert
from kembar.plans import services
from kembar.testing import make_member, pdf_upload

from .conftest import CONTENTS, DAY


@pytest.fixture
def bogor_dprd(bogor):
    return make_member("dprd-bogor", bogor, Role.DPRD)


def _page(client, user) -> str:
    client.force_login(user)
    with translation.override("id"):
        return client.get(reverse("alert_list")).content.decode()


def test_submitting_a_plan_notifies_the_regions_dprd_members(liuzhou, staff, bureau_admin, dprd, bogor_dprd):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    assert not Alert.objects.filter(kind="plan").exists()  # a draft tells no one
    services.plan_submit(plan=plan, by=staff, on=DAY)
    (notice,) = Alert.objects.filter(kind="plan")
    assert (notice.user, notice.level, notice.cooperation, notice.data["plan"]) == (dprd, "submitted", liuzhou, plan.pk)
    with translation.override("en"):
        assert notice.message == "Cooperation plan no. 1 was submitted to the DPRD for its decision."


@pytest.mark.parametrize(("approve", "level"), [(True, "approved"), (False, "rejected")])
def test_the_dprd_decision_notifies_the_bureau(submitted, staff, bureau_admin, dprd, bogor_staff, approve, level):
    letter = pdf_upload("sk.pdf") if approve else None
    services.plan_decide(plan=submitted, by=dprd, approve=approve, notes="Catatan DPRD.", letter=letter)
    decided = Alert.objects.filter(kind="plan").exclude(level="submitted")
    expected = {(staff.username, level), (bureau_admin.username, level)}
    assert set(decided.values_list("user__username", "level")) == expected


def test_a_failed_decision_notifies_no_one(submitted, dprd, staff):
    with pytest.raises(Exception):  # noqa: B017, PT011 — the service's own ValidationError
        services.plan_decide(plan=submitted, by=dprd, approve=True)  # no letter
    assert not Alert.objects.filter(user=staff, kind="plan").exists()


def test_the_page_lists_them_with_links_and_the_header_counts_them(client, dprd, submitted):
    html = _page(client, dprd)
    link = reverse("plan_review", kwargs={"code": "32.73", "pk": submitted.pk})
    assert f'href="{link}"' in html
    assert "Rencana kerja sama nomor 1 diajukan kepada DPRD untuk diputuskan." in html
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'class="unread-count"' in header and "1</span> pemberitahuan belum dibaca" in header
    assert client.get(link).status_code == 200  # the link leads to the plan the DPRD decides on


def test_mark_read_one_and_all_are_idempotent_posts(client, dprd, submitted):
    notice = Alert.objects.get(user=dprd, kind="plan")
    client.force_login(dprd)
    url = reverse("alert_read", kwargs={"pk": notice.pk})
    assert client.get(url).status_code == 405  # reading a link changes nothing
    assert client.post(url).status_code == 302
    notice.refresh_from_db()
    first = notice.read_at
    assert first is not None
    assert client.post(url).status_code == 302  # again: still read, at the first time
    notice.refresh_from_db()
    assert notice.read_at == first
    assert 'class="unread-count"' not in _page(client, dprd)

    Alert.objects.filter(pk=notice.pk).update(read_at=None)
    client.force_login(dprd)
    for _ in range(2):
        assert client.post(reverse("alert_read_all")).status_code == 302
    assert not Alert.objects.filter(user=dprd, read_at__isnull=True).exists()


def test_another_users_notifications_are_never_shown(client, dprd, submitted, staff, bogor_dprd):
    notice = Alert.objects.get(user=dprd, kind="plan")
    for other in (staff, bogor_dprd):
        html = _page(client, other)
        assert "nomor 1 diajukan kepada DPRD" not in html and 'class="unread-count"' not in html
        assert client.post(reverse("alert_read", kwargs={"pk": notice.pk})).status_code == 404
        client.post(reverse("alert_read_all"))
    notice.refresh_from_db()
    assert notice.read_at is None  # nobody else's "mark all" reached it


def test_a_member_who_left_the_region_no_longer_sees_its_notifications(client, dprd, submitted):
    from kembar.accounts.models import Membership

    Membership.objects.filter(user=dprd).delete()
    assert "nomor 1 diajukan kepada DPRD" not in _page(client, dprd)
