import datetime as dt

import pytest

from kembar.cooperations.services import activity_create
from kembar.dashboards import selectors
from kembar.evaluation.selectors import lifecycle_get
from kembar.testing import make_cooperation


@pytest.mark.django_db
def test_a_planned_activity_does_not_break_the_national_status(ref_data):
    """A cooperation with an activity planned after the day asked for: its stored window does not hold that
    day, so its status is derived from the records known then, as for one cooperation."""
    from kembar.regions.models import Region

    region = Region.objects.get(code="32.73")
    coop = make_cooperation(region, ref="rencana")
    activity_create(cooperation=coop, by=None, date="2019-06-01", title="Kunjungan awal")
    activity_create(cooperation=coop, by=None, date="2027-03-01", title="Pertukaran budaya yang direncanakan")
    asked = dt.date(2026, 1, 15)  # before the stored window's first day (today): derived, not stored
    board = selectors.national_dashboard(today=asked)
    row = next(r for r in board.regions if r.code == "32.73")
    expected = lifecycle_get(coop, today=asked).code
    assert row.cooperations == 1
    assert (row.active, row.dormant) == (int(expected == "active"), int(expected == "dormant"))
