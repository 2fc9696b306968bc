"""Who may use each page of kembar.trade: the region's trade office runs the channels and the dashboard and follows
every inquiry; an SME owner follows only the inquiries to their own SMEs (another SME's is 404) and records no
deal; a translator has no business here (403); the bureau's users, the national overseer and another region's
trade office get 404 (the programme's pages are not theirs). The buyer's pages need no login (below)."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from kembar.cooperations.models import Activity
from kembar.testing import Case, PermissionMatrix
from kembar.trade import services
from kembar.trade.models import Channel, ChannelPost, Inquiry, StoreUnit

STAFF = frozenset({"trade_staff"})
FOLLOWERS = frozenset({"trade_staff", "owner"})


@dataclass(frozen=True)
class TradeCase(Case):
    #: Who is refused with something else than `denied` (e.g. 404 for another SME's owner).
    denied_for: dict = field(default_factory=dict)


def _channel(w):
    return {"pk": w["channel"].pk}


def _page(w):
    return {"pk": w["page"].pk}


def _inquiry(w):
    return {"pk": w["inquiry"].pk}


def _channels(w):
    return list(Channel.all_objects.order_by("pk").values_list("pk", "name", "ends", "deleted_at"))


def _units(w):
    return list(StoreUnit.all_objects.order_by("pk").values_list("pk", "label", "deleted_at"))


def _posts(w):
    return list(ChannelPost.all_objects.order_by("pk").values_list("pk", "url", "deleted_at"))


def _inquiries(w):
    return (
        list(Inquiry.all_objects.order_by("pk").values_list("pk", "status", "note", "deal_value")),
        Activity.all_objects.count(),
    )


MOBILE = {"name": "Pameran Kriya Bandung", "venue": "COEX", "city": "Seoul", "country": "KR"}
MOBILE |= {"starts": "2027-03-01", "ends": "2027-03-10", "notes": ""}
OWNER_ONLY = {"other_owner": 404, "translator": 403}

CASES = (
    Case("trade_dashboard", STAFF),
    Case("trade_channel_list", STAFF),
    Case("trade_channel_create", STAFF, lambda w: {"kind": "wall"}),
    Case(
        "trade_channel_create",
        STAFF,
        lambda w: {"kind": "mobile"},
        method="post",
        ok=302,
        data=lambda w: dict(MOBILE),
        state=_channels,
        creates=lambda w: Channel.all_objects.count(),
    ),
    Case("trade_channel_detail", STAFF, _channel),
    Case("trade_channel_edit", STAFF, _channel),
    Case(
        "trade_channel_edit",
        STAFF,
        _channel,
        method="post",
        ok=302,
        data=lambda w: (
            {"name": "Little Bandung Hongdae", "venue": "Hongdae", "city": "Seoul", "country": "KR"}
            | {"starts": "2026-01-10", "ends": "", "notes": "Lima lantai"}
        ),
        state=_channels,
    ),
    Case("trade_channel_delete", STAFF, _channel, method="post", ok=302, data=lambda w: {}, state=_channels),
    Case(
        "trade_channel_restore",
        STAFF,
        lambda w: {"pk": w["deleted"].pk},
        method="post",
        ok=302,
        data=lambda w: {},
        state=_channels,
    ),
    Case(
        "trade_unit_add",
        STAFF,
        _channel,
        method="post",
        ok=302,
        data=lambda w: {"label": "Lantai 2", "use": "restaurant", "description": "Masakan Sunda"},
        state=_units,
        creates=lambda w: StoreUnit.all_objects.count(),
    ),
    Case("trade_unit_delete", STAFF, lambda w: {"pk": w["unit"].pk}, method="post", ok=302, state=_units),
    Case(
        "trade_post_add",
        STAFF,
        _page,
        method="post",
        ok=302,
        data=lambda w: {"date": "2026-11-02", "url": "https://facebook.example/f4bdg/2", "reach": "1200"},
        state=_posts,
        creates=lambda w: ChannelPost.all_objects.count(),
    ),
    Case("trade_post_delete", STAFF, lambda w: {"pk": w["post"].pk}, method="post", ok=302, state=_posts),
    TradeCase("trade_inquiry_list", frozenset({"trade_staff", "owner", "other_owner"})),
    TradeCase("trade_inquiry_detail", FOLLOWERS, _inquiry, denied_for=OWNER_ONLY),
    TradeCase(
        "trade_inquiry_move",
        FOLLOWERS,
        _inquiry,
        method="post",
        ok=302,
        data=lambda w: {"to": "answered", "note": "Daftar harga dikirim."},
        state=_inquiries,
        denied_for=OWNER_ONLY,
    ),
    Case(
        "trade_inquiry_deal",
        STAFF,
        _inquiry,
        method="post",
        ok=302,
        data=lambda w: {"value": "12500000", "currency": "KRW", "date": "", "cooperation": "", "note": ""},
        state=_inquiries,
        creates=lambda w: Activity.all_objects.count(),
    ),
)
#: The buyer's pages: no login (test_buyer_pages_need_no_login below, and test_inquiries.py).
PUBLIC = {
    "trade_inquiry_create",
    "trade_inquiry_sent",
    "trade_inquiry_verify",
    "trade_inquiry_status",
    "trade_inquiry_data",
    "trade_inquiry_erase",
}
COVERED = {case.name for case in CASES} | PUBLIC


@pytest.fixture
def world(world):
    staff = world["users"]["trade_staff"]
    region = world["region"]
    world["unit"] = services.unit_add(channel=world["channel"], by=staff, label="Lantai 1", use="cafe")
    world["page"] = services.channel_create(
        region=region, by=staff, kind="f4bdg", name="f4bdg", url="https://facebook.example/f4bdg"
    )
    world["post"] = services.post_add(
        channel=world["page"], by=staff, date=dt.date(2026, 11, 1), url="https://facebook.example/f4bdg/1"
    )
    world["deleted"] = services.channel_create(
        region=region,
        by=staff,
        kind="wall",
        name="Dinding Kafe Lama",
        venue="Kafe Mangsi",
        partner_business="Kafe Mangsi",
        country_id="KR",
        starts=dt.date(2025, 1, 1),
        ends=dt.date(2026, 1, 1),
    )
    services.channel_delete(channel=world["deleted"], by=staff)
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = ("trade_staff", "owner", "other_owner", "translator", "bureau_staff", "overseer", "other_region")
    #: Not of the programme in this region: its pages do not exist for them.
    strangers = frozenset({"bureau_staff", "overseer", "other_region"})

    def expected(self, case, who):
        if case.regional and who in self.strangers:
            return 404
        if who in case.allowed:
            return case.ok
        return getattr(case, "denied_for", {}).get(who, case.denied)


def _public_urls(w):
    code, secret = w["region"].code, w["secret"]
    product = w["products_a"][0].pk
    return [
        (reverse("trade_inquiry_create", args=[code, "ko"]) + f"?produk={product}", 200),
        (reverse("trade_inquiry_create", args=[code, "id"]), 200),
        (reverse("trade_inquiry_sent", args=["ja"]), 200),
        (reverse("trade_inquiry_verify", args=[secret, "x"]), 200),
        (reverse("trade_inquiry_status", args=[secret]), 200),
        (reverse("trade_inquiry_status", args=["x" * 32]), 404),
        (reverse("trade_inquiry_data", args=[secret]), 200),
        (reverse("trade_inquiry_data", args=["x" * 32]), 404),
        (reverse("trade_inquiry_erase", args=[secret]), 200),
        (reverse("trade_inquiry_erase", args=["x" * 32]), 404),
        (reverse("trade_inquiry_create", args=["32.01", "en"]), 404),  # Bogor publishes no product
    ]


@pytest.mark.parametrize("who", ["anonymous", *TestPermissions.who])
def test_buyer_pages_need_no_login(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for url, status in _public_urls(world):
        assert client.get(url).status_code == status, (url, who)


def test_another_regions_trade_office_changes_nothing(client, world):
    client.force_login(world["users"]["other_region"])
    before = (_channels(world), _units(world), _posts(world), _inquiries(world))
    for case in CASES:
        if case.method == "post":
            assert case.request(client, world).status_code == 404, str(case)
    assert (_channels(world), _units(world), _posts(world), _inquiries(world)) == before
