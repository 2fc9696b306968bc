"""Monitoring's writes and reads against the database: obligations, fulfilments, handovers, capacity."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kembar.cooperations import services as coop_services
from kembar.cooperations.models import Cooperation, Obligation
from kembar.monitoring import schedule, selectors, services
from kembar.monitoring.models import Fulfilment, Handover, ObligationTerms
from kembar.testing import make_cooperation, make_obligation

AS_OF = dt.date(2022, 5, 11)
TODAY = dt.date(2025, 6, 15)


# --- The Liuzhou case file ----------------------------------------------------------------


def test_liuzhou_working_group_overdue_since_the_first_year_after_signing(liuzhou_case, bandung):
    """Imported from the demo case file and judged at its as_of (2022-05-11).

    The MoU of 21 September 2006 asks for a joint working group meeting every year; the source
    says it never formed (fulfilled: false) and nothing is recorded. Rule: a yearly obligation
    falls due one year after its start, then every year; so 2007-09-21 … 2021-09-21 have passed
    → 15 overdue occurrences, all "per source"; 2022-09-21 is the next due.
    """
    due = selectors.obligations_due(region=bandung, as_of=AS_OF)
    overdue = [r for r in due if r["overdue"]]
    assert [r["due"] for r in overdue] == [dt.date(y, 9, 21) for y in range(2007, 2022)]
    assert {r["cooperation"].ref for r in overdue} == {"bandung-liuzhou"}
    assert all("Joint Working Group" in r["text"] for r in overdue)
    assert [r for r in due if not r["overdue"]] == []  # 2022-09-21 is more than 30 days away
    [st] = selectors.obligation_statuses(region=bandung, as_of=AS_OF)
    assert st.schedule.overdue_since == dt.date(2007, 9, 21)
    assert {o.basis for o in st.schedule.overdue} == {schedule.PER_SOURCE}
    assert st.schedule.next_due.due == dt.date(2022, 9, 21)


def test_obligations_due_within_days_and_other_regions_unseen(liuzhou_case, bandung, bogor, bogor_staff):
    due = selectors.obligations_due(region=bandung, as_of=dt.date(2022, 9, 1), within_days=30)
    soon = [r for r in due if not r["overdue"]]
    assert [(r["due"], r["cooperation"].ref) for r in soon] == [(dt.date(2022, 9, 21), "bandung-liuzhou")]
    assert set(soon[0]) == {"cooperation", "obligation", "due", "overdue", "text"}
    assert selectors.obligations_due(region=bogor, as_of=AS_OF) == []
    # A deleted cooperation's obligations are not due.
    coop_services.cooperation_delete(cooperation=liuzhou_case, by=bogor_staff)
    assert selectors.obligations_due(region=bandung, as_of=AS_OF) == []


# --- Fulfilment ---------------------------------------------------------------------------


def test_fulfilment_record_fulfils_its_occurrence(liuzhou_case, bandung, staff):
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    doc = liuzhou_case_document(liuzhou_case)
    f = services.fulfilment_record(
        obligation=obl,
        by=staff,
        due=dt.date(2007, 9, 21),
        fulfilled_on="2007-10",
        evidence="Notulen rapat kelompok kerja bersama di Liuzhou.",
        document=doc,
        today=TODAY,
    )
    assert (f.region, f.cooperation, f.recorded_by, f.document) == (bandung, liuzhou_case, staff, doc)
    assert f.history.first().history_user == staff
    [st] = selectors.obligation_statuses(region=bandung, as_of=AS_OF)
    first = st.schedule.occurrences[0]
    assert first.status == schedule.FULFILLED and first.record.key == f.pk
    assert first.late  # October 2007: after its due day, 21 September, and no grace days
    assert len(st.schedule.overdue) == 14
    assert st.schedule.last_fulfilment.fulfilled_on == f.fulfilled_on
    # Judged before the meeting happened, it was still overdue: a record is known from its date on.
    [then] = selectors.obligation_statuses(region=bandung, as_of=dt.date(2007, 9, 25))
    assert then.schedule.occurrences[0].status == schedule.OVERDUE


def liuzhou_case_document(coop):
    from kembar.cooperations.models import Document

    return Document.objects.get(cooperation=coop, kind="mou")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fulfilled_on": "2005-01-10"}, "fulfilled_on"),  # before the obligation starts
        ({"fulfilled_on": "2006-08"}, "fulfilled_on"),  # the whole month lies before 21 September 2006
        ({"fulfilled_on": "2099"}, "fulfilled_on"),  # in the future
        ({"fulfilled_on": "2007-02-30"}, "fulfilled_on"),  # no such day
        ({"evidence": "   "}, "evidence"),
        ({"due": dt.date(2007, 9, 20)}, "due"),  # not an occurrence
        ({"due": None}, "due"),
        ({"document": "other"}, "document"),
    ],
)
def test_fulfilment_bad_input_is_refused_and_nothing_saved(liuzhou_case, bandung, staff, change, field):
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    if change.get("document") == "other":
        other = make_cooperation(bandung, ref="lain", by=staff)
        change["document"] = coop_services.document_create(cooperation=other, by=staff, kind="report", title="Lain")
    fields = {"due": dt.date(2007, 9, 21), "fulfilled_on": "2007-09-21", "evidence": "Notulen.", **change}
    with pytest.raises(ValidationError) as exc:
        services.fulfilment_record(obligation=obl, by=staff, today=TODAY, **fields)
    assert field in exc.value.message_dict
    assert Fulfilment.all_objects.count() == 0


def test_an_occurrence_is_fulfilled_once(liuzhou_case, staff):
    obl = Obligation.objects.get(cooperation=liuzhou_case)
    kw = {"obligation": obl, "by": staff, "due": dt.date(2008, 9, 21), "fulfilled_on": "2008", "today": TODAY}
    services.fulfilment_record(evidence="Laporan tahunan 2008.", **kw)
    with pytest.raises(ValidationError) as exc:
        services.fulfilment_record(evidence="Lagi.", **kw)
    assert "due" in exc.value.message_dict
    assert Fulfilment.objects.count() == 1


def test_fulfilled_true_from_the_source_shows_without_dates(bandung, staff):
    coop = make_cooperation(bandung, ref="suwon", by=staff, as_of="2022-05-11")
    make_obligation(coop, starts="2019-01-01", fulfilled=True)
    [st] = selectors.obligation_statuses(region=bandung, as_of=dt.date(2022, 5, 11))
    assert [o.status for o in st.schedule.occurrences] == [schedule.FULFILLED_PER_SOURCE] * 3 + [schedule.UPCOMING]
    assert st.schedule.last_fulfilment is None
    # After the source's date, the source says nothing: an occurrence then needs a record.
    [later] = selectors.obligation_statuses(region=bandung, as_of=dt.date(2023, 6, 1))
    assert [(o.due, o.basis) for o in later.schedule.overdue] == [(dt.date(2023, 1, 1), schedule.NO_RECORD)]


def test_a_schedule_without_due_dates_takes_a_fulfilment_for_the_whole(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff)
    obl = make_obligation(coop, starts="", recurrence="yearly")
    f = services.fulfilment_record(obligation=obl, by=staff, fulfilled_on="2020", evidence="Laporan.", today=TODAY)
    assert f.due is None
    [st] = selectors.obligation_statuses(region=bandung, as_of=TODAY)
    assert st.schedule.problem == schedule.NO_START and st.schedule.last_fulfilment.key == f.pk


def test_terms_override_recurrence_and_grace(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff)
    obl = make_obligation(coop, starts="2020-01-01", recurrence="yearly")
    terms = services.obligation_terms_set(
        obligation=obl, by=staff, recurrence="half-yearly", grace_days=60, responsible="both", funding_share="50:50"
    )
    assert terms.history.first().history_user == staff
    [st] = selectors.obligation_statuses(region=bandung, as_of=dt.date(2021, 2, 1))
    assert st.schedule.dues[:3] == [dt.date(2020, 7, 1), dt.date(2021, 1, 1), dt.date(2021, 7, 1)]
    assert [o.status for o in st.schedule.occurrences[:2]] == [schedule.OVERDUE, schedule.DUE]
    services.obligation_terms_set(obligation=obl, by=staff, recurrence="", grace_days=0)
    assert ObligationTerms.objects.count() == 1
    with pytest.raises(ValidationError):
        services.obligation_terms_set(obligation=obl, by=staff, recurrence="weekly")
    assert ObligationTerms.objects.get().recurrence == ""


# --- Handover -----------------------------------------------------------------------------


def test_changing_the_person_in_charge_needs_a_handover_note(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff, person_in_charge="Rina")
    with pytest.raises(ValidationError) as exc:
        coop_services.cooperation_update(cooperation=coop, by=staff, person_in_charge="Budi")
    assert "handover_note" in exc.value.message_dict
    coop.refresh_from_db()
    assert coop.person_in_charge == "Rina" and Handover.objects.count() == 0
    coop_services.cooperation_update(
        cooperation=coop, by=staff, person_in_charge="Budi", handover_note="Surat Liuzhou belum dibalas."
    )
    coop.refresh_from_db()
    assert coop.person_in_charge == "Budi"
    h = Handover.objects.get()
    assert (h.from_person, h.to_person, h.note, h.by, h.region) == (
        "Rina",
        "Budi",
        "Surat Liuzhou belum dibalas.",
        staff,
        bandung,
    )
    assert h.history.first().history_user == staff
    latest = coop.history.first()
    assert (latest.person_in_charge, latest.history_change_reason, latest.history_user) == ("Budi", "handover", staff)


def test_first_assignment_and_unchanged_person_need_no_note(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff)
    coop_services.cooperation_update(cooperation=coop, by=staff, person_in_charge="Rina")
    assert Handover.objects.get().from_person == ""
    coop_services.cooperation_update(cooperation=coop, by=staff, person_in_charge=" Rina ", title="Baru")
    assert Handover.objects.count() == 1
    with pytest.raises(ValidationError):  # leaving it with nobody is a handover too
        coop_services.cooperation_update(cooperation=coop, by=staff, person_in_charge="")


# --- Capacity -----------------------------------------------------------------------------


def test_capacity_of_the_demo_bandung_data(bandung_demo, bandung):
    """Seed 001: four staff; the portfolio counts 12 + 15 + 4 = 31 foreign cooperations (2022).

    Kembar holds five Bandung dossiers; three of them are signed (an MoU or PKS) and not ended
    (Liuzhou, Suwon, Hongdae), so count as active; Braunschweig and Seoul record no agreement
    and no status. None has a person in charge yet.
    """
    cap = selectors.capacity(region=bandung, today=AS_OF)
    assert (cap.staff, cap.staff_as_of, cap.portfolio_as_of) == (4, "2022", "2022")
    assert cap.portfolio_counts == {"foreign_institution": 12, "sister_city": 15, "country": 4}
    assert cap.portfolio_total == 31 and cap.ratio_portfolio == 7.75
    assert sorted(c.ref for c in cap.active) == ["bandung-hongdae", "bandung-liuzhou", "bandung-suwon"]
    assert (cap.recorded_total, cap.inactive_count, cap.ratio_recorded) == (3, 2, 0.75)
    assert len(cap.unassigned) == 3 and cap.people == []
    assert cap.staff_entered is None and "Saraswati" in cap.profile.source


def test_capacity_rule_and_load_per_person(bandung, staff):
    def coop(ref, **kw):
        return make_cooperation(bandung, ref=ref, by=staff, **kw)

    coop("a", status="active", person_in_charge="Rina")
    coop("b", status="active", person_in_charge="rina ")
    coop("c", status="active", person_in_charge="Budi")
    coop("idea", status="idea", person_in_charge="Budi")
    coop("ended", status="active", ends="2020")  # status wins: the bureau says active
    signed = coop("signed-ended", status="unknown", ends="2020")
    coop_services.document_create(cooperation=signed, by=staff, kind="mou", title="MoU", date="2015")
    dormant = coop("dormant", status="dormant")
    coop_services.document_create(cooperation=dormant, by=staff, kind="mou", title="MoU", date="2015-05-10")
    lapsed = coop("lapsed", status="unknown")
    coop_services.document_create(
        cooperation=lapsed, by=staff, kind="mou", title="MoU", date="2015-05-10", duration_months=60
    )
    cap = selectors.capacity(region=bandung, today=TODAY)
    assert sorted(c.ref for c in cap.active) == ["a", "b", "c", "dormant", "ended"]
    assert [(p.name, p.load) for p in cap.people] == [("Rina", 2), ("Budi", 1)]
    assert sorted(c.ref for c in cap.unassigned) == ["dormant", "ended"]


def test_bureau_staff_set_keeps_history_and_refuses_bad_input(bandung_demo, bandung, bureau_admin):
    services.bureau_staff_set(region=bandung, by=bureau_admin, staff=6, as_of="2025-01", note="Daftar pegawai")
    cap = selectors.capacity(region=bandung, today=AS_OF)
    assert (cap.staff, cap.staff_as_of) == (6, "2025-01")
    assert cap.staff_entered["note"] == "Daftar pegawai"
    assert [h["bureau_staff"] for h in cap.staff_history] == [6, 4]
    assert [h["entered"] for h in cap.staff_history] == [True, False]
    for bad in ({"staff": -1, "as_of": "2025"}, {"staff": 5, "as_of": "2999"}, {"staff": 5, "as_of": "kemarin"}):
        with pytest.raises(ValidationError):
            services.bureau_staff_set(region=bandung, by=bureau_admin, **bad)
    assert selectors.capacity(region=bandung).staff == 6


def test_cooperation_model_statuses_known():
    assert {"active", "dormant", "unknown"} <= set(Cooperation.Status.values)


def test_summaries_leave_out_obligations_of_cooperations_not_given(bandung):
    """A reader that listed the cooperations before another was created never meets it half-way."""
    first, later = make_cooperation(bandung, ref="lama"), make_cooperation(bandung, ref="baru")
    make_obligation(first, text="Rapat lama")
    make_obligation(later, text="Rapat baru")
    summed = selectors.obligation_summaries(
        Obligation.objects.filter(region=bandung),
        Fulfilment.objects.filter(region=bandung),
        {first.pk: first},
        as_of=dt.date(2024, 1, 1),
    )
    assert [o.text for o in summed] == ["Rapat lama"]
