"""No orphan photo files: a form or an upload that fails (or a transaction that rolls back) leaves no file of
its photos in the store; a photo saved keeps its two files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kembar.core import files
from kembar.smes import services
from kembar.smes.models import Product, ProductPhoto

from .conftest import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _not_a_photo():
    return SimpleUploadedFile("b.jpg", b"<html>not a photo</html>", content_type="image/jpeg")


def test_a_product_form_refused_for_its_second_photo_leaves_no_file(client, owner, sme, media):
    client.force_login(owner)
    before = _files(media)
    response = client.post(
        reverse("smes_product_create", args=["32.73", sme.pk]),
        {
            "category": "kerajinan",
            "price_min": "1",
            "price_max": "2",
            "currency": "IDR",
            "min_order": "1",
            "unit": "pcs",
            "name": "Tas",
            "photos": [photo_upload("a.jpg"), _not_a_photo()],
        },
    )
    assert response.status_code == 200 and Product.all_objects.count() == 0
    assert _files(media) == before


def test_photos_refused_for_the_last_one_leave_no_file(client, owner, product, media):
    client.force_login(owner)
    before = _files(media)
    response = client.post(
        reverse("smes_photo_add", args=["32.73", product.pk]),
        {"photos": [photo_upload("a.jpg"), photo_upload("b.png", fmt="PNG"), _not_a_photo()]},
    )
    assert response.status_code == 302 and ProductPhoto.all_objects.count() == 0
    assert _files(media) == before


def test_a_rolled_back_transaction_takes_its_photo_files_with_it(product, trade, media):
    before = _files(media)
    with pytest.raises(RuntimeError), files.atomic():
        services.photo_add(product=product, by=trade, upload=photo_upload())
        assert len(_files(media)) == len(before) + 2  # the photo and its thumbnail, written
        raise RuntimeError("something after the photo failed")
    assert _files(media) == before and ProductPhoto.all_objects.count() == 0


def test_a_photo_saved_keeps_its_files(client, owner, product, media):
    client.force_login(owner)
    response = client.post(reverse("smes_photo_add", args=["32.73", product.pk]), {"photos": [photo_upload()]})
    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert _files(media) == sorted([photo.image.name, photo.thumbnail.name])
