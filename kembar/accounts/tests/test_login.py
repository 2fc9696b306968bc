import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import make_member


def test_login_lands_on_the_only_region(client, staff, bandung):
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cooperation_list", kwargs={"code": "32.73"})


def test_a_wrong_password_is_refused_in_plain_indonesian(client, staff, bandung):
    response = client.post(reverse("login"), {"username": "staf", "password": "salah"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["Masukkan nama pengguna dan sandi yang benar. Huruf besar dan kecil pada keduanya dibedakan."]


def test_several_regions_offer_the_switcher(client, bandung, bogor):
    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    from kembar.accounts.models import Membership

    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    client.force_login(user)
    html = client.get(reverse("cooperation_list", kwargs={"code": "32.01"})).content.decode()
    assert 'name="code"' in html and "Kota Bandung" in html and "Kabupaten Bogor" in html
    assert "hanya baca" in html  # leadership in Bogor: read-only badge


def test_repeated_failed_logins_are_locked_out(client, staff, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staf", "password": "salah"})
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    assert response.status_code == 429


@pytest.mark.parametrize("path", ["/admin/", "/admin/cooperations/cooperation/"])
def test_django_admin_for_superusers_only(client, staff, path, admin_user):
    client.force_login(staff)
    assert client.get(path).status_code == 302
    client.force_login(admin_user)
    assert client.get(path).status_code == 200
