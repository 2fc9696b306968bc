"""`kembar demo` (what `make demo` runs) loads the demo cases and says where to log in."""

from io import StringIO

import pytest
from django.core.management import call_command

from kembar.cooperations.models import Cooperation

pytestmark = pytest.mark.django_db


def test_demo_loads_the_cases_and_names_the_address_it_serves(ref_data, settings):
    settings.KEMBAR_SITE_URL = "http://127.0.0.1:8765"
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "6 demo cases" in text and Cooperation.objects.count() == 6
    assert "http://127.0.0.1:8765/login/" in text and "8000" not in text


def test_every_export_of_the_demo_opens(client, ref_data):
    """Issue 17: the demo's "10,000 masks" outcome was read as the number 10 and every activities export of
    Bandung failed. Each list exports, in both formats, for a user of each demo region."""
    from django.contrib.auth import get_user_model

    from kembar.imports import exports

    call_command("demo", stdout=StringIO())
    for username, code in (("bandung-staf", "32.73"), ("bogor-staf", "32.01")):
        client.force_login(get_user_model().objects.get(username=username))
        for name in exports.LISTS:
            for fmt in exports.FORMATS:
                response = client.get(f"/r/{code}/export/{name}.{fmt}")
                assert response.status_code == 200, (username, name, fmt)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert body.startswith(b"\xef\xbb\xbf" if fmt == "csv" else b"PK"), (username, name, fmt)
                if (username, name, fmt) == ("bandung-staf", "activities", "csv"):
                    assert "10,000 masks received" in body.decode("utf-8-sig")
