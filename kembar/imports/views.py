"""Screens of imports (upload → columns → check → import → result) and the list exports."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.core import once
from kembar.core.forms import apply_errors
from kembar.core.views import region_view

from . import columns as cols
from . import exports, selectors, services
from .forms import MappingForm, UploadForm
from .models import ImportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@region_view(edit=True)
@once.creates
def import_index(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once.consuming(request) as submission:
                job = services.import_job_create(
                    region=request.region, by=request.user, kind=data["kind"], upload=data["file"]
                )
                submission.leads_to(reverse("import_job", args=[request.region.code, job.pk]))
        except ValidationError as exc:
            apply_errors(form, exc, unnamed="file")
        else:
            return redirect("import_job", code=request.region.code, pk=job.pk)
    jobs = selectors.import_job_list(region=request.region)
    context = {"form": form, "jobs": jobs, "kinds": ImportJob.Kind.choices}
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


def _job(request, pk) -> ImportJob:
    try:
        return selectors.import_job_get(region=request.region, pk=pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


@region_view(edit=True)
@once.creates
def import_job(request, pk):
    job = _job(request, pk)
    form = MappingForm(request.POST or None, job=job)
    action = request.POST.get("action")
    if request.method == "POST" and action == "map" and form.is_valid():
        try:
            services.import_job_map(job=job, by=request.user, mapping=form.cleaned_data)
            services.import_job_check(job=job, by=request.user)  # a task: the page shows its progress
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("import_job", code=request.region.code, pk=job.pk)
    elif request.method == "POST" and action == "commit":
        try:
            # The claim is what the token guards: a repeat is led to the job, running or done.
            with once.consuming(request) as submission:
                job = services.import_job_start(job=job, by=request.user)
                submission.leads_to(reverse("import_job", args=[request.region.code, job.pk]))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.import_job_go(job=job, by=request.user)
        return redirect("import_job", code=request.region.code, pk=job.pk)
    columns = [(col, form[col.key]) for col in cols.COLUMNS[job.kind]]
    context = {"job": job, "form": form, "columns": columns}
    return render(request, "imports/job.html", context, status=400 if form.errors else 200)


@region_view(edit=True)
def import_job_progress(request, pk):
    """The progress panel, polled by htmx while the rows are checked or imported."""
    job = _job(request, pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.busy and request.htmx:
        # Finished, or its worker died: reload the whole page so the result shows.
        response["HX-Refresh"] = "true"
    return response


@region_view(edit=True)
def import_template(request, kind):
    if kind not in cols.COLUMNS:
        raise Http404
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = str(ImportJob.Kind(kind).label)[:31]
    columns = cols.COLUMNS[kind]
    ws.append([str(c.label) for c in columns])
    ws.append([str(c.example) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(_("Notes"))
    notes.append([_("Column"), _("Required"), _("Allowed values and notes")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for c in columns:
        notes.append([str(c.label), _("yes") if c.required else _("no"), str(c.help)])
    notes.append([])
    notes.append(
        [
            _("Dates"),
            "",
            _(
                "31/12/2024, 21 September 2006, Sept 2006, 2006, 2006-09-21 or an Excel date; a year or a month "
                "stays as precise as given."
            ),
        ]
    )
    notes.append([_("Headers"), "", _("Indonesian or English names are recognised; you can choose each column.")])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kembar-template-{kind}.xlsx"'
    return response


@region_view()
def export_list(request, name, fmt):
    if name not in exports.LISTS or fmt not in exports.FORMATS:
        raise Http404
    try:
        export = exports.build(name, region=request.region, query=request.GET)
    except exports.BadParameter as bad:
        return render(request, "400.html", {"message": str(bad)}, status=400)
    filename = f"kembar-{request.region.code}-{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(export), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(export), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
