"""Kept page bodies (kembar/core/pages.py): read by everyone who may see the same page, never by anyone else,
and never after a write that changes them."""

import os

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Cooperation
from kembar.cooperations.services import activity_create, cooperation_delete, cooperation_restore, cooperation_update
from kembar.imports.bulk import HistoryInserter
from kembar.partners.models import Country, Partner
from kembar.regions.models import Region
from kembar.testing import make_cooperation, make_member, queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaders(bandung):
    return [make_member(f"pimpinan-{i}", bandung, Role.LEADERSHIP) for i in range(3)]


def _visit(client, user, url, lang="en"):
    client.force_login(user)
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _pages(region):
    return [reverse("dashboard", args=[region.code]), reverse("cooperation_list", args=[region.code])]


def test_another_reader_of_the_region_reads_the_kept_body(client, bandung, leaders, staff):
    make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    for url in _pages(bandung):
        first = _visit(client, leaders[0], url)
        client.force_login(leaders[1])
        built, kept = queries_of(client, url), None
        client.force_login(leaders[2])
        kept = queries_of(client, url)
        assert "Kota Kembar Liuzhou" in first
        # The second reader built nothing: only the session, the user, the memberships and the region.
        assert kept <= 4 < built or kept == built <= 4, (url, built, kept)


def test_a_write_shows_on_the_next_visit(client, bandung, leaders, staff):
    coop = make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    list_url, board_url = reverse("cooperation_list", args=[bandung.code]), reverse("dashboard", args=[bandung.code])
    assert "Kota Kembar Liuzhou" in _visit(client, leaders[0], list_url)
    board = _visit(client, leaders[0], board_url)
    assert '<li id="stat-activities"><span class="n">0</span>' in board

    cooperation_update(cooperation=coop, by=staff, title="Kota Kembar Liuzhou (diperbarui)")
    assert "Kota Kembar Liuzhou (diperbarui)" in _visit(client, leaders[1], list_url)

    from django.utils import timezone

    activity_create(cooperation=coop, by=staff, title="Pertemuan", kind="meeting", date=str(timezone.localdate()))
    assert '<li id="stat-activities"><span class="n">1</span>' in _visit(client, leaders[1], board_url)

    cooperation_delete(cooperation=coop, by=staff)
    assert "Kota Kembar Liuzhou" not in _visit(client, leaders[2], list_url)
    cooperation_restore(cooperation=coop, by=staff)
    assert "Kota Kembar Liuzhou" in _visit(client, leaders[0], list_url)


def test_a_change_to_the_countries_shows_everywhere(client, bandung, leaders, staff):
    make_cooperation(bandung, by=staff, ref="liuzhou", country="CN")
    url = reverse("cooperation_list", args=[bandung.code])
    assert "China" in _visit(client, leaders[0], url)
    china = Country.objects.get(code="CN")
    china.name_en = "People's Republic of China"
    china.save()
    assert "People&#x27;s Republic of China" in _visit(client, leaders[1], url)


def test_another_region_never_reads_a_kept_body(client, bandung, bogor, leaders, staff, bogor_staff):
    make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    make_cooperation(bogor, by=bogor_staff, ref="nanning", title="Kota Kembar Nanning")
    for bandung_url, bogor_url in zip(_pages(bandung), _pages(bogor), strict=True):
        assert "Kota Kembar Liuzhou" in _visit(client, leaders[0], bandung_url)
        client.force_login(bogor_staff)
        assert client.get(bandung_url).status_code == 404  # the kept body is there, and still not theirs
        own = _visit(client, bogor_staff, bogor_url)
        assert "Kota Kembar Nanning" in own and "Kota Kembar Liuzhou" not in own


def test_what_a_reader_may_do_is_not_taken_from_another_readers_page(client, bandung, leaders, staff):
    url = reverse("cooperation_list", args=[bandung.code])
    new = reverse("cooperation_create", args=[bandung.code])
    assert f'href="{new}"' in _visit(client, staff, url)  # staff may add one
    assert f'href="{new}"' not in _visit(client, leaders[0], url)  # leadership reads only
    assert f'href="{new}"' in _visit(client, staff, url)


