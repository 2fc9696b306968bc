"""No file without its row: a document's file written in a transaction that rolls back is deleted again (the
caller's transaction, a view's, a case-file import's), and one whose row is kept stays."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from kembar.cooperations.casefile import CaseFileError, import_files
from kembar.cooperations.models import Cooperation, Document, DocumentFile
from kembar.cooperations.services import document_create, document_file_add
from kembar.core import files
from kembar.testing import make_cooperation, pdf_upload

from .test_casefile import EXAMPLE, example


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def document(bandung):
    coop = make_cooperation(bandung)
    return document_create(cooperation=coop, by=None, kind="mou", title="MoU")


@pytest.mark.django_db
def test_an_upload_in_a_transaction_that_then_fails_leaves_no_file(document, media):
    with pytest.raises(RuntimeError), files.atomic():
        document_file_add(document=document, by=None, upload=pdf_upload())
        assert len(stored(media)) == 1  # written before the row
        raise RuntimeError("something after the upload failed")
    assert stored(media) == [] and not DocumentFile.objects.exists()


@pytest.mark.django_db
def test_a_view_whose_transaction_rolls_back_leaves_no_file(document, media):
    def view(request):  # any view: a plain transaction, its failure shown as a form error
        try:
            with transaction.atomic():
                document_create(cooperation=document.cooperation, by=None, kind="mou", title="B", upload=pdf_upload())
                raise ValidationError("a later field is wrong")
        except ValidationError:
            return HttpResponse(status=400)

    response = files.middleware(view)(RequestFactory().post("/"))
    assert response.status_code == 400
    assert stored(media) == [] and not DocumentFile.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_upload_kept_keeps_its_file_even_when_later_work_fails(document, media):
    version = document_file_add(document=document, by=None, upload=pdf_upload())
    assert stored(media) == [version.file.name]

    # Committed on its own, then the work around it fails: the row stays, so does its file.
    with pytest.raises(RuntimeError), files.files_removed_on_failure():
        second = document_file_add(document=document, by=None, upload=pdf_upload("b.pdf"))
        raise RuntimeError("after the commit")
    assert stored(media) == sorted([version.file.name, second.file.name])
    assert DocumentFile.objects.filter(document=document).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_savepoint_rolled_back_and_recovered_from_deletes_only_what_it_wrote(document, media):
    with files.atomic():
        kept = document_file_add(document=document, by=None, upload=pdf_upload("kept.pdf"))
        try:
            with transaction.atomic():  # a savepoint, rolled back; the transaction goes on
                document_file_add(document=document, by=None, upload=pdf_upload("gone.pdf"))
                raise RuntimeError("this part failed")
        except RuntimeError:
            pass
        later = document_file_add(document=document, by=None, upload=pdf_upload("later.pdf"))
    assert [f.pk for f in DocumentFile.objects.order_by("version")] == [kept.pk, later.pk]
    assert stored(media) == sorted([kept.file.name, later.file.name])


@pytest.mark.django_db
def test_a_case_file_import_that_fails_after_a_document_with_a_file_leaves_no_file(write, regions_and_countries, media):
    bad = example().replace("id: bandung-liuzhou ", "id: bandung-liuzhou-bad ").replace("country: CN", "country: XX")
    with pytest.raises(CaseFileError), files.atomic():
        [coop] = import_files([EXAMPLE])
        mou = Document.objects.get(cooperation=coop)
        document_file_add(document=mou, by=None, upload=pdf_upload("mou-signed.pdf"))
        import_files([write(bad, "bad.yaml")])
    assert not Cooperation.all_objects.exists() and not DocumentFile.objects.exists()
    assert stored(media) == []


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
