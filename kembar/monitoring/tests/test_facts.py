"""Monitoring's part of the stored cooperation facts (monitoring/facts.py): every write to an obligation, its
terms or a fulfilment — through a service, soft delete, restore, history revert or a plain delete — is in the
cooperation's row before the next visit, and what the dashboard and the evaluation read from the rows is what
they read from the records."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from kembar.accounts.models import Role
from kembar.cooperations import facts
from kembar.cooperations.models import Cooperation, CooperationFacts, Obligation
from kembar.cooperations.services import cooperation_update, document_create
from kembar.core.dates import DateSpec
from kembar.core.services import restore, soft_delete
from kembar.dashboards.selectors import region_dashboard
from kembar.evaluation.selectors import evaluate_many
from kembar.monitoring import schedule, services
from kembar.monitoring.models import Fulfilment, ObligationTerms
from kembar.testing import make_cooperation, make_member, make_obligation, queries_in

pytestmark = pytest.mark.django_db

TODAY = dt.date(2023, 6, 1)


def _overdue(region, today=TODAY) -> list[tuple]:
    """The dashboard's overdue panel at `today`: (obligation, occurrences overdue, since), as the next visit
    shows it."""
    return [(o.obligation_pk, o.occurrences, o.since) for o in region_dashboard(region=region, today=today).overdue]


def _stored_agrees(coop) -> bool:
    """The row is what a computation from scratch gives (as JSON keeps it)."""
    row = CooperationFacts.objects.get(cooperation=coop)
    return facts.stored(row.data, row.parts) == json.loads(json.dumps(facts.compute([coop.pk])[coop.pk]))


@pytest.fixture
def meeting(bandung):
    """A yearly meeting from 1 January 2020: on 1 June 2023 three occurrences are overdue (2021, 2022, 2023)."""
    coop = make_cooperation(bandung, ref="liuzhou", started="2019-06-01")
    return make_obligation(coop, starts="2020-01-01", recurrence="yearly")


def test_a_fulfilment_recorded_deleted_and_restored_changes_the_next_visit(bandung, staff, meeting):
    first, second = dt.date(2021, 1, 1), dt.date(2022, 1, 1)
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    done = services.fulfilment_record(
        obligation=meeting, by=staff, fulfilled_on="2022-01-05", evidence="Notulen", due=second, today=TODAY
    )
    assert _overdue(bandung) == [(meeting.pk, 2, first)]
    soft_delete(done, by=staff)  # to the trash
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    restore(done, by=staff)  # back from it
    assert _overdue(bandung) == [(meeting.pk, 2, first)]
    # The history's revert (what the admin's "revert" does: the old version saved again) undoes a deletion.
    soft_delete(done, by=staff)
    before = done.history.filter(deleted_at__isnull=True).order_by("-history_id").first()
    before.instance.save()
    assert Fulfilment.objects.filter(pk=done.pk).exists()
    assert _overdue(bandung) == [(meeting.pk, 2, first)]
    services.fulfilment_record(
        obligation=meeting, by=staff, fulfilled_on="2021-02-01", evidence="Notulen", due=first, today=TODAY
    )
    assert _overdue(bandung) == [(meeting.pk, 1, dt.date(2023, 1, 1))]
    Fulfilment.objects.filter(pk=done.pk).get().delete()  # a plain delete too
    assert _overdue(bandung) == [(meeting.pk, 2, second)]
    assert _stored_agrees(meeting.cooperation)


def test_terms_obligations_and_the_cooperation_change_the_next_visit(bandung, staff, meeting):
    first = dt.date(2021, 1, 1)
    terms = services.obligation_terms_set(obligation=meeting, by=staff, grace_days=200)
    assert _overdue(bandung) == [(meeting.pk, 2, first)]  # 1 January 2023 is still within its grace
    soft_delete(terms, by=staff)  # deleted terms are not read
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    services.obligation_terms_set(obligation=meeting, by=staff, recurrence="quarterly")
    assert _overdue(bandung)[0][1] == 13  # April 2020 … April 2023
    ObligationTerms.all_objects.get(obligation=meeting).delete()
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    # The obligation itself: changed, reverted through its history, to the trash and back.
    meeting.recurrence = "monthly"
    meeting.save()
    assert _overdue(bandung)[0][1] == 40  # February 2020 … May 2023
    meeting.history.order_by("history_id").first().instance.save()
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    soft_delete(meeting, by=staff)
    assert _overdue(bandung) == []
    restore(meeting, by=staff)
    assert _overdue(bandung) == [(meeting.pk, 3, first)]
    # The cooperation's end: no occurrence after it is derived.
    coop = Cooperation.objects.get(pk=meeting.cooperation_id)
    cooperation_update(cooperation=coop, by=staff, ends="2022-06-30")
    assert _overdue(bandung) == [(meeting.pk, 2, first)]
    assert _stored_agrees(coop)


def test_an_agreement_changes_the_expiring_panel_on_the_next_visit(bandung, staff, meeting):
    coop = meeting.cooperation
    board = region_dashboard(region=bandung, today=TODAY)
    assert board.expiring == []
    mou = document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2018-07-01", duration_months=60)
    [expiring] = region_dashboard(region=bandung, today=TODAY).expiring
    assert (expiring.document_pk, expiring.title, expiring.due) == (mou.pk, "MoU", dt.date(2023, 7, 1))
    soft_delete(mou, by=staff)
    assert region_dashboard(region=bandung, today=TODAY).expiring == []


def test_a_cooperation_with_obligations_and_fulfilments_can_be_erased(bandung, staff, meeting):
    services.fulfilment_record(
        obligation=meeting,
        by=staff,
        fulfilled_on="2021-01-05",
        evidence="Notulen",
        due=dt.date(2021, 1, 1),
        today=TODAY,
    )
    services.obligation_terms_set(obligation=meeting, by=staff, grace_days=10)
    Cooperation.objects.get(pk=meeting.cooperation_id).delete()
    assert not CooperationFacts.objects.exists()
    assert not Obligation.all_objects.exists() and not Fulfilment.all_objects.exists()


def _board(region, today):
    """What the dashboard shows of obligations, agreements and health."""
    board = region_dashboard(region=region, today=today)
    return board.expiring, board.overdue, board.due_soon, board.health


@pytest.mark.parametrize("today", [dt.date(2015, 3, 1), dt.date(2022, 5, 11), dt.date(2025, 1, 1)])
def test_the_dashboard_reads_from_the_rows_what_it_reads_from_the_records(bandung_demo, bandung, today):
    """The demo's dossiers (obligations with and without terms, fulfilments, MoUs and LoIs), with every row and
    with none (a database whose rows are not written yet)."""
    meeting = Obligation.objects.filter(region=bandung).exclude(starts="").order_by("pk").first()
    services.obligation_terms_set(obligation=meeting, by=None, grace_days=40)
    from_rows = _board(bandung, today)
    evaluated = evaluate_many(region=bandung, as_of=today)
    CooperationFacts.objects.all().delete()
    assert _board(bandung, today) == from_rows
    assert [e.facts.obligations for e in evaluate_many(region=bandung, as_of=today)] == [
        e.facts.obligations for e in evaluated
    ]


def test_rows_of_an_older_format_are_not_read_and_migrate_writes_them_again(bandung_demo, bandung):
    today = dt.date(2022, 5, 11)
    from_rows = _board(bandung, today)
    assert from_rows[1]  # something overdue
    # A row as the first format wrote it: no format, no parts (what the migration adding them leaves).
    for row in CooperationFacts.objects.filter(region=bandung):
        row.data = {k: v for k, v in row.data.items() if k != "format"}
        row.parts = {}
        row.save()
    assert facts.parts(("obligations",), region_id=bandung.pk) == {}
    assert _board(bandung, today) == from_rows  # read from the records
    facts.fill_missing()  # what every migrate runs
    assert all(row.data["format"] == facts.FORMAT for row in CooperationFacts.objects.all())
    assert len(facts.parts(("obligations", "validity"), region_id=bandung.pk)) == len(bandung_demo)
    assert _board(bandung, today) == from_rows


def test_the_dashboard_reads_no_records_of_obligations_or_documents_when_the_rows_serve(bandung_demo, bandung):
    today = dt.date(2022, 5, 11)
    with_rows = queries_in(lambda: region_dashboard(region=bandung, today=today))
    CooperationFacts.objects.filter(cooperation=bandung_demo[0]).delete()
    without_one = queries_in(lambda: region_dashboard(region=bandung, today=today))
    # Without a row: the obligations, their fulfilments and the documents from the records, and the
    # evaluation's reads of the records.
    assert without_one > with_rows


def test_the_dashboard_page_shows_a_fulfilment_on_the_next_visit(client, bandung, staff):
    today = timezone.localdate()
    starts = schedule.add_months(today, -36) - dt.timedelta(days=10)  # three yearly occurrences overdue today
    coop = make_cooperation(bandung, ref="halaman", started=starts.isoformat())
    meeting = make_obligation(coop, starts=starts.isoformat(), recurrence="yearly")
    client.force_login(make_member("walikota", bandung, Role.LEADERSHIP))
    client.cookies["django_language"] = "en"

    def page() -> str:
        return client.get(reverse("dashboard", args=[bandung.code])).content.decode()

    assert "3 occurrences overdue" in page()
    first = schedule.due_date(DateSpec.parse(starts.isoformat()), "yearly", 1)
    done = services.fulfilment_record(
        obligation=meeting, by=staff, fulfilled_on=first.isoformat(), evidence="Notulen", due=first, today=today
    )
    assert "2 occurrences overdue" in page()
    soft_delete(done, by=staff)
    assert "3 occurrences overdue" in page()
    restore(done, by=staff)
    assert "2 occurrences overdue" in page()
