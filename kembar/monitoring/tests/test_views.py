"""Monitoring's screens as the bureau uses them: dossier panel, obligations, fulfilment, capacity, handover."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.cooperations.models import Cooperation, Obligation
from kembar.monitoring.models import Fulfilment, Handover
from kembar.testing import make_cooperation, queries_of


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def url(name, region, **kw):
    return reverse(name, kwargs={"code": region.code, **kw})


def add_obligations(coops, n):
    rows = []
    for i in range(n):
        coop = coops[i % len(coops)]
        rows.append(
            Obligation(
                region_id=coop.region_id,
                cooperation=coop,
                kind="meeting",
                text=f"Pertemuan {i}",
                starts=f"20{10 + i % 10}-0{1 + i % 9}-15",
                recurrence=["yearly", "quarterly", "once", "monthly"][i % 4],
                fulfilled=[None, False, True][i % 3],
                position=i,
            )
        )
    Obligation.objects.bulk_create(rows)


def test_dossier_panel_shows_overdue_working_group(staff_client, liuzhou_case, bandung):
    html = staff_client.get(url("cooperation_detail", bandung, ref=liuzhou_case.ref)).content.decode()
    assert "Obligations due and handovers" in html
    assert "overdue" in html and "since 21 September 2007" in html


def test_obligations_page_lists_occurrences_and_records_fulfilment(staff_client, liuzhou_case, bandung, staff):
    page = url("cooperation_obligations", bandung, ref=liuzhou_case.ref)
    html = staff_client.get(page).content.decode()
    assert "21 September 2007" in html and "the source says it was not fulfilled" in html
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    form_url = url("fulfilment_create", bandung, pk=obl.pk)
    html = staff_client.get(form_url, {"due": "2010-09-21"}).content.decode()
    assert 'value="2010-09-21" selected' in html
    response = staff_client.post(
        form_url, {"due": "2010-09-21", "fulfilled_on": "2010-09-20", "evidence": "Notulen rapat di Bandung."}
    )
    assert response.status_code == 302 and response["Location"] == page
    f = Fulfilment.objects.get()
    assert (f.due, str(f.fulfilled_on), f.recorded_by) == (dt.date(2010, 9, 21), "2010-09-20", staff)
    html = staff_client.get(page).content.decode()
    assert "Notulen rapat di Bandung." in html


def test_fulfilment_form_bad_input_shows_errors_and_saves_nothing(staff_client, liuzhou_case, bandung):
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    form_url = url("fulfilment_create", bandung, pk=obl.pk)
    response = staff_client.post(form_url, {"due": "2010-09-21", "fulfilled_on": "2001-01-01", "evidence": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html  # evidence
    response = staff_client.post(form_url, {"due": "2010-09-21", "fulfilled_on": "2001-01-01", "evidence": "Ada."})
    assert "is before the obligation starts (21 September 2006)" in response.content.decode()
    response = staff_client.post(form_url, {"due": "2010-09-22", "fulfilled_on": "2010", "evidence": "Ada."})
    assert "Select a valid choice" in response.content.decode()
    response = staff_client.post(form_url, {"due": "2010-09-21", "fulfilled_on": "2010", "evidence": "Notulen\x00\x07"})
    assert "characters that cannot be kept" in response.content.decode()  # not a database error on the NUL
    assert Fulfilment.all_objects.count() == 0


def test_terms_form(staff_client, liuzhou_case, bandung):
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    terms_url = url("obligation_terms_edit", bandung, pk=obl.pk)
    response = staff_client.post(terms_url, {"recurrence": "yearly", "grace_days": "-3", "responsible": "both"})
    assert (
        response.status_code == 200 and "Ensure this value is greater than or equal to 0." in response.content.decode()
    )
    response = staff_client.post(
        terms_url, {"recurrence": "yearly", "grace_days": "90", "responsible": "both", "funding_share": "Each its own"}
    )
    assert response.status_code == 302
    assert obl.monitoring_terms.grace_days == 90


def test_region_due_list(staff_client, liuzhou_case, bandung):
    html = staff_client.get(url("obligation_due_list", bandung)).content.decode()
    assert "Obligations due" in html and liuzhou_case.title in html
    assert "21 September 2007" in html  # overdue since


def test_region_due_list_query_count_does_not_grow(staff_client, bandung, staff):
    small = [make_cooperation(bandung, ref="s-0", by=staff)]
    add_obligations(small, 5)
    few = queries_of(staff_client, url("obligation_due_list", bandung))
    partner = small[0].partner
    more = [make_cooperation(bandung, ref=f"s-{i}", by=staff, partner=partner) for i in range(1, 30)]
    add_obligations(more, 295)
    assert Obligation.objects.count() == 300
    many = queries_of(staff_client, url("obligation_due_list", bandung))
    assert few == many


def test_cooperation_obligations_query_count_does_not_grow(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff)
    add_obligations([coop], 5)
    few = queries_of(staff_client, url("cooperation_obligations", bandung, ref="x"))
    add_obligations([coop], 100)
    assert few == queries_of(staff_client, url("cooperation_obligations", bandung, ref="x"))


def test_dossier_panel_costs_three_queries_whatever_the_size(staff_client, bandung, staff):
    from kembar.monitoring.templatetags.monitoring_tags import monitoring_panel

    coop = make_cooperation(bandung, ref="x", by=staff)
    add_obligations([coop], 200)
    coop = Cooperation.objects.select_related("region").get(pk=coop.pk)
    with CaptureQueriesContext(connection) as ctx:
        panel = monitoring_panel(coop)
    assert len(panel["statuses"]) == 200 and len(ctx) == 3


def test_capacity_page_for_the_demo_data(staff_client, bandung_demo, bandung):
    html = staff_client.get(url("capacity", bandung)).content.decode()
    assert '<strong id="staff">4</strong>' in html
    assert '<strong id="portfolio-total">31</strong>' in html
    assert '<strong id="recorded-total">3</strong>' in html
    assert '<span id="ratio-portfolio">7.75</span>' in html
    assert "Unassigned cooperations" in html and "Saraswati" in html
    assert 'href="/r/32.73/capacity/"' in html  # the nav link


def test_capacity_query_count_does_not_grow(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="c-0", by=staff, status="active", person_in_charge="Rina")
    few = queries_of(staff_client, url("capacity", bandung))
    Cooperation.objects.bulk_create(
        [
            Cooperation(
                region=bandung,
                ref=f"c-{i}",
                title=f"K {i}",
                partner=coop.partner,
                type="KSDPL",
                form="other",
                status="active",
                person_in_charge=f"P{i % 7}",
            )
            for i in range(1, 120)
        ]
    )
    assert few == queries_of(staff_client, url("capacity", bandung))


def test_bureau_admin_updates_staff_count(client, bandung_demo, bandung, bureau_admin, staff):
    client.force_login(bureau_admin)
    client.cookies["django_language"] = "en"
    staff_url = url("capacity_staff", bandung)
    response = client.post(staff_url, {"staff": "-2", "as_of": "2025-06", "note": ""})
    assert response.status_code == 200 and "The staff count cannot be negative." in response.content.decode()
    response = client.post(staff_url, {"staff": "5", "as_of": "2025-06", "note": "Daftar\x1b[2J pegawai"})
    assert response.status_code == 200 and "characters that cannot be kept" in response.content.decode()
    response = client.post(staff_url, {"staff": "5", "as_of": "2025-06", "note": "Daftar pegawai Juni"})
    assert response.status_code == 302
    html = client.get(url("capacity", bandung)).content.decode()
    assert '<strong id="staff">5</strong>' in html and "Daftar pegawai Juni" in html and "entered in Kembar by" in html
    client.force_login(staff)
    assert client.get(staff_url).status_code == 403


def test_edit_person_in_charge_without_note_is_refused(staff_client, bandung, staff):
    coop = make_cooperation(bandung, ref="x", title="Bandung–X", by=staff, person_in_charge="Rina")
    edit = url("cooperation_edit", bandung, ref="x")
    data = {
        "ref": "x",
        "title": "Bandung–X (baru)",
        "partner": coop.partner_id,
        "type": "KSDPL",
        "form": "sister_city",
        "status": "unknown",
        "person_in_charge": "Budi",
        "handover_note": "",
    }
    response = staff_client.post(edit, data)
    assert response.status_code == 200
    assert "write a handover note" in response.content.decode()
    coop.refresh_from_db()
    assert (coop.person_in_charge, coop.title) == ("Rina", "Bandung–X")
    assert Handover.objects.count() == 0

    response = staff_client.post(edit, {**data, "handover_note": "Menunggu\x1b[2J balasan"})
    assert 'id="id_handover_note_errors"' in response.content.decode()  # at its field, not above the form
    assert "characters that cannot be kept" in response.content.decode() and Handover.objects.count() == 0
    coop.refresh_from_db()
    assert coop.person_in_charge == "Rina"

    response = staff_client.post(edit, {**data, "handover_note": "Menunggu balasan surat Liuzhou."})
    assert response.status_code == 302
    coop.refresh_from_db()
    assert (coop.person_in_charge, coop.title) == ("Budi", "Bandung–X (baru)")
    h = Handover.objects.get()
    assert (h.from_person, h.to_person, h.note, h.by) == ("Rina", "Budi", "Menunggu balasan surat Liuzhou.", staff)
    assert coop.history.first().history_change_reason == "handover"
    for page in (url("cooperation_detail", bandung, ref="x"), url("capacity", bandung)):
        assert "Menunggu balasan surat Liuzhou." in staff_client.get(page).content.decode()


def test_new_cooperation_form_has_no_handover_note(staff_client, bandung):
    html = staff_client.get(url("cooperation_create", bandung)).content.decode()
    assert "handover_note" not in html
