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
