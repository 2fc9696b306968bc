"""A Bandung with an LoI never followed and an agreement about to expire, and a Bogor with a lapsed one."""

import datetime as dt

import pytest

from kembar.cooperations import services
from kembar.cooperations.models import Activity
from kembar.core.dates import DateSpec
from kembar.testing import make_cooperation

AS_OF = dt.date(2026, 3, 1)


@pytest.fixture
def world(bandung, bogor, staff, bureau_admin, bogor_staff):
    liuzhou = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou")
    loi = services.document_create(cooperation=liuzhou, by=staff, kind="loi", title="LoI Liuzhou", date="2004-04-01")
    hamamatsu = make_cooperation(bandung, by=staff, ref="bandung-hamamatsu", title="Bandung–Hamamatsu", country="JP")
    mou = services.document_create(
        cooperation=hamamatsu, by=staff, kind="mou", title="MoU Hamamatsu", date="2021-05-10", duration_months=60
    )
    add_activity(hamamatsu, "2026-02-10", "Kunjungan pelajar")  # active: no dormancy alert at AS_OF
    etienne = make_cooperation(
        bogor, by=bogor_staff, ref="bogor-etienne", title="Bogor–Saint-Étienne", country="FR", status="expired"
    )
    lapsed = services.document_create(
        cooperation=etienne, by=bogor_staff, kind="mou", title="MoU Saint-Étienne", date="2010", expires="2012"
    )
    return {
        "liuzhou": liuzhou,
        "hamamatsu": hamamatsu,
        "etienne": etienne,
        "loi": loi,
        "mou": mou,
        "lapsed": lapsed,
    }


def add_activity(coop, when, title, end=None):
    """A recorded activity (a planned one when dated ahead)."""
    spec = DateSpec.parse(when)
    return Activity.objects.create(
        region_id=coop.region_id,
        cooperation=coop,
        date=spec,
        date_sort=spec.sort_key(),
        end=DateSpec.parse(end) if end else None,
        title=title,
    )
