"""A browser test's end waits for the live server: a request still running when the test's database is emptied
made that emptying fail (on SQLite) and the next test start on the last one's rows (CI, 2026-12-07)."""

import threading
import time

from django.core.handlers.wsgi import WSGIHandler

from kembar.testing import live_server_requests, settle_live_server, wait_until


def test_the_end_of_a_browser_test_waits_for_a_request_the_page_left_running(live_server, page, monkeypatch):
    started, finished = threading.Event(), threading.Event()
    answer = WSGIHandler.__call__

    def slow(handler, environ, start_response):
        if environ.get("QUERY_STRING") == "slow":
            started.set()
            time.sleep(1)
            response = answer(handler, environ, start_response)
            finished.set()
            return response
        return answer(handler, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", slow)
    page.goto(f"{live_server.url}/login/")
    page.evaluate("() => { fetch('/login/?slow'); }")  # not awaited, as a thumbnail still loading
    wait_until(started.is_set, timeout=15, what="the slow request reaching the server")

    settle_live_server(page.context.browser)

    assert finished.is_set(), "the request was still running when the test would have ended"
    assert live_server_requests() == []
    assert page.context.browser.contexts == []
