"""Screens of the registry: list, dossier, forms, documents, history, trash, the national overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kembar.core import once, pages
from kembar.core.forms import apply_errors, unchanged
from kembar.core.history import history_entries
from kembar.core.params import record_ids
from kembar.core.sorting import sorted_by
from kembar.core.views import national_only, paginate, region_view, render_page
from kembar.core.words import citation
from kembar.partners import services as partner_services
from kembar.partners.models import Country, Partner
from kembar.regions.models import Region

from . import selectors, services
from .forms import CooperationForm, DocumentForm, UploadForm
from .models import Activity, Cooperation, Document, DocumentFile, Event, Finding, Obligation, Source

TIMELINE_PAGE = 100
SECTION_LIMIT = 50


@region_view()
def cooperation_list(request):
    from kembar.evaluation.lifecycle import choices as lifecycle_choices

    region, partial = request.region, bool(request.htmx and request.htmx.target == "results")

    def build():
        params = {k: request.GET.get(k, "").strip() for k in selectors.COOPERATION_FILTERS}
        sorting = sorted_by(request.GET, selectors.COOPERATION_SORTS, "title")
        filters = {k: v for k, v in params.items() if v and k != "status"}
        qs = selectors.cooperation_list(region=region, ordering=Country.by_reader_name(sorting.ordering), **filters)
        if params["status"] or sorting.key in ("status", "-status"):
            # By the lifecycle status, worked out today for every cooperation the other filters keep.
            page = paginate(request, selectors.by_status(qs, status=params["status"], sort=sorting.key))
        else:
            page = paginate(request, qs)
            page.object_list = selectors.with_lifecycle(page.object_list)
        context = {
            "page": page,
            "params": params,
            "sorting": sorting,
            "options": selectors.cooperation_filter_options(region=region),
            "types": Cooperation.Type.choices,
            "forms": Cooperation.Form.choices,
            "statuses": lifecycle_choices(),
        }
        return render_to_string("cooperations/_list_body.html" + ("#results" if partial else ""), context, request)

    # The same for every reader of the region who may (or may not) edit: kept for all of them.
    body = pages.kept(
        request,
        "cooperation_list#results" if partial else "cooperation_list",
        build,
        version=pages.version(region),
        scope=region.code,
        access="edit" if request.access.can_edit else "read",
    )
    if partial:
        return HttpResponse(body)
    return render(request, "cooperations/list.html", {"body": body})


def _back_to_list(request):
    """The list the selection was made on (its filters, sorting and page), else the region's list."""
    back = request.POST.get("back", "")
    home = reverse("cooperation_list", args=[request.region.code])
    return redirect(back if back.startswith(home) and url_has_allowed_host_and_scheme(back, None) else home)


