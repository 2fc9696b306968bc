"""The unread count stored on each user (kembar/alerts/unread.py) stays what the alerts say, whatever writes them."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kembar.accounts.models import Membership, Role, User
from kembar.alerts import notify, services, unread
from kembar.alerts.models import Alert
from kembar.alerts.rules import Candidate
from kembar.core.services import restore, soft_delete
from kembar.testing import make_cooperation, make_member, rolled_back

from .conftest import AS_OF

USERS = 3
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("generate"), st.integers(0, 1), st.integers(1, 4)),
        st.tuples(st.just("read_one"), st.integers(0, USERS - 1), st.integers(0, 9)),
        st.tuples(st.just("read_some"), st.integers(0, USERS - 1), st.integers(1, 3)),
        st.tuples(st.just("read_all"), st.integers(0, USERS - 1), st.just(0)),
        st.tuples(st.just("trash"), st.integers(0, USERS - 1), st.integers(0, 9)),
        st.tuples(st.just("restore"), st.integers(0, USERS - 1), st.integers(0, 9)),
        st.tuples(st.just("clear"), st.integers(0, 1), st.just(0)),
        st.tuples(st.just("leave"), st.integers(0, USERS - 1), st.just(0)),
        st.tuples(st.just("join"), st.integers(0, USERS - 1), st.sampled_from(["bureau_staff", "trade_staff"])),
        st.tuples(st.just("plan"), st.integers(0, USERS - 1), st.just(0)),
    ),
    max_size=12,
)


def _world(bandung, bogor):
    users = [
        make_member("u0", bandung, Role.BUREAU_STAFF),
        make_member("u1", bandung, Role.BUREAU_ADMIN),
        make_member("u2", bogor, Role.BUREAU_STAFF),
    ]
    coops = [make_cooperation(bandung, ref="c-bandung"), make_cooperation(bogor, ref="c-bogor")]
    return users, coops


def _apply(write, users, coops, step):
    kind, i, value = write
    user = User.objects.get(pk=users[i].pk)
    alerts = list(Alert.all_objects.filter(user=user).order_by("pk"))
    if kind == "generate":
        coop = coops[i]
        found = [
            Candidate(coop, "dormancy", "quiet", f"dormancy:{step}:{n}", coop.title, data={"months": n})
            for n in range(value)
        ]
        services.alerts_generate(region=coop.region, as_of=AS_OF, found=found)
    elif kind == "read_one" and alerts:
        alert = alerts[value % len(alerts)]
        if not alert.is_deleted:
            services.alert_mark_read(alert=alert, by=user)
    elif kind == "read_some":
        live = [a.pk for a in alerts if not a.is_deleted][:value]
        if live:
            services.alerts_mark_read(user=user, ids=live)
    elif kind == "read_all":
        services.alerts_mark_all_read(user=user)
    elif kind in {"trash", "restore"} and alerts:
        alert = alerts[value % len(alerts)]
        if kind == "trash" and not alert.is_deleted:
            soft_delete(alert, by=None)
        elif kind == "restore" and alert.is_deleted:
            restore(alert, by=None)
    elif kind == "clear":  # what the daily run does with alerts whose condition ended (alerts_sync)
        with unread.deferred():
            Alert.all_objects.filter(region=coops[i].region_id).filter(pk__in=[a.pk for a in alerts[:2]]).delete()
    elif kind == "leave":
        Membership.objects.filter(user=user).delete()
    elif kind == "join":
        Membership.objects.get_or_create(user=user, region=coops[i % 2].region, role=value)
    elif kind == "plan":
        notify._send(plan=_Plan(coops[0], step), users={user.pk}, level="submitted", by=None)


class _Plan:
    """What notify._send reads of a plan."""

    def __init__(self, coop, number):
        self.pk, self.number, self.cooperation, self.region_id = 10_000 + number, number, coop, coop.region_id


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_the_stored_count_follows_every_write(bandung, bogor, writes):
    with rolled_back():
        users, coops = _world(bandung, bogor)
        for step, write in enumerate(writes):
            _apply(write, users, coops, step)
            assert unread.stored([u.pk for u in users]) == unread.computed([u.pk for u in users])


@pytest.mark.django_db
def test_the_badge_shows_the_count_and_drops_when_read(client, bandung):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    coop = make_cooperation(bandung, ref="c")
    found = [Candidate(coop, "dormancy", "quiet", f"dormancy:{n}", coop.title, data={"months": n}) for n in range(3)]
    services.alerts_generate(region=bandung, as_of=AS_OF, found=found)
    client.force_login(staff)
    assert 'class="badge warn">3<' in client.get("/alerts/").content.decode()
    client.post("/alerts/read-all/")
    assert 'class="badge warn"' not in client.get("/alerts/").content.decode()


@pytest.mark.django_db
def test_the_command_finds_and_mends_a_count_that_differs(bandung):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    coop = make_cooperation(bandung, ref="c")
    services.alerts_generate(
        region=bandung, as_of=AS_OF, found=[Candidate(coop, "dormancy", "quiet", "dormancy:1", coop.title)]
    )
    call_command("alerts", "unread", "--check")
    User.objects.filter(pk=staff.pk).update(unread_alerts=7)  # as a writer that forgot the count would leave it
    with pytest.raises(CommandError, match="dari 1 pengguna berbeda"):
        call_command("alerts", "unread", "--check")
    call_command("alerts", "unread")
    assert User.objects.get(pk=staff.pk).unread_alerts == 1
    call_command("alerts", "unread", "--check")


def _user_updates(region, n_stale: int) -> int:
    """The daily run clearing `n_stale` alerts of each of two users, whose condition ended: how many UPDATEs of the
    users' table it made. The stored counts are what the alerts say after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = [make_member(f"s{n_stale}-{k}", region, Role.BUREAU_STAFF) for k in range(2)]
    ids = [u.pk for u in users]
    coop = make_cooperation(region, ref=f"c{n_stale}")
    found = [Candidate(coop, "dormancy", "quiet", f"gone:{n}", coop.title) for n in range(n_stale)]
    services.alerts_generate(region=region, as_of=AS_OF, found=found)
    assert all(n >= n_stale for n in unread.stored(ids).values())
    with CaptureQueriesContext(connection) as queries:
        cleared = services.alerts_sync(region=region, as_of=AS_OF, cooperation=coop)["cleared"]
    assert cleared >= 2 * n_stale
    assert unread.stored(ids) == unread.computed(ids)
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('UPDATE "accounts_user"'))


@pytest.mark.django_db
def test_clearing_many_alerts_writes_each_count_once(bandung):
    assert _user_updates(bandung, 8) == _user_updates(bandung, 2) <= 2  # not one write per cleared alert
