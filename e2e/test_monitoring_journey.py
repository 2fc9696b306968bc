"""A dormant partnership comes back to life (issue 4): record one activity, watch the status and evaluation change."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOSSIER = "/r/32.73/cooperations/bandung-liuzhou/"


def _verdict(page, element):
    row = page.locator("#h-evaluation").locator("xpath=..").locator("ul.verdicts li", has_text=element)
    return row.inner_text()


def test_recording_an_activity_wakes_a_dormant_partnership(live_server, page, officer):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    from kembar.alerts.services import alerts_run

    alerts_run(as_of=timezone.localdate())  # the daily run has found the dormant partnership
    page.goto(base + "/alerts/")
    assert "Dormant: no activity recorded since" in page.content()

    page.goto(base + DOSSIER)
    panel = page.locator("section.evaluation")
    expect(panel.locator(".dormancy-dormant")).to_be_visible()  # nothing since April 2022
    # Two activities record that the community did not plan them: too few to rate, not "not met".
    assert "not enough data" in _verdict(page, "Community involvement")
    assert "insufficient evidence" in _verdict(page, "Community involvement")

    page.get_by_role("link", name="Add activity").first.click()
    today = timezone.localdate().isoformat()
    page.fill("#id_date", today)
    page.fill("#id_title", "Joint youth arts workshop planned with Bandung's arts community and Liuzhou")
    page.select_option("#id_kind", "exchange")
    page.select_option("#id_initiated_by", "region")
    page.select_option("#id_beneficiary", "both")
    page.select_option("#id_host", "region")
    page.get_by_role("checkbox", name="Community").check()
    page.locator("main details summary").first.click()
    page.select_option("#id_community_in_planning", "true")
    with page.expect_navigation(url=re.compile(re.escape(DOSSIER) + r"$")):
        page.get_by_role("button", name="Save").click()

    panel = page.locator("section.evaluation")
    expect(panel.locator(".dormancy-active")).to_be_visible()
    assert "partly met" in _verdict(page, "Community involvement")  # 1 of 3 planned with the community: 1/3
    page.get_by_role("link", name=re.compile("Full evaluation")).click()
    assert "Joint youth arts workshop" in page.content()  # listed among the facts behind the verdicts
    page.goto(base + "/alerts/")
    assert "Dormant: no activity recorded since" not in page.content()  # cleared by the write, not the cron
