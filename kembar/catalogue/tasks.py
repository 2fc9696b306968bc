"""Background tasks of the catalogue (django-tasks). Arguments are JSON."""

from django_tasks import task

from .models import EditionPdf
from .services import pdf_run


@task()
def catalogue_pdf_generate(pdf_id: int) -> dict:
    """Build a requested print PDF of an edition, updating its progress as it goes."""
    pdf = EditionPdf.objects.select_related("edition", "region").filter(pk=pdf_id).first()
    if pdf is None:
        return {"pdf": pdf_id, "status": "missing"}
    pdf = pdf_run(pdf=pdf)
    return {"pdf": pdf.pk, "status": pdf.status, "sha256": pdf.sha256}
