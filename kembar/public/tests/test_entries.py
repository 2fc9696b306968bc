"""The directory's stored entries (kembar/public/entries.py) follow every write to what they hold, and the
command finds and mends an entry that does not (ADR 0032)."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kembar.cooperations import services
from kembar.cooperations.models import Cooperation
from kembar.core.services import restore, soft_delete
from kembar.partners.models import Country, Partner
from kembar.partners.services import partner_update
from kembar.public import entries, summary
from kembar.public import services as public
from kembar.public.models import DirectorySummary
from kembar.regions.models import Region
from kembar.testing import make_cooperation, rolled_back

COOPS = 4
PARTNERS = 2
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.integers(0, COOPS - 1), st.booleans()),
        st.tuples(st.just("fields"), st.integers(0, COOPS - 1), st.sampled_from([[], ["Pendidikan"], ["A", "B"]])),
        st.tuples(st.just("form"), st.integers(0, COOPS - 1), st.sampled_from(["sister_city", "other"])),
        st.tuples(st.just("delete"), st.integers(0, COOPS - 1), st.booleans()),
        st.tuples(st.just("country"), st.integers(0, PARTNERS - 1), st.sampled_from(["CN", "JP", "NL"])),
        st.tuples(st.just("partner_gone"), st.integers(0, PARTNERS - 1), st.booleans()),
        st.tuples(st.just("region_name"), st.integers(0, 1), st.sampled_from(["Kota A", "Kota B"])),
        st.tuples(st.just("country_name"), st.integers(0, 0), st.sampled_from(["Tiongkok", "RRT"])),
    ),
    max_size=12,
)


def _world(bandung, bogor):
    partners = [make_cooperation(bandung, ref=f"p{i}").partner for i in range(PARTNERS)]
    coops = [
        make_cooperation(region, ref=f"c{i}", partner=partners[i % PARTNERS] if region == bandung else None)
        for i, region in enumerate([bandung, bandung, bogor, bandung])
    ]
    return partners, coops


def _apply(write, partners, coops):
    kind, i, value = write
    if kind == "region_name":
        region = Region.objects.get(pk=coops[2 if i else 0].region_id)
        region.name = value
        region.save()
        return
    if kind == "country_name":
        country = Country.objects.get(pk=Partner.all_objects.get(pk=partners[0].pk).country_id)
        country.name_id = value
        country.save()
        return
    if kind in {"country", "partner_gone"}:
        partner = Partner.all_objects.get(pk=partners[i].pk)
        if kind == "country":
            partner_update(partner=partner, by=None, country_id=value)
        elif value and not partner.is_deleted:
            soft_delete(partner, by=None)
        elif not value and partner.is_deleted:
            restore(partner, by=None)
        return
    coop = Cooperation.all_objects.get(pk=coops[i].pk)
    if kind == "publish":
        public.cooperation_publish(cooperation=coop, by=None, published=value)
    elif kind == "fields":
        services.cooperation_update(cooperation=coop, by=None, fields=value)
    elif kind == "form":
        services.cooperation_update(cooperation=coop, by=None, form=value)
    elif value and not coop.is_deleted:
        services.cooperation_delete(cooperation=coop, by=None)
    elif not value and coop.is_deleted:
        services.cooperation_restore(cooperation=coop, by=None)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_stored_entries_follow_every_write(bandung, bogor, writes):
    with rolled_back():
        partners, coops = _world(bandung, bogor)
        for coop in coops[:3]:
            public.cooperation_publish(cooperation=coop, by=None, published=True)
        for write in writes:
            _apply(write, partners, coops)
            assert entries.stored() == entries.compute()
            assert DirectorySummary.objects.get().data == summary.summarize()


@pytest.mark.django_db
def test_the_directory_reads_a_partners_new_country_and_its_withdrawal(bandung, bogor):
    partners, coops = _world(bandung, bogor)
    public.cooperation_publish(cooperation=coops[0], by=None, published=True)
    partner_update(partner=Partner.objects.get(pk=partners[0].pk), by=None, country_id="JP")
    page = Client().get("/daerah/?country=JP").content.decode()
    assert "Mitra p0" in page
    assert Client().get("/daerah/?country=CN").status_code == 400  # no published cooperation with a partner there
    soft_delete(Partner.objects.get(pk=partners[0].pk), by=None)
    assert "Mitra p0" not in Client().get("/daerah/").content.decode()


@pytest.mark.django_db
def test_the_search_finds_a_country_by_its_new_name(bandung, bogor):
    partners, coops = _world(bandung, bogor)
    public.cooperation_publish(cooperation=coops[0], by=None, published=True)
    country = Country.objects.get(pk=Partner.objects.get(pk=partners[0].pk).country_id)
    country.name_en = "Middle Kingdom"
    country.save()
    assert "Mitra p0" in Client().get("/daerah/", {"q": "middle kingdom"}).content.decode()
    assert "Mitra p0" not in Client().get("/daerah/", {"q": "middle earth"}).content.decode()


@pytest.mark.django_db
def test_the_command_finds_and_mends_an_entry_that_differs(bandung, bogor):
    from kembar.public.models import DirectoryEntry

    _partners, coops = _world(bandung, bogor)
    for coop in coops:
        public.cooperation_publish(cooperation=coop, by=None, published=True)
    call_command("directory", "rebuild", "--check")
    DirectoryEntry.objects.filter(pk=coops[1].pk).update(fields=["Lain"])  # a writer that bypassed the signals
    Cooperation.objects.filter(pk=coops[2].pk).update(published=False)
    with pytest.raises(CommandError):
        call_command("directory", "rebuild", "--check")
    assert entries.differ() == sorted([coops[1].pk, coops[2].pk])
    call_command("directory", "rebuild")
    assert entries.differ() == []
    assert len(entries.stored()) == 3


@pytest.mark.django_db
def test_the_filters_offer_what_the_summary_holds_read_in_one_query(bandung, bogor, django_assert_num_queries):
    from kembar.public.selectors import directory_options

    _partners, coops = _world(bandung, bogor)
    public.cooperation_publish(cooperation=coops[0], by=None, published=True)
    public.cooperation_publish(cooperation=coops[2], by=None, published=True)
    with django_assert_num_queries(1):
        options = directory_options()
    assert {r.code for r in options.regions} == {bandung.code, bogor.code}
    bogor.name = "Kabupaten Bogor Baru"
    bogor.save()
    assert "Kabupaten Bogor Baru" in [r.name for r in directory_options().regions]
    assert 'value="' + bogor.code + '"' in Client().get("/daerah/").content.decode()
    public.cooperation_publish(cooperation=Cooperation.objects.get(pk=coops[2].pk), by=None, published=False)
    assert [r.code for r in directory_options().regions] == [bandung.code]


@pytest.mark.django_db
def test_the_command_finds_and_mends_a_summary_that_differs(bandung, bogor):
    _partners, coops = _world(bandung, bogor)
    public.cooperation_publish(cooperation=coops[0], by=None, published=True)
    call_command("directory", "rebuild", "--check")
    DirectorySummary.objects.update(data={"regions": [], "countries": [], "fields": [], "forms": []})
    with pytest.raises(CommandError):
        call_command("directory", "rebuild", "--check")
    call_command("directory", "rebuild")
    assert not summary.summary_differs()
    assert [row[0] for row in DirectorySummary.objects.get().data["regions"]] == [bandung.code]


@pytest.mark.django_db
def test_renaming_a_region_or_its_province_writes_the_summary_once(bandung, bogor):
    """A region's entries hold its name: writing them writes the summary, which is not grouped a second time. A
    province holds no entry of its own, only its name in the summary: the summary alone is written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _partners, coops = _world(bandung, bogor)
    public.cooperation_publish(cooperation=coops[2], by=None, published=True)
    for region, name in ((bogor, "Kabupaten Bogor Baru"), (bogor.parent, "Jawa Barat Baru")):
        region.name = name
        with CaptureQueriesContext(connection) as queries:
            region.save()
        written = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "public_directorysummary"')]
        assert len(written) == 1, name
        assert not summary.summary_differs()
        assert name in str(DirectorySummary.objects.get().data)
