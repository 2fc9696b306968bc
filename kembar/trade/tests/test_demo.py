"""The demo's channels, inquiries and deal: sample data on the sample SMEs, safe to run again; the deal shows in
the Bandung–Hongdae dossier marked as a sample."""

from django.utils import timezone

from kembar.cooperations.models import Activity
from kembar.smes.models import SME, Product
from kembar.trade.demo import demo_trade
from kembar.trade.models import Channel, Inquiry, StoreUnit


def test_the_demo_adds_sample_channels_inquiries_and_one_deal_once(world):
    region = world["region"]
    SME.objects.filter(region=region).update(is_sample=True)
    Product.objects.filter(region=region).update(is_sample=True)
    channels, inquiries = Channel.objects.count(), Inquiry.objects.count()
    made = demo_trade(region=region)
    assert made == {"channels": 4, "inquiries": 3}
    samples = Channel.objects.filter(is_sample=True)
    assert sorted(samples.values_list("kind", flat=True)) == ["f4bdg", "mobile", "store", "wall"]
    store = samples.get(kind="store")
    assert store.cooperation_id == world["coop"].pk
    assert list(StoreUnit.objects.filter(channel=store).values_list("use", flat=True)) == [
        "cafe",
        "restaurant",
        "exhibition",
        "gallery",
        "hotel",
    ]
    assert "Dinas KUMKM dan Perindag Kota Bandung (2015)" in store.notes
    wall = samples.get(kind="wall")
    assert wall.ending_soon(timezone.localdate())  # the renewal list has something to show
    sample_inquiries = Inquiry.objects.filter(is_sample=True)
    assert sample_inquiries.count() == 3 and Inquiry.objects.count() == inquiries + 3
    deal = sample_inquiries.get(status="deal")
    activity = Activity.objects.get(pk=deal.activity_id)
    assert activity.cooperation_id == world["coop"].pk
    assert activity.source.cite.startswith(("Sample data", "Data contoh"))
    assert demo_trade(region=region) == {"channels": 0, "inquiries": 0}
    assert Channel.objects.count() == channels + 4