def test_each_language_and_each_query_has_its_own_body(client, bandung, leaders, staff):
    make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    make_cooperation(bandung, by=staff, ref="seoul", title="Kota Kembar Seoul", country="KR")
    url = reverse("cooperation_list", args=[bandung.code])
    assert "Foreign cooperations" in _visit(client, leaders[0], url, "en")
    assert "Kerja sama luar negeri" in _visit(client, leaders[1], url, "id")
    searched = _visit(client, leaders[2], url + "?q=Seoul", "en")
    assert "Kota Kembar Seoul" in searched and "Kota Kembar Liuzhou" not in searched


def test_a_kept_body_holds_nothing_personal(client, bandung, leaders, staff):
    make_cooperation(bandung, by=staff, ref="liuzhou")
    national = make_member("kemendagri", None, Role.NATIONAL_OVERSEER)
    for user, url in [(leaders[0], u) for u in _pages(bandung)] + [(national, reverse("national_dashboard"))]:
        html = _visit(client, user, url)
        body = html.split("<main", 1)[1].split("</main>", 1)[0]
        # The cooperation list's form for its selected rows follows the kept body, rendered for each reader.
        body = body.split('<form id="bulk"', 1)[0]
        assert "csrfmiddlewaretoken" not in body and user.username not in body, url


def test_the_national_dashboard_shows_a_write_in_any_region(client, bandung, bogor, staff, bogor_staff):
    national = make_member("kemendagri", None, Role.NATIONAL_OVERSEER)
    url = reverse("national_dashboard")
    make_cooperation(bandung, by=staff, ref="liuzhou")
    assert bogor.name not in _visit(client, national, url)  # no cooperation: not in the table
    make_cooperation(bogor, by=bogor_staff, ref="nanning")
    assert bogor.name in _visit(client, national, url)
    assert Region.objects.get(pk=bogor.pk).changed_at > Region.objects.get(pk=bandung.pk).changed_at


def test_a_bulk_insert_shows_on_the_next_visit(client, bandung, leaders, staff):
    """An import writes without save(): the inserter tells the pages."""
    url = reverse("cooperation_list", args=[bandung.code])
    make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    assert "Kota Kembar Bulk" not in _visit(client, leaders[0], url)
    HistoryInserter(Partner).insert(
        [Partner(region=bandung, name="Mitra Bulk", country_id="JP", kind="local_government", level="city")],
        user=staff,
        reason="import",
    )
    partner = Partner.objects.get(name="Mitra Bulk")
    HistoryInserter(Cooperation).insert(
        [
            Cooperation(
                region=bandung, ref="bulk", title="Kota Kembar Bulk", partner=partner, type="KSDPL", form="other"
            )
        ],
        user=staff,
        reason="import",
    )
    assert "Kota Kembar Bulk" in _visit(client, leaders[1], url)


def test_an_upgrade_never_reads_the_bodies_the_code_before_it_kept(client, bandung, leaders, staff, monkeypatch):
    from kembar.core import pages

    make_cooperation(bandung, by=staff, ref="liuzhou", title="Kota Kembar Liuzhou")
    url = reverse("dashboard", args=[bandung.code])
    _visit(client, leaders[0], url)
    client.force_login(leaders[1])
    kept = queries_of(client, url)
    # The same version number, other code or words (templates, translations): built again, not read.
    monkeypatch.setattr(pages, "release", lambda: "0.1.0-another")
    client.force_login(leaders[2])
    assert queries_of(client, url) > kept


def test_the_release_follows_the_contents_of_the_code_not_its_times(tmp_path):
    from kembar.core.pages import code_digest

    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "tests").mkdir()
    template, words = tmp_path / "app" / "templates" / "page.html", tmp_path / "django.mo"
    template.write_text("<p>{% translate 'Dashboard' %}</p>")
    words.write_bytes(b"\x00\x01")
    before = code_digest([tmp_path / "app", tmp_path])
    # Copied again (another server, a reinstall): other times, the same contents, the same release.
    os.utime(template, (1, 1))
    (tmp_path / "app" / "tests" / "test_page.py").write_text("assert True")  # tests are not what pages are made of
    (tmp_path / "app" / "notes.md").write_text("not code")
    assert code_digest([tmp_path / "app", tmp_path]) == before
    template.write_text("<p>{% translate 'Home' %}</p>")
    assert code_digest([tmp_path / "app", tmp_path]) != before
    template.write_text("<p>{% translate 'Dashboard' %}</p>")
    words.write_bytes(b"\x00\x02")  # new translations
    assert code_digest([tmp_path / "app", tmp_path]) != before
