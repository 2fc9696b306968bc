"""The cooperation list's selected rows: exported to XLSX, or given a person in charge — through the service,
with history, once however often it is sent, by the bureau only and only for the region's own rows."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kembar.accounts.models import Role
from kembar.cooperations.models import Cooperation
from kembar.monitoring.models import Handover
from kembar.testing import make_cooperation, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coops(bandung, staff):
    return [make_cooperation(bandung, by=staff, ref=f"kota-{i}", title=f"Kerja Sama {i}") for i in range(3)]


def _bulk(client, data):
    return client.post(reverse("cooperation_bulk", args=["32.73"]), data)


def test_the_list_offers_boxes_and_the_actions_for_the_selected(client, coops, staff, bandung):
    client.force_login(staff)
    html = client.get(reverse("cooperation_list", args=["32.73"])).content.decode()
    assert html.count('name="ids"') == 3 and 'data-select-all="ids" form="bulk"' in html
    assert 'form id="bulk"' in html and 'value="export"' in html and 'value="assign"' in html
    client.force_login(make_member("pimpinan", bandung, Role.LEADERSHIP))
    html = client.get(reverse("cooperation_list", args=["32.73"])).content.decode()
    assert 'value="export"' in html and 'value="assign"' not in html  # leadership reads and exports only


def test_exporting_the_selected_rows_only(client, coops, staff):
    client.force_login(staff)
    response = _bulk(client, {"action": "export", "ids": [coops[0].pk, coops[2].pk]})
    assert response.status_code == 200
    assert "kembar-32.73-cooperations-selected-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    refs = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert refs == ["kota-0", "kota-2"]


def test_assigning_a_person_records_history_and_a_second_send_changes_nothing(client, coops, staff):
    client.force_login(staff)
    back = reverse("cooperation_list", args=["32.73"]) + "?sort=-title&page=1"
    ids = [coops[0].pk, coops[1].pk]
    with translation.override("id"):
        response = _bulk(client, {"action": "assign", "ids": ids, "person": "Rina Marlina", "back": back})
    assert response.status_code == 302 and response.url == back
    assert list(Cooperation.objects.order_by("ref").values_list("person_in_charge", flat=True)) == [
        "Rina Marlina",
        "Rina Marlina",
        "",
    ]
    history = Cooperation.history.filter(id__in=ids, history_change_reason="assigned")
    assert history.count() == 2 and {h.history_user for h in history} == {staff}
    assert Handover.objects.filter(to_person="Rina Marlina").count() == 2
    before = (Cooperation.history.count(), Handover.objects.count())
    response = _bulk(client, {"action": "assign", "ids": ids, "person": "Rina Marlina"})
    assert response.status_code == 302
    assert (Cooperation.history.count(), Handover.objects.count()) == before  # idempotent
    # Someone else in charge: a handover note is needed, and without it nothing changes.
    response = _bulk(client, {"action": "assign", "ids": [coops[0].pk, coops[2].pk], "person": "Budi"})
    assert response.status_code == 302
    assert Cooperation.objects.get(pk=coops[2].pk).person_in_charge == ""  # all or none
    _bulk(client, {"action": "assign", "ids": [coops[0].pk], "person": "Budi", "handover_note": "Surat JWG 2024."})
    assert Cooperation.objects.get(pk=coops[0].pk).person_in_charge == "Budi"


def test_another_regions_rows_are_refused_and_nothing_changes(client, coops, staff, bogor):
    other = make_cooperation(bogor, ref="bogor-nanning")
    client.force_login(staff)
    for action in ("export", "assign"):
        response = _bulk(client, {"action": action, "ids": [coops[0].pk, other.pk], "person": "Rina"})
        assert response.status_code == 404
    assert _bulk(client, {"action": "assign", "ids": ["1 OR 1=1"], "person": "Rina"}).status_code == 404
    assert set(Cooperation.objects.values_list("person_in_charge", flat=True)) == {""}


def test_read_only_roles_may_export_but_not_assign(client, coops, bandung):
    for role in (Role.LEADERSHIP, Role.DPRD):
        client.force_login(make_member(f"u-{role}", bandung, role))
        assert _bulk(client, {"action": "export", "ids": [coops[0].pk]}).status_code == 200
        assert _bulk(client, {"action": "assign", "ids": [coops[0].pk], "person": "Rina"}).status_code == 403
    assert set(Cooperation.objects.values_list("person_in_charge", flat=True)) == {""}


def test_nothing_selected_says_what_to_do(client, coops, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = _bulk(client, {"action": "export"})
    assert response.status_code == 302 and response.url == reverse("cooperation_list", args=["32.73"])
    assert "Select at least one cooperation first" in client.get(response.url).content.decode()
    # An address elsewhere is never followed back.
    response = _bulk(client, {"action": "export", "back": "https://evil.example/r/32.73/"})
    assert response.url == reverse("cooperation_list", args=["32.73"])
