"""Screens of reports: the generated reports of the region, generating one, its progress, its download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kembar.accounts.models import Role
from kembar.core import once
from kembar.core.forms import apply_errors
from kembar.core.views import paginate, region_view

from . import selectors, services
from .forms import ReportForm
from .models import GeneratedReport

#: Who may generate a report: the bureau and its leadership (every role of the region may read them).
GENERATORS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP})


def _may_generate(request) -> bool:
    return bool(request.access.roles & GENERATORS)


@region_view()
@once.creates
def report_list(request):
    may_generate = _may_generate(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not may_generate:
            raise PermissionDenied
        if form.is_valid():
            try:
                with once.consuming(request) as submission:
                    report = services.report_request(region=request.region, by=request.user, **form.cleaned_data)
                    submission.leads_to(reverse("report_detail", args=[request.region.code, report.pk]))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Report requested."))
                return redirect("report_detail", code=request.region.code, pk=report.pk)
    reports = paginate(request, selectors.report_list(region=request.region))
    return render(
        request,
        "reports/list.html",
        {"reports": reports, "form": form if may_generate else None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _get(request, pk) -> GeneratedReport:
    try:
        return selectors.report_get(region=request.region, pk=pk)
    except GeneratedReport.DoesNotExist:
        raise Http404 from None


def _shown(request, pk) -> dict:
    return {
        "report": _get(request, pk),
        "may_generate": _may_generate(request),
        "stalled_message": services.STALLED_MESSAGE,
    }


@region_view()
def report_detail(request, pk):
    return render(request, "reports/detail.html", _shown(request, pk))


@region_view()
def report_progress(request, pk):
    """The progress partial the detail page polls (htmx) until the report is done or failed."""
    return render(request, "reports/_progress.html", _shown(request, pk))


@region_view()
def report_download(request, pk):
    report = _get(request, pk)
    if report.status != GeneratedReport.Status.DONE or not report.file:
        raise Http404
    content_type = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[report.format]
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=content_type)
