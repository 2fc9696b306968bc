"""`kembar catalogue search|pdf|demo`."""

import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kembar.smes.models import Product

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("catalogue", *args, stdout=out)
    return out.getvalue()


def test_search_json(products):
    data = json.loads(run("search", "가죽", "--region", "32.73", "--json"))
    assert data["total"] == 1
    row = data["products"][0]
    assert row["id"] == products[0].pk and row["sme"] == "Rajut Cihampelas" and row["category"] == "fesyen"
    assert row["names"] == {"id": "Tas Kulit Domba", "en": "Sheepskin Bag", "ko": "양가죽 가방", "ja": "羊革のバッグ"}
    assert row["status"] == {"id": "reviewed", "en": "reviewed", "ko": "reviewed", "ja": "reviewed"}
    assert row["score"] >= 0 and row["sample"] is True
    assert json.loads(run("search", "가죽", "--region", "32.73", "--lang", "ja", "--json"))["total"] == 0
    with pytest.raises(CommandError):
        run("search", "kopi", "--region", "99.99")


def test_pdf(published, tmp_path):
    out = tmp_path / "katalog.pdf"
    message = run("pdf", "1", "--region", "32.73", "--out", str(out))
    assert "pages" in message or "halaman" in message
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    assert "양가죽 가방" in text and "羊革のバッグ" in text
    with pytest.raises(CommandError):
        run("pdf", "7", "--region", "32.73", "--out", str(out))


def test_demo_adds_marked_samples_all_or_nothing(bandung):
    run("demo", "--region", "32.73", "--products", "12")
    assert Product.objects.filter(region=bandung, is_sample=True).count() == 12
    data = json.loads(run("search", "Bandung", "--region", "32.73", "--json", "--limit", "50"))
    assert data["total"] == 12 and all(p["sample"] for p in data["products"])
    with pytest.raises(CommandError):
        run("demo", "--region", "32.73", "--products", "0")
    assert Product.objects.filter(region=bandung).count() == 12
