"""The dossier opens with a summary and a bar of its sections, each one click away."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kembar.cooperations import services
from kembar.testing import make_cooperation, make_obligation

pytestmark = pytest.mark.django_db


def test_the_dossier_opens_with_a_summary_and_links_to_every_section(client, bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou")
    services.activity_create(cooperation=coop, by=staff, date="2022-03-01", title="Rapat")
    services.activity_create(cooperation=coop, by=staff, date="2022-04", title="Kunjungan")  # known to the month
    today = timezone.localdate()
    later = (today + dt.timedelta(days=60)).isoformat()
    services.activity_create(cooperation=coop, by=staff, date=later, title="Rencana nanti")  # not yet: not the last
    make_obligation(coop, starts=(today - dt.timedelta(days=30)).replace(day=1).isoformat(), text="Rapat tahunan")
    client.force_login(staff)
    with translation.override("id"):
        html = client.get(reverse("cooperation_detail", args=["32.73", coop.ref])).content.decode()
    nav = html.split('<nav class="sections"')[1].split("</nav>")[0]
    for label, target in [
        ("Ringkasan", "summary"),
        ("Prosedur", "procedure"),
        ("Dokumen (0)", "documents"),
        ("Linimasa", "h-timeline"),
        ("Evaluasi", "h-evaluation"),
    ]:
        assert f'href="#{target}">{label}</a>' in nav
        assert f'id="{target}"' in html  # the link leads somewhere
    assert f'href="{reverse("cooperation_history", args=["32.73", coop.ref])}">Riwayat</a>' in nav
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "Mitra bandung-liuzhou" in summary
    assert "April 2022" in summary and "1 April 2022" not in summary  # the last begun by today, as recorded
    assert "Rapat tahunan" in summary  # the obligation due next
    assert summary.index("Ringkasan") < summary.index("Status")
    # The summary comes before every other panel.
    assert html.index('id="summary"') < html.index('id="h-parties"') < html.index('id="documents"')
