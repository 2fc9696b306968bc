"""The session's user is read with their memberships and regions in one query (kembar/accounts/backends.py):
the same user, the same access, on SQLite and PostgreSQL."""

import datetime as dt

from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kembar.accounts.access import region_access, user_regions
from kembar.accounts.backends import MemberBackend, user_with_memberships
from kembar.accounts.models import Membership, Role, User
from kembar.core.freshness import touch_regions
from kembar.regions.models import Region
from kembar.testing import make_member


def _fields(user):
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_the_user_equals_the_orm_s_with_every_field_converted(bandung, bogor):
    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now(), is_staff=True, email="dua@example.go.id")
    touch_regions([bandung.pk])
    with CaptureQueriesContext(connection) as queries:
        read = user_with_memberships(str(user.pk))  # the session keeps the id as text
    assert len(queries) == 1
    orm = User.objects.get(pk=user.pk)
    assert _fields(read) == _fields(orm)
    assert isinstance(read.last_login, dt.datetime) and timezone.is_aware(read.last_login)
    assert read.is_staff is True and read.is_active is True
    assert read._state.db == orm._state.db and not read._state.adding
    # Its memberships and regions, as the ORM reads them, with no further query.
    with CaptureQueriesContext(connection) as later:
        regions = user_regions(read)
        access = region_access(read, bogor.code)
    assert len(later) == 0
    assert [r.code for r in regions] == [r.code for r in sorted([bandung, bogor], key=lambda r: (r.name, r.code))]
    assert access.roles == {Role.LEADERSHIP} and not access.can_edit
    fresh = Region.objects.get(pk=bandung.pk)
    kept = next(r for r in regions if r.pk == bandung.pk)
    assert {f.attname: getattr(kept, f.attname) for f in Region._meta.concrete_fields} == {
        f.attname: getattr(fresh, f.attname) for f in Region._meta.concrete_fields
    }
    assert kept.data_changed_at == fresh.data_changed_at and timezone.is_aware(kept.data_changed_at)


def test_national_roles_and_users_without_memberships(overseer, bandung):
    read = user_with_memberships(overseer.pk)
    assert read._kembar_memberships == [(None, Role.NATIONAL_OVERSEER)]
    assert region_access(read, bandung.code).roles == {Role.NATIONAL_OVERSEER}
    lonely = User.objects.create_user(username="sendiri", password="pass-1234")
    read = user_with_memberships(lonely.pk)
    assert read.username == "sendiri" and read._kembar_memberships == [] and user_regions(read) == []


def test_unknown_or_malformed_ids_and_inactive_users_are_nobody(staff):
    assert user_with_memberships(staff.pk + 1000) is None
    assert user_with_memberships("not-a-number") is None
    backend = MemberBackend()
    assert backend.get_user(staff.pk).username == "staf"
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert backend.get_user(staff.pk) is None


def test_a_revoked_membership_takes_effect_on_the_next_request(client, staff, bandung):
    client.force_login(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=staff).delete()
    assert client.get(url).status_code == 404
    request = client.get(reverse("home")).wsgi_request
    assert get_user(request).username == "staf"  # still logged in, just nowhere to go


def test_login_and_password_checks_still_work(client, staff):
    assert not client.login(username="staf", password="salah")
    assert client.login(username="staf", password="pass-1234")
    assert client.get(reverse("home")).wsgi_request.user.username == "staf"
