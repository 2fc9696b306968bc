"""Authentication is Django's (ModelBackend behind axes, docs/adr/0020); what a user may see is read per request
by kembar.accounts.access: one query for the memberships with their regions, kept on that request's user."""

from django.conf import settings
from django.contrib.auth import get_user
from django.urls import reverse

from kembar.accounts.access import region_access, user_regions
from kembar.accounts.models import Membership, Role, User
from kembar.testing import make_member


def test_the_backends_are_django_s_and_axes():
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_memberships_and_regions_are_read_once_with_one_query(bandung, bogor, django_assert_num_queries):
    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    user = User.objects.get(pk=user.pk)  # as the middleware reads it for a request
    with django_assert_num_queries(1):
        regions = user_regions(user)
        access = region_access(user, bogor.code)
        assert region_access(user, bandung.code).can_edit
    assert [r.code for r in regions] == [r.code for r in sorted([bandung, bogor], key=lambda r: (r.name, r.code))]
    assert access.roles == {Role.LEADERSHIP} and not access.can_edit and access.region == bogor


def test_national_roles_and_users_without_memberships(overseer, bandung, django_assert_num_queries):
    user = User.objects.get(pk=overseer.pk)
    with django_assert_num_queries(2):  # the memberships, then the region (not one of the user's own) by code
        assert region_access(user, bandung.code).roles == {Role.NATIONAL_OVERSEER}
    assert user_regions(user) == []
    lonely = User.objects.create_user(username="sendiri", password="pass-1234")
    assert user_regions(lonely) == []


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


def test_an_inactive_user_cannot_log_in(client, staff):
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert not client.login(username="staf", password="pass-1234")
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