@region_view()
@require_POST
def cooperation_bulk(request):
    """What the cooperation list does with its selected rows: export them (every reader, as the list's export)
    or give them a person in charge (the bureau). Every id must be one of the region's live cooperations:
    another region's is 404 and nothing happens."""
    action = request.POST.get("action", "")
    if action not in ("export", "assign"):
        return HttpResponseBadRequest()
    if action == "assign" and not request.access.can_edit:
        raise PermissionDenied
    ids = request.POST.getlist("ids")
    if not ids:
        messages.error(request, _("Select at least one cooperation first (the boxes at the start of each row)."))
        return _back_to_list(request)
    if (numbers := record_ids(ids)) is None:
        raise Http404
    try:
        coops = selectors.cooperations_selected(region=request.region, ids=numbers)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    if action == "export":
        from kembar.imports import exports
        from kembar.imports.views import XLSX_TYPE

        query = QueryDict(mutable=True)
        query.setlist("ids", [str(c.pk) for c in coops])
        export = exports.build("cooperations", region=request.region, query=query)
        response = HttpResponse(exports.xlsx_bytes(export), content_type=XLSX_TYPE)
        filename = f"kembar-{request.region.code}-cooperations-selected-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    person = request.POST.get("person", "").strip()
    if not person:
        messages.error(request, _("Write the name of the person in charge to assign."))
        return _back_to_list(request)
    try:
        changed = services.cooperations_assign(
            cooperations=coops, person=person, by=request.user, handover_note=request.POST.get("handover_note", "")
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_list(request)
    messages.success(
        request,
        ngettext(
            "%(person)s is now in charge of %(n)s cooperation.",
            "%(person)s is now in charge of %(n)s cooperations.",
            changed,
        )
        % {"person": person, "n": changed}
        + (" " + _("%(n)s already were.") % {"n": len(coops) - changed} if len(coops) > changed else ""),
    )
    return _back_to_list(request)


@region_view()
def cooperation_detail(request, ref):
    return dossier(request, ref)


def dossier(request, ref, *, status: int = 200, **panels):
    """The dossier's page; `panels` what a panel's form refused shows again (e.g. the procedure's
    `procedure_form`, kembar/procedure/views.py), with the `status` of a refused form (400). Its own links (the
    timeline's pages, "show all", the language switch) name the dossier's address: a refused form's page is
    shown at the address the form was sent to, which answers no GET."""
    show_all = request.GET.get("show") == "all"
    try:
        d = selectors.dossier_page(
            region=request.region,
            ref=ref,
            page=request.GET.get("page"),
            per_page=TIMELINE_PAGE,
            limit=None if show_all else SECTION_LIMIT,
        )
    except Cooperation.DoesNotExist:
        raise Http404 from None
    from kembar.public.selectors import publication_state

    publication = publication_state(region=request.region, cooperation=d.cooperation)
    url = reverse("cooperation_detail", args=[request.region.code, d.cooperation.ref])
    context = {"d": d, "coop": d.cooperation, "timeline": d.timeline, "publication": publication, **panels}
    context["dossier_url"] = url
    if request.htmx and request.htmx.target == "timeline":
        return render(request, "cooperations/detail.html#timeline", context)
    return render_page(request, "cooperations/detail.html", context, url=url, status=status)


def _get(request, ref):
    try:
        return selectors.cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None


@region_view(edit=True)
@once.creates
def cooperation_create(request):
    form = CooperationForm(request.POST or None, region=request.region)
    if request.method == "POST" and form.is_valid():
        fields, partner_refused = dict(form.cleaned_data), False
        try:
            with once.consuming(request) as submission:
                if form.adding_partner:  # created with the cooperation: both or neither
                    try:
                        fields["partner"] = partner_services.partner_create(
                            region=request.region, by=request.user, **form.new_partner.cleaned_data
                        )
                    except ValidationError as exc:
                        apply_errors(form.new_partner, exc)
                        partner_refused = True
                        raise
                coop = services.cooperation_create(region=request.region, by=request.user, **fields)
                submission.leads_to(reverse("cooperation_detail", args=[request.region.code, coop.ref]))
        except ValidationError as exc:
            if not partner_refused:
                apply_errors(form, exc)
        else:
            messages.success(request, _("Cooperation saved."))
            return redirect("cooperation_detail", code=request.region.code, ref=coop.ref)
    return render(request, "cooperations/form.html", {"form": form, "creating": True})


@region_view(edit=True)
def cooperation_edit(request, ref):
    coop = _get(request, ref)
    form = CooperationForm(request.POST or None, instance=coop, region=request.region)
    if request.method == "POST" and form.is_valid():
        if unchanged(request, form):
            return redirect("cooperation_detail", code=request.region.code, ref=coop.ref)
        fields = {k: form.cleaned_data[k] for k in form.changed_data}  # includes handover_note when written
        try:
            coop = services.cooperation_update(cooperation=coop, by=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cooperation_detail", code=request.region.code, ref=coop.ref)
    return render(request, "cooperations/form.html", {"form": form, "coop": coop})


@region_view(edit=True)
def cooperation_delete(request, ref):
    coop = _get(request, ref)
    if request.method == "POST":
        services.cooperation_delete(cooperation=coop, by=request.user)
        messages.success(request, _("“%(title)s” moved to the trash. It can be restored.") % {"title": coop.title})
        return redirect("cooperation_list", code=request.region.code)
    return render(request, "cooperations/confirm_delete.html", {"obj": coop, "coop": coop})


@region_view()
def cooperation_history(request, ref):
    coop = _get(request, ref)
    by_coop = {"cooperation_id": coop.pk}
    querysets = [Cooperation.history.filter(id=coop.pk)] + [
        m.history.filter(**by_coop) for m in (Document, Event, Obligation, Activity, Finding, Source)
    ]
    querysets.append(DocumentFile.history.filter(document__cooperation=coop))
    querysets.append(Partner.history.filter(id=coop.partner_id))
    entries = history_entries(
        querysets,
        label=lambda r: (
            getattr(r, "title", "")
            or getattr(r, "text", "")
            or getattr(r, "original_name", "")
            or getattr(r, "topic", "")
            or citation(getattr(r, "cite", ""))  # a source
            or getattr(r, "name", "")  # a partner
            or "—"
        ),
    )
    page = paginate(request, entries, per_page=50)
    return render(request, "cooperations/history.html", {"coop": coop, "page": page})


@region_view()
def cooperation_export(request, ref):
    from .casefile import export

    coop = _get(request, ref)
    response = HttpResponse(export(coop), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{coop.ref}.yaml"'
    return response


@region_view(edit=True)
@once.creates
def document_create(request, ref):
    coop = _get(request, ref)
    form = DocumentForm(request.POST or None, request.FILES or None, cooperation=coop)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("upload", None)
        try:
            with once.consuming(request) as submission:
                doc = services.document_create(cooperation=coop, by=request.user, upload=upload, **data)
                submission.leads_to(reverse("document_detail", args=[request.region.code, doc.pk]))
        except ValidationError as exc:
            apply_errors(form, exc, unnamed="upload")
        else:
            messages.success(request, _("Document saved."))
            return redirect("document_detail", code=request.region.code, pk=doc.pk)
    return render(request, "cooperations/document_form.html", {"form": form, "coop": coop})


def _document(request, pk, *, deleted=False):
    manager = Document.all_objects if deleted else Document.objects
    doc = get_object_or_404(manager.select_related("cooperation", "source"), region=request.region, pk=pk)
    if doc.cooperation.is_deleted and not deleted:
        raise Http404
    return doc


def upload_posted(request, form_class, url, save, **record):
    """The upload form of a page that lists a record's files, and what an editor's valid POST of it saved:
    `save(**record, by=request.user, **cleaned_data)` (a service) runs once per form (kembar.core.once, which
    then leads to `url`). Returns (form, saved), saved None when nothing was saved; a reader's POST is 403."""
    if request.method != "POST":
        return form_class(), None
    if not request.access.can_edit:
        raise PermissionDenied
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            with once.consuming(request) as submission:
                saved = save(**record, by=request.user, **form.cleaned_data)
                submission.leads_to(url)
        except ValidationError as exc:
            apply_errors(form, exc, unnamed="upload")
        else:
            return form, saved
    return form, None


@region_view()
@once.creates
def document_detail(request, pk):
    doc = _document(request, pk)
    url = reverse("document_detail", args=[request.region.code, doc.pk])
    form, version = upload_posted(request, UploadForm, url, services.document_file_add, document=doc)
    if version:
        messages.success(request, _("Version %(n)s uploaded.") % {"n": version.version})
        return redirect(url)
    from kembar.public.selectors import publication_rules

    files = list(doc.files.select_related("uploaded_by"))
    return render(
        request,
        "cooperations/document_detail.html",
        {
            "doc": doc,
            "coop": doc.cooperation,
            "files": files,
            "form": form,
            "publication": publication_rules(region=request.region),
        },
    )


@region_view(edit=True)
def document_edit(request, pk):
    doc = _document(request, pk)
    form = DocumentForm(request.POST or None, instance=doc, cooperation=doc.cooperation)
    if request.method == "POST" and form.is_valid():
        if not unchanged(request, form):
            fields = {k: form.cleaned_data[k] for k in form.changed_data}
            services.document_update(document=doc, by=request.user, **fields)
            messages.success(request, _("Changes saved."))
        return redirect("document_detail", code=request.region.code, pk=doc.pk)
    return render(request, "cooperations/document_form.html", {"form": form, "coop": doc.cooperation, "doc": doc})


@region_view(edit=True)
def document_delete(request, pk):
    doc = _document(request, pk)
    if request.method == "POST":
        services.document_delete(document=doc, by=request.user)
        messages.success(request, _("“%(title)s” moved to the trash. It can be restored.") % {"title": doc.title})
        return redirect("cooperation_detail", code=request.region.code, ref=doc.cooperation.ref)
    return render(request, "cooperations/confirm_delete.html", {"obj": doc, "coop": doc.cooperation})


@region_view()
def file_download(request, pk):
    f = get_object_or_404(
        DocumentFile.objects.select_related("document__cooperation"),
        region=request.region,
        pk=pk,
        document__deleted_at__isnull=True,
        document__cooperation__deleted_at__isnull=True,
    )
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.original_name, content_type=f.content_type)


@region_view(edit=True)
def trash(request):
    return render(request, "cooperations/trash.html", {"trash": selectors.trash_list(region=request.region)})


@require_POST
@region_view(edit=True)
def trash_restore(request, kind, pk):
    model = {"cooperation": Cooperation, "document": Document, "activity": Activity}.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model.all_objects.deleted(), region=request.region, pk=pk)
    if kind == "cooperation":
        services.cooperation_restore(cooperation=obj, by=request.user)
        target = reverse("cooperation_detail", kwargs={"code": request.region.code, "ref": obj.ref})
    elif kind == "activity":
        services.activity_restore(activity=obj, by=request.user)
        coop = obj.cooperation
        target = (
            reverse("trash", kwargs={"code": request.region.code})
            if coop.is_deleted
            else reverse("activity_list", kwargs={"code": request.region.code, "ref": coop.ref})
        )
    else:
        services.document_restore(document=obj, by=request.user)
        target = reverse("document_detail", kwargs={"code": request.region.code, "pk": obj.pk})
    messages.success(request, _("“%(title)s” restored.") % {"title": obj.title})
    return redirect(target)


# --- Expiry, deadlines and renewal (rules in expiry.py) -------------------------------------


@region_view()
def deadlines(request):
    d = selectors.deadline_list(region=request.region)
    return render(request, "cooperations/deadlines.html", {"dl": d})


@region_view(edit=True, admin=True)
def region_settings(request):
    from kembar.regions.models import RegionProfile
    from kembar.regions.services import region_profile_update

    from .forms import RegionSettingsForm

    current = selectors.loi_followup_months(region=request.region)
    form = RegionSettingsForm(request.POST or None, initial={"loi_followup_months": current})
    if request.method == "POST" and form.is_valid():
        try:
            region_profile_update(region=request.region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("region_settings", code=request.region.code)
    changes = (
        RegionProfile.history.filter(region=request.region)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .values("history_date", "history_user__username", "history_user__first_name", "loi_followup_months")[:50]
    )
    # Only the rows where the threshold changed (the profile also holds sourced facts).
    history, after = [], None
    for row in reversed(list(changes)):
        if row["loi_followup_months"] != after:
            history.append(row)
        after = row["loi_followup_months"]
    from kembar.public.selectors import publication_rules

    context = {
        "form": form,
        "current": current,
        "history": history[::-1],
        "publication": publication_rules(region=request.region),
    }
    return render(request, "cooperations/region_settings.html", context)


@region_view(edit=True)
@once.creates
def document_renew(request, pk):
    from .expiry import RENEWABLE
    from .forms import RenewForm

    doc = _document(request, pk)
    if doc.kind not in RENEWABLE:
        raise Http404
    form = RenewForm(request.POST or None, request.FILES or None, document=doc)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                new = services.document_renew(document=doc, by=request.user, **form.cleaned_data)
                submission.leads_to(reverse("document_detail", args=[request.region.code, new.pk]))
        except ValidationError as exc:
            apply_errors(form, exc, unnamed="upload")
        else:
            messages.success(request, _("Renewal recorded."))
            return redirect("document_detail", code=request.region.code, pk=new.pk)
    return render(request, "cooperations/document_renew.html", {"form": form, "doc": doc, "coop": doc.cooperation})


# --- Activities (rules in activities.py) ----------------------------------------------------

ACTIVITY_PAGE = 50


def _activity_context(request, *, cooperation=None) -> dict:
    from .activities import HOSTS, INITIATORS, KINDS, SECTOR_LABELS, SIDE_LABELS, SIDES

    names = [n for n in selectors.ACTIVITY_FILTERS if cooperation is None or n != "cooperation"]
    params = {k: request.GET.get(k, "").strip() for k in names}
    filters = {k: v for k, v in params.items() if v and k != "cooperation"}
    sorting = sorted_by(request.GET, selectors.ACTIVITY_SORTS, "date")
    qs = selectors.activity_list(
        region=request.region,
        cooperation=cooperation,
        cooperation_ref=params.get("cooperation", ""),
        ordering=sorting.ordering,
        **filters,
    )
    options = selectors.activity_filter_options(region=request.region, cooperation=cooperation)
    return {
        "coop": cooperation,
        "page": paginate(request, qs, per_page=ACTIVITY_PAGE),
        "params": params,
        "sorting": sorting,
        "filtered": any(params.values()),
        "options": options,
        "kinds": [(k, KINDS.get(k, k)) for k in options["kinds"]],
        "hosts": [(v, SIDE_LABELS[v]) for v in HOSTS],
        "sides": [(v, SIDE_LABELS[v]) for v in SIDES],
        "initiators": [(v, SIDE_LABELS[v]) for v in INITIATORS],
        "sectors": list(SECTOR_LABELS.items()),
    }


@region_view()
def activity_list(request, ref):
    context = _activity_context(request, cooperation=_get(request, ref))
    return render(request, "cooperations/activity_list.html", context)


@region_view()
def activity_region_list(request):
    return render(request, "cooperations/activity_list.html", _activity_context(request))


@region_view(edit=True)
@once.creates
def activity_create(request, ref):
    from .forms import ActivityForm

    coop = _get(request, ref)
    form = ActivityForm(request.POST or None, request.FILES or None, cooperation=coop)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("evidence")
        try:
            with once.consuming(request) as submission:
                activity = services.activity_create(cooperation=coop, by=request.user, **form.activity_fields())
                if upload:
                    services.activity_file_add(activity=activity, by=request.user, upload=upload)
                submission.leads_to(reverse("cooperation_detail", args=[request.region.code, coop.ref]))
        except ValidationError as exc:
            # A rule of the activity names its field; an upload's check does not (it is about the file).
            apply_errors(form, exc, unnamed="evidence")
        else:
            messages.success(request, _("Activity “%(title)s” recorded.") % {"title": activity.title})
            return redirect("cooperation_detail", code=request.region.code, ref=coop.ref)
    return render(request, "cooperations/activity_form.html", {"form": form, "coop": coop})


def _activity(request, pk):
    try:
        return selectors.activity_get(region=request.region, pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None


@region_view()
@once.creates
def activity_detail(request, pk):
    from .forms import EvidenceForm

    activity = _activity(request, pk)
    url = reverse("activity_detail", args=[request.region.code, activity.pk])
    form, evidence = upload_posted(request, EvidenceForm, url, services.activity_file_add, activity=activity)
    if evidence:
        messages.success(request, _("Evidence added."))
        return redirect(url)
    from kembar.public.selectors import publication_rules

    context = {
        "activity": activity,
        "coop": activity.cooperation,
        "files": list(activity.files.all()),
        "form": form,
        "publication": publication_rules(region=request.region),
    }
    return render(request, "cooperations/activity_detail.html", context)


@region_view(edit=True)
def activity_edit(request, pk):
    from .forms import ActivityForm

    activity = _activity(request, pk)
    coop = activity.cooperation
    form = ActivityForm(request.POST or None, cooperation=coop, instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = services.changed_fields(activity, form.activity_fields())
        try:
            with transaction.atomic():
                services.activity_update(activity=activity, by=request.user, **fields)
        except ValidationError as exc:
            # A rule of the activity names its field; an upload's check does not (it is about the file).
            apply_errors(form, exc, unnamed="evidence")
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activity_detail", code=request.region.code, pk=activity.pk)
    return render(request, "cooperations/activity_form.html", {"form": form, "coop": coop, "activity": activity})


@region_view(edit=True)
def activity_delete(request, pk):
    activity = _activity(request, pk)
    coop = activity.cooperation
    if request.method == "POST":
        services.activity_delete(activity=activity, by=request.user)
        messages.success(request, _("“%(title)s” moved to the trash. It can be restored.") % {"title": activity.title})
        return redirect("activity_list", code=request.region.code, ref=coop.ref)
    return render(request, "cooperations/confirm_delete.html", {"obj": activity, "coop": coop})


@region_view()
def activity_file_download(request, pk):
    from .models import ActivityFile

    try:
        f = selectors.activity_file_get(region=request.region, pk=pk)
    except ActivityFile.DoesNotExist:
        raise Http404 from None
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.original_name, content_type=f.content_type)


# --- National overview ----------------------------------------------------------------------


@login_required
@national_only
def national(request):
    """Every region with its count of cooperations, for national overseers (read-only): those with
    cooperations first, the others only when asked for (`show=all`), paged."""
    q = request.GET.get("q", "").strip()
    show_all = request.GET.get("show") == "all"
    counts = dict(Cooperation.objects.values_list("region_id").annotate(n=Count("pk")).order_by())
    regions = Region.objects.select_related("parent").order_by("code")
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q))
    if not show_all:
        regions = regions.filter(pk__in=list(counts))
    rows = sorted(((r, counts.get(r.pk, 0)) for r in regions), key=lambda row: row[1] == 0)
    page = paginate(request, rows, 50)
    return render(
        request, "core/national.html", {"page": page, "q": q, "show_all": show_all, "total": sum(counts.values())}
    )
