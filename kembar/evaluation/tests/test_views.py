"""The evaluation screen, the dossier panel and the dormancy settings, as the bureau uses them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kembar.evaluation import services
from kembar.evaluation.forms import DormancySettingsForm
from kembar.regions.models import RegionProfile
from kembar.testing import fill_dossier, make_cooperation, queries_of


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
    assert "1 more activity recording whether non-government actors helped plan it would let this be judged" in html
    assert "insufficient evidence" in html
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
    assert response.status_code == 400  # the page, with the field's message, says the query was not understood
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
        counts.append(queries_of(en_client, _url(coop)))
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


# The service's own errors (kembar.regions' RegionProfile.full_clean, or a check of its own), shown on the page
# where the reader looks, the thresholds kept. The form checks what the model checks, so each test lets
# through what the form would have stopped, or stores what the form never sees.


@pytest.fixture
def thresholds(client, bureau_admin, bandung):
    """The bureau admin on the settings page of a region whose thresholds are 6 and 18 months."""
    services.dormancy_settings_update(region=bandung, by=bureau_admin, quiet_months=6, dormant_months=18)
    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    return reverse("evaluation_settings", kwargs={"code": bandung.code})


def _kept(bandung):
    profile = RegionProfile.objects.get(region=bandung)
    return profile.quiet_months, profile.dormant_months, profile.history.count()


def test_a_plain_error_of_the_service_is_shown_above_the_form(client, thresholds, bandung, monkeypatch):
    """An error naming no field (a service's own check, not its model's) is one of the form's errors."""

    def refuse(**kwargs):
        raise ValidationError("The thresholds cannot be changed now.", code="locked")

    monkeypatch.setattr(services, "dormancy_settings_update", refuse)
    before = _kept(bandung)
    response = client.post(thresholds, {"quiet_months": 3, "dormant_months": 9})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["The thresholds cannot be changed now."]
    assert form.has_error("__all__", code="locked") and set(form.errors) == {"__all__"}
    assert '<div class="errors" role="alert"><p>The thresholds cannot be changed now.</p></div>' in (
        response.content.decode()
    )
    assert _kept(bandung) == before


def test_a_field_error_of_the_service_is_shown_on_its_field(client, thresholds, bandung, monkeypatch):
    """The model refuses dormant ≤ quiet too: its error goes on the dormant field, not above the form."""
    monkeypatch.setattr(DormancySettingsForm, "clean", lambda form: form.cleaned_data)  # the model's check speaks
    before = _kept(bandung)
    response = client.post(thresholds, {"quiet_months": 24, "dormant_months": 12})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"dormant_months": ["Dormant must be longer than quiet (24 months)."]}
    assert '<div class="errors" role="alert" id="id_dormant_months_errors"><p>Dormant must be longer than quiet' in (
        response.content.decode()
    )
    assert _kept(bandung) == before


def test_a_field_error_for_a_field_the_form_lacks_is_shown_above_the_form(client, thresholds, bandung):
    """A stored value the model now refuses (the LoI follow-up, another page's field) stops the save; its
    message is shown above the form, since the form has no field to put it on."""
    RegionProfile.objects.filter(region=bandung).update(loi_followup_months=0)
    before = _kept(bandung)
    response = client.post(thresholds, {"quiet_months": 3, "dormant_months": 9})
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": ["At least one month."]}
    assert _kept(bandung) == before


def test_few_records_read_insufficient_evidence_not_poor(client, staff, bandung):
    """Two activities record that the community did not help plan them: the page says there is too little
    evidence (in Indonesian, the default), on the evaluation screen and on the dossier, instead of "poor"."""
    from django.utils import translation

    from kembar.cooperations.services import activity_create

    coop = make_cooperation(bandung, ref="muda", by=staff, started="2024-01-01")
    for day in ("2024-03-01", "2024-06-01"):
        activity_create(cooperation=coop, by=staff, title=f"Kegiatan {day}", date=day, community_in_planning=False)
    client.force_login(staff)
    with translation.override("id"):
        html = client.get(_url(coop, as_of="2024-07-01")).content.decode()
        row = html.split("Bagian kegiatan yang direncanakan bersama pihak non-pemerintah", 1)[1].split("</tr>", 1)[0]
        assert "0 dari 2 kegiatan yang mencatatnya" in row
        assert "bukti tidak cukup" in row and "buruk" not in row
        assert "Tambahan 1 kegiatan yang mencatat apakah pihak nonpemerintah ikut merencanakannya" in html
        dossier = client.get(reverse("cooperation_detail", kwargs={"code": coop.region.code, "ref": coop.ref}))
        panel = dossier.content.decode().split('id="h-evaluation"', 1)[1].split("</section>", 1)[0]
        assert "bukti tidak cukup" in panel


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("id", "Ketentuan yang disepakati (dana, personel, sengketa…)"),
        ("en", "Terms agreed (funding, staff, disputes…)"),
    ],
)
def test_indicator_titles_are_whole_in_both_languages(client, staff, liuzhou, language, title):
    """A comma inside a title once cut it short ("Terms agreed (funding") on the page and in the annual report."""
    client.force_login(staff)
    client.cookies["django_language"] = language
    html = client.get(_url(liuzhou, framework="undp", as_of="2022-05-11")).content.decode()
    assert title in html
