"""The demo: Kota Bandung seeks partners on the portal and its bureau sees two confirmed interests, ranked."""

import pytest
from django.core import mail
from django.urls import reverse

from kembar.core.reference import reference_data
from kembar.discovery.demo import demo_discovery
from kembar.regions.models import Region
from kembar.seeking.demo import demo_seeking
from kembar.seeking.models import Interest, Seeking
from kembar.testing import make_member

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_bandungs_search_with_two_confirmed_interests(client):
    reference_data()
    bandung = Region.objects.get(code="32.73")
    make_member("bandung-admin", bandung, "bureau_admin")
    mail.outbox.clear()
    for _run in range(2):  # safe to run again
        demo_discovery(region=bandung)
        demo_seeking(region=bandung)
    assert Seeking.objects.get(region=bandung).active
    interests = Interest.objects.filter(region=bandung)
    assert sorted(interests.values_list("status", flat=True)) == ["new", "new"]
    assert all(i.institution.startswith("Contoh") for i in interests)  # invented senders, marked so
    assert mail.outbox == []  # the demo sends no email
    public = client.get(reverse("seeking_region", args=["32.73"])).content.decode()
    assert "ekonomi kreatif" in public and "Hongik" not in public  # the search is public, the interests are not
    client.force_login(make_member("staf", bandung, "bureau_staff"))
    page = client.get(reverse("seeking_bureau", args=["32.73"])).content.decode()
    assert "Nagoya" in page and "Hongik" in page
