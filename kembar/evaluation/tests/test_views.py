"""The evaluation screen, the dossier panel and the dormancy settings, as the bureau uses them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.regions.models import RegionProfile
from kembar.testing import fill_dossier, make_cooperation


@pytest.fixture
def en_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def _url(coop, **query):
    url = reverse("cooperation_evaluation", kwargs={"code": coop.region.code, "ref": coop.ref})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_liuzhou_at_the_case_date(en_client, liuzhou):
    html = en_client.get(_url(liuzhou, framework="undp", as_of="2022-05-11")).content.decode()
    assert "Commitment of the parties" in html and "not met" in html
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "2012" in html and "dormant" in html
    assert "overdue since" in html
    assert "1 more activity with non-government actors in its planning would make this partly met" in html
    assert reverse("activity_detail", kwargs={"code": "32.73", "pk": liuzhou_activity(liuzhou)}) in html


def liuzhou_activity(coop):
    from kembar.cooperations.models import Activity

    return Activity.objects.filter(cooperation=coop, kind="aid").values_list("pk", flat=True).get()


def test_tm2009_framework(en_client, liuzhou):
    html = en_client.get(_url(liuzhou, framework="tm2009", as_of="2022-05-11")).content.decode()
    assert "Free flow of information" in html and "Leadership" in html


@pytest.mark.parametrize("query", [{"as_of": "2022-13-45"}, {"framework": "astrology"}])
def test_bad_query_shows_a_message_and_uses_the_defaults(en_client, liuzhou, query):
    response = en_client.get(_url(liuzhou, **query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not a date" in html or "Unknown framework" in html
    assert "UNDP city-to-city key elements" in html


def test_dossier_panel_shows_verdicts_and_state(en_client, liuzhou):
    html = en_client.get(reverse("cooperation_detail", kwargs={"code": "32.73", "ref": liuzhou.ref})).content.decode()
    assert 'id="h-evaluation"' in html and "dossier-timeline-t" in html
    assert "Reciprocity" in html and "obligation overdue" in html


def test_evaluation_page_query_count_does_not_grow(en_client, bandung, staff):
    small = make_cooperation(bandung, ref="small", by=staff)
    fill_dossier(small, n=2)
    big = make_cooperation(bandung, ref="big", by=staff, partner=small.partner)
    fill_dossier(big, n=300)
    counts = []
    for coop in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert en_client.get(_url(coop)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_settings_saved_with_history(client, bureau_admin, bandung):
    client.force_login(bureau_admin)
    url = reverse("evaluation_settings", kwargs={"code": bandung.code})
    assert client.post(url, {"quiet_months": 6, "dormant_months": 18}).status_code == 302
    profile = RegionProfile.objects.get(region=bandung)
    assert (profile.quiet_months, profile.dormant_months) == (6, 18)
    assert profile.history.first().history_user == bureau_admin


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quiet_months": 24, "dormant_months": 12}, "Dormant must be longer than quiet"),
        ({"quiet_months": 0, "dormant_months": 12}, "At least one month."),
        ({"quiet_months": "x", "dormant_months": 12}, "Enter a whole number."),
    ],
)
def test_bad_settings_change_nothing(client, bureau_admin, bandung, data, message):
    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("evaluation_settings", kwargs={"code": bandung.code}), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not RegionProfile.objects.filter(region=bandung).exists()
