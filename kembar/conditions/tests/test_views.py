"""The conditions panel on the dossier and the checklist page, as the bureau uses them."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.conditions.models import ConditionAttestation
from kembar.conditions.services import condition_attest
from kembar.cooperations import services as coop_services
from kembar.cooperations.selectors import cooperation_get
from kembar.testing import fill_dossier, make_cooperation, queries_of


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def url(name, coop):
    return reverse(name, kwargs={"code": coop.region.code, "ref": coop.ref})


def test_dossier_panel_warns_of_no_diplomatic_relations(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="israel", country="IL", by=staff)
    html = staff_client.get(url("cooperation_detail", coop)).content.decode()
    assert 'id="h-conditions"' in html
    assert 'role="alert"' in html and "Blocking: no diplomatic relations." in html
    assert "Only with a country that has diplomatic relations with Indonesia" in html
    assert "Indonesia has no diplomatic relations with Israel." in html
    assert "follows no rule pack" in html  # the current law's sets, said so
    assert "unconfirmed" in html  # PP 28/2018 additions are marked
    assert html.index("Only with a country") < html.index("Approved by the regional parliament")
    assert url("condition_checklist", coop) in html


def test_dossier_panel_without_a_problem_shows_no_warning(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="china", country="CN", by=staff, rule_pack="permendagri-3-2008")
    html = staff_client.get(url("cooperation_detail", coop)).content.decode()
    assert "Blocking: no diplomatic relations." not in html
    assert "follows no rule pack" not in html
    assert "1 not met" in html  # no DPRD approval on file


def test_checklist_page_lists_every_set_with_sources(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="uni", by=staff, form="institution", type="KSDLL", fields=["Pariwisata"])
    html = staff_client.get(url("condition_checklist", coop)).content.decode()
    for text in (
        "Conditions (Permenlu 09/A/KP/XII/2006/01)",
        "Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01",
        "Additions of PP 28/2018",
        "Sister-city partner criteria",
        "Does not apply to this form of cooperation",
        "Every field of cooperation falls within the fields the law allows.",
        "Record attestation",
    ):
        assert text in html, text
    assert html.count('action="/r/32.73/cooperations/uni/conditions/attest/"') == 5 + 3 + 1


def test_attest_then_see_who_and_the_evidence(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="c", by=staff)
    doc = coop_services.document_create(cooperation=coop, by=staff, kind="other", title="Notulen FKPD")
    response = staff_client.post(
        url("condition_attest", coop),
        {
            "set_id": "permenlu-2006",
            "item_id": "stability",
            "met": "yes",
            "evidence": "Notulen rapat FKPD 3 Mei.",
            "evidence_document": doc.pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#c-permenlu-2006--stability")
    attestation = ConditionAttestation.objects.get()
    assert (attestation.met, attestation.evidence_document, attestation.attested_by) == (True, doc, staff)
    html = staff_client.get(url("condition_checklist", coop)).content.decode()
    assert "Attested by Staf" in html and "Notulen rapat FKPD 3 Mei." in html and "Notulen FKPD" in html
    assert "Attest again" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"evidence": ""}, "the evidence is required"),
        ({"item_id": "nope"}, "This is not one of the conditions of this cooperation."),
        ({"item_id": "diplomatic-relations"}, "decided automatically"),
        ({"met": ""}, "This field is required."),
        ({"evidence_document": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_attestation_shows_the_error_and_changes_nothing(staff_client, bandung, staff, data, message):
    coop = make_cooperation(bandung, ref="c", by=staff)
    post = {"set_id": "permenlu-2006", "item_id": "stability", "met": "no", "evidence": "Bukti."}
    post.update(data)
    response = staff_client.post(url("condition_attest", coop), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConditionAttestation.objects.exists()


def test_document_of_another_cooperation_is_not_a_choice(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="c", by=staff)
    other = make_cooperation(bandung, ref="d", by=staff, partner=coop.partner)
    doc = coop_services.document_create(cooperation=other, by=staff, kind="other", title="Milik kerja sama lain")
    post = {"set_id": "permenlu-2006", "item_id": "stability", "met": "yes", "evidence": "x"}
    post["evidence_document"] = doc.pk
    response = staff_client.post(url("condition_attest", coop), post)
    assert "Select a valid choice." in response.content.decode()
    assert not ConditionAttestation.objects.exists()


def _grow(coop, staff, n):
    fill_dossier(coop, n=n)
    for i in range(n):
        condition_attest(
            cooperation=coop,
            by=staff,
            set_id="permenlu-2006",
            item_id="stability",
            met=bool(i % 2),
            evidence=f"Bukti {i}",
        )


def test_panel_query_count_is_constant(bandung, staff):
    """The panel alone: the same queries for a small and a large dossier."""
    small = make_cooperation(bandung, ref="small", by=staff)
    _grow(small, staff, 2)
    big = make_cooperation(bandung, ref="big", by=staff, partner=small.partner)
    _grow(big, staff, 60)
    request = RequestFactory().get("/")
    template = Template("{% load conditions_tags %}{% conditions_panel coop %}")
    counts = []
    for ref in ("small", "big"):
        coop = cooperation_get(region=bandung, ref=ref)
        request.region = bandung
        with CaptureQueriesContext(connection) as ctx:
            html = template.render(Context({"coop": coop, "request": request}))
        assert "h-conditions" in html
        counts.append(len(ctx))
    # The pack followed (cached on the cooperation: free on the dossier page, after the procedure
    # panel), the document kinds on file, the attestations.
    assert counts == [3, 3]


def test_checklist_page_query_count_does_not_grow(staff_client, bandung, staff):
    small = make_cooperation(bandung, ref="small", by=staff)
    _grow(small, staff, 2)
    big = make_cooperation(bandung, ref="big", by=staff, partner=small.partner)
    _grow(big, staff, 60)
    few = queries_of(staff_client, url("condition_checklist", small))
    many = queries_of(staff_client, url("condition_checklist", big))
    assert few == many
