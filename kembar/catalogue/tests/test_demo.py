"""The demo's catalogue: Bandung's programme on, one published edition of the reviewed sample products with
its PDF, distribution points and a log marked "contoh"; running it again adds nothing."""

import pytest

from kembar.catalogue.demo import demo_catalogue
from kembar.catalogue.models import Distribution, Edition, EditionPdf
from kembar.catalogue.selectors import enabled

pytestmark = pytest.mark.django_db


def test_demo_catalogue(bandung):
    demo_catalogue(region=bandung)
    demo_catalogue(region=bandung)
    assert enabled(bandung)
    edition = Edition.objects.get(region=bandung)
    assert edition.is_published and "contoh" in edition.title
    items = list(edition.items.all())
    assert items and all(i.snapshot["is_sample"] for i in items)
    assert all(set(i.snapshot["texts"]) == {"id", "en", "ko", "ja"} for i in items)
    assert EditionPdf.objects.get(edition=edition).status == EditionPdf.Status.DONE
    assert Distribution.objects.filter(edition=edition, note="contoh").count() == 3
