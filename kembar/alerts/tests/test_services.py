"""Alerts from real data: once per fact, to the right people, in constant queries."""

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kembar.accounts.models import Role
from kembar.alerts import rules, services
from kembar.alerts.models import Alert
from kembar.cooperations.models import Obligation
from kembar.testing import make_cooperation, make_member

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

CASE = Path(__file__).resolve().parents[2] / "demo" / "cases" / "bandung-liuzhou.yaml"


def test_deadlines_become_alerts_for_the_regions_editors(world, staff, bureau_admin, bogor_staff, bandung, bogor):
    leader = make_member("pimpinan", bandung, Role.LEADERSHIP)
    assert services.alerts_generate(region=bandung, as_of=AS_OF) == 4  # 2 facts × (staff, admin)
    assert services.alerts_generate(region=bogor, as_of=AS_OF) == 1
    rows = set(Alert.objects.values_list("user__username", "kind", "level", "cooperation__ref"))
    assert rows == {
        ("staf", "loi", "overdue", "bandung-liuzhou"),
        ("admin", "loi", "overdue", "bandung-liuzhou"),
        ("staf", "expiry", "expiring", "bandung-hamamatsu"),
        ("admin", "expiry", "expiring", "bandung-hamamatsu"),
        ("staf-bogor", "expiry", "expired", "bogor-etienne"),
    }
    assert not Alert.objects.filter(user=leader).exists()  # read-only roles are not alerted
    loi = Alert.objects.get(user=staff, kind="loi")
    assert (loi.region, loi.due, loi.detail, loi.key) == (bandung, dt.date(2005, 4, 1), "LoI Liuzhou", loi.key)
    assert loi.key == f"loi:{world['loi'].pk}:2005-04-01"


def test_a_second_run_creates_nothing(world, bandung):
    assert services.alerts_generate(region=bandung, as_of=AS_OF) == 4
    assert services.alerts_generate(region=bandung, as_of=AS_OF) == 0
    assert services.alerts_generate(region=bandung, as_of=AS_OF + dt.timedelta(days=1)) == 0
    assert Alert.objects.count() == 4


def test_a_read_or_deleted_alert_does_not_come_back(world, bandung, staff):
    services.alerts_generate(region=bandung, as_of=AS_OF)
    alert = Alert.objects.filter(user=staff).first()
    services.alert_mark_read(alert=alert, by=staff)
    from kembar.core.services import soft_delete

    soft_delete(Alert.objects.filter(user=staff).exclude(pk=alert.pk).get(), by=staff)
    assert services.alerts_generate(region=bandung, as_of=AS_OF) == 0
    alert.refresh_from_db()
    assert alert.read_at is not None


def test_person_in_charge_of_the_region_is_alerted_by_full_name(world, bandung, bogor):
    from kembar.cooperations.services import cooperation_update

    siti = make_member("siti", bandung, Role.LEADERSHIP)
    siti.first_name, siti.last_name = "Siti", "Aminah"
    siti.save()
    namesake = make_member("siti-bogor", bogor, Role.BUREAU_STAFF)
    namesake.first_name, namesake.last_name = "Siti", "Aminah"
    namesake.save()
    cooperation_update(cooperation=world["liuzhou"], by=None, person_in_charge="siti  aminah")
    services.alerts_generate(region=bandung, as_of=AS_OF)
    assert list(Alert.objects.filter(user=siti).values_list("cooperation__ref", flat=True)) == ["bandung-liuzhou"]
    assert not Alert.objects.filter(user=namesake).exists()  # same name, other region: nothing


def test_dormancy_and_obligation_candidates_are_stored_like_the_others(world, bandung, staff):
    """Through the pure rules with the sources' documented rows (real cooperation and obligation)."""
    coop = world["liuzhou"]
    obligation = Obligation.objects.create(
        region=bandung, cooperation=coop, kind="joint_working_group", text="Form the working group"
    )
    found = rules.candidates(
        dormancy=[{"cooperation": coop, "level": "dormant", "since": dt.date(2011, 12, 31), "months": 122}],
        obligations=[
            {"cooperation": coop, "obligation": obligation, "due": dt.date(2007, 9, 21), "overdue": True, "text": ""}
        ],
        deadlines=rules_deadlines_none(),
    )
    assert services.alerts_generate(region=bandung, as_of=AS_OF, found=found) == 4
    ob = Alert.objects.get(user=staff, kind="obligation")
    assert (ob.level, ob.due, ob.detail) == ("overdue", dt.date(2007, 9, 21), "Form the working group")
    assert Alert.objects.get(user=staff, kind="dormancy").data == {"since": "2011-12-31", "months": 122}
    assert services.alerts_generate(region=bandung, as_of=AS_OF, found=found) == 0


def rules_deadlines_none():
    from types import SimpleNamespace

    return SimpleNamespace(expiring=[], expired=[], loi_without_mou=[])


def test_another_regions_row_from_a_source_is_dropped(world, bandung, bogor, monkeypatch):
    """Defence in depth: were a source to return a row of another region, no alert is made of it."""
    from kembar.monitoring import selectors as monitoring

    other = world["etienne"]
    ob = Obligation.objects.create(region=bogor, cooperation=other, kind="report", text="Laporan")
    row = {"cooperation": other, "obligation": ob, "due": AS_OF, "overdue": True, "text": ""}
    monkeypatch.setattr(monitoring, "obligations_due", lambda **kw: [row])
    services.alerts_generate(region=bandung, as_of=AS_OF)
    assert not Alert.objects.filter(kind="obligation").exists()


def test_queries_do_not_grow_with_cooperations(bandung, staff, bureau_admin):
    from kembar.cooperations.services import document_create

    def run(n, start):
        for i in range(start, start + n):
            coop = make_cooperation(bandung, by=staff, ref=f"c{i}", title=f"Kerja sama {i}")
            document_create(cooperation=coop, by=staff, kind="loi", title=f"LoI {i}", date="2010-01-01")
        Alert.objects.all().delete()
        with CaptureQueriesContext(connection) as q:
            services.alerts_generate(region=bandung, as_of=AS_OF)
        # Inserts come in batches (SQLite takes ~60 rows a statement): count the reads.
        return len([x for x in q.captured_queries if not x["sql"].startswith("INSERT")])

    small = run(2, 0)
    large = run(30, 2)
    assert Alert.objects.count() == 64
    assert small == large


def test_the_liuzhou_case_file(bandung, staff):
    """Real data: what the implemented sources say about the case at its as_of becomes alerts."""
    from kembar.cooperations.casefile import import_files
    from kembar.evaluation.selectors import dormancy_alerts
    from kembar.monitoring.selectors import obligations_due

    (coop,) = import_files([CASE])
    as_of = dt.date(2022, 5, 11)
    services.alerts_generate(region=bandung, as_of=as_of)
    kinds = set(Alert.objects.filter(user=staff, cooperation=coop).values_list("kind", "level"))
    dormant = dormancy_alerts(region=bandung, as_of=as_of)
    overdue = obligations_due(region=bandung, as_of=as_of)
    if not dormant and not overdue:
        pytest.skip("dormancy and obligation sources not implemented yet")
    if dormant:
        assert ("dormancy", "dormant") in kinds
    if overdue:
        assert ("obligation", "overdue") in kinds
