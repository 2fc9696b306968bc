"""Production hardening (issue 17): what an attacker or an unlucky operator met, and what holds now."""

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kembar.core.dates import DateError, parse_input
from kembar.testing import make_cooperation

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _kembar(*args, **env):
    """`kembar <args>` under the production settings, with only the environment a deployment sets."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("KEMBAR_", "DJANGO_"))}
    base |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "KEMBAR_SECRET_KEY": "x7$Kq9!vR2#mZ8@pL4^wN6&tB1*yH3(cF5)jD0-gS9+aE2=uQ7",
        "KEMBAR_ALLOWED_HOSTS": "kembar.example.go.id",
        "KEMBAR_DATABASE_URL": "sqlite:////tmp/kembar-hardening-check.sqlite3",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "kembar.cli", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_the_deploy_check_of_the_production_settings_warns_of_nothing():
    done = _kembar("check", "--deploy", KEMBAR_TASKS_IN_PROCESS="1")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr


def test_production_refuses_to_run_reports_inside_the_request():
    done = _kembar("check")
    assert done.returncode != 0
    assert "KEMBAR_TASKS_BACKEND=django_tasks_db.DatabaseBackend" in done.stderr


@pytest.mark.django_db
def test_pages_of_a_logged_in_user_are_kept_by_no_cache(client, staff, bandung):
    client.force_login(staff)
    for url in (reverse("cooperation_list", kwargs={"code": bandung.code}), "/r/32.73/export/cooperations.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= {p.strip() for p in response.headers["Cache-Control"].split(",")}, url


def _fail_logins(client, address: str, times: int, **headers):
    for _ in range(times):
        client.post(reverse("login"), {"username": "staf", "password": "salah"}, REMOTE_ADDR=address, **headers)


@pytest.mark.django_db
def test_behind_the_proxy_one_client_s_failures_do_not_lock_out_another(client, staff, settings):
    settings.AXES_ENABLED = True
    settings.KEMBAR_TRUSTED_PROXIES = ["127.0.0.1"]
    # An attacker fails five times as "staf" through the proxy; the officer, from another address, still logs in.
    _fail_logins(client, "127.0.0.1", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.66")
    response = client.post(
        reverse("login"),
        {"username": "staf", "password": "pass-1234"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
    # The attacker himself stays locked out, whatever he writes left of the proxy's entry.
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "staf", "password": "pass-1234"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_a_client_not_behind_the_proxy_cannot_choose_its_address(client, staff, settings):
    settings.AXES_ENABLED = True
    settings.KEMBAR_TRUSTED_PROXIES = ["10.0.0.0/8"]
    _fail_logins(client, "203.0.113.66", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"}, REMOTE_ADDR="203.0.113.66")
    assert response.status_code == 429  # its forged X-Forwarded-For did not move the failures elsewhere


@pytest.mark.parametrize("typed", ["２０２４", "31/12/２０２４", "２００６-09-21", "٢٠٢٤"])
def test_digits_of_other_scripts_are_not_a_date(typed):
    with pytest.raises(DateError):
        parse_input(typed)


@pytest.mark.django_db
def test_an_upload_is_stored_under_the_extension_of_its_checked_type(bandung, staff):
    from kembar.cooperations.services import document_create

    coop = make_cooperation(bandung, by=staff, ref="liuzhou")
    upload = SimpleUploadedFile("laporan.html", PDF, content_type="text/html")
    doc = document_create(cooperation=coop, by=staff, upload=upload, kind="mou", title="MoU", date="2006-09-21")
    stored = doc.files.get()
    assert stored.file.name.endswith(".pdf") and ".html" not in stored.file.name
    assert stored.original_name == "laporan.pdf"  # the name sent, not its path, ending as what it is


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("x.exe", "x.pdf"),
        ("Laporan Kegiatan 2024", "Laporan Kegiatan 2024.pdf"),
        ("scan.PDF", "scan.PDF"),
        ("", "file.pdf"),
    ],
)
def test_a_file_is_named_as_the_type_its_content_was_checked_to_be(sent, shown):
    from kembar.core.uploads import named_as_checked

    assert named_as_checked(sent, "application/pdf") == shown
    assert named_as_checked("foto.jpeg", "image/jpeg") == "foto.jpeg"
    assert len(named_as_checked("a" * 300 + ".exe", "application/pdf")) == 255


# --- Parameters out of range answer 400 with a message, never a server error ------------------------------


@pytest.mark.django_db
def test_an_evaluation_asked_for_the_year_9999_says_which_days_it_can_judge(client, staff, bandung):
    make_cooperation(bandung, by=staff, ref="liuzhou")
    client.force_login(staff)
    url = reverse("cooperation_evaluation", kwargs={"code": bandung.code, "ref": "liuzhou"})
    response = client.get(url, {"as_of": "9999-12-31"})
    assert response.status_code == 400
    assert "Pilih hari dari 1900 sampai 2100." in response.content.decode()


@pytest.mark.django_db
def test_an_obligations_export_a_million_years_ahead_is_refused_with_its_message(client, staff, bandung):
    client.force_login(staff)
    response = client.get("/r/32.73/export/obligations.csv", {"within_days": "999999999"})
    assert response.status_code == 400
    assert "bilangan bulat dari 0 sampai 3650" in response.content.decode()
    assert client.get("/r/32.73/export/obligations.csv", {"within_days": "90"}).status_code == 200


@pytest.mark.django_db
def test_a_forged_row_id_in_a_bulk_action_is_not_found_not_a_failure(client, staff, bandung):
    make_cooperation(bandung, by=staff, ref="liuzhou")
    client.force_login(staff)
    response = client.post(
        reverse("cooperation_bulk", kwargs={"code": bandung.code}),
        {"ids": ["99999999999999999999999"], "action": "assign"},
    )
    assert response.status_code == 404
