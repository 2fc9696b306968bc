"""The bureau's partner search and potential-partner study: search, saved search with its shortlist and map,
a candidate with its notes, the study as PDF and DOCX, and choosing a candidate.

Every role of the region's bureau reads these pages (leadership, DPRD and the national roles included); only
bureau staff and administrators change anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kembar.core import once
from kembar.core.forms import apply_errors
from kembar.core.views import region_view
from kembar.dashboards.map import base_digest
from kembar.discovery.models import Place, SavedSearch

from . import documents, engine, maps, selectors, services
from .forms import NameSearchForm, NoteForm, ReasonForm, SaveSearchForm, SearchForm, ShortlistForm
from .models import MAX_CANDIDATES, Candidate, CandidateNote

#: How many of the first ranked candidates show every criterion at once (the others on request).
EXPLAINED = 3
#: Places a name search shows.
NAME_RESULTS = 10


def _search(request, pk) -> SavedSearch:
    try:
        return selectors.search_get(region=request.region, pk=pk)
    except SavedSearch.DoesNotExist:
        raise Http404 from None


def _candidate(request, search, cid) -> Candidate:
    try:
        return selectors.candidate_get(search=search, pk=cid)
    except Candidate.DoesNotExist:
        raise Http404 from None


def _reasons() -> dict:
    return {
        "shortlisted": _("shortlisted"),
        "removed from the shortlist": _("removed from the shortlist"),
        "restored": _("restored"),
        "reason changed": _("reason for shortlisting changed"),
        "note added": _("note added"),
        "note removed": _("note removed"),
        "chosen": _("chosen"),
    }


def _reason(row) -> str:
    from kembar.core.words import change_reason

    reason = (row.history_change_reason or "").strip()
    text = _reasons().get(reason) or change_reason(reason) or row.get_history_type_display()
    if row.__class__.__name__ == "HistoricalCandidateNote":
        return _("Note: %(what)s") % {"what": text}
    return text


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _map(request, *, profile, places) -> tuple[str, bool]:
    """The map and whether it shows interests (kembar.seeking's, when that app offers them)."""
    base = reverse("world_map_base", args=[base_digest()])
    interests = maps.interest_markers(region=request.region)
    markers = maps.markers_for(profile=profile, places=places, region_name=request.region.name, interests=interests)
    title = _("%(region)s and its shortlisted candidates") % {"region": request.region.name}
    svg = maps.map_svg(markers=markers, title=title, uid="study-map", base_href=base)
    return mark_safe(svg), bool(interests)  # noqa: S308 — every text escaped in maps.py


@dataclass
class Shown:
    """A place as a page shows it: its row (criteria and score), local-script name, country, and its
    candidate when it is on the shortlist."""

    place: Place
    row: engine.Row | None
    local: str
    lang: str
    country: str
    candidate: Candidate | None = None


def _shown(rows=(), *, candidates=(), shortlist=None) -> tuple[list[Shown], list[Shown]]:
    """(rows, candidates) as Shown, with the local names and countries read in two queries for all."""
    places = [r.place for r in rows] + [c.place for c in candidates]
    local = selectors.local_names(places)
    names = selectors.country_names([p.country_code for p in places])
    shortlist = shortlist or {}
    ranked = {r.place.pk: r for r in rows}

    def one(place, row, candidate=None):
        lang = selectors.SCRIPT_LANG.get(place.country_code, "")
        return Shown(
            place, row, local.get(place.pk, ""), lang, names.get(place.country_code, place.country_code), candidate
        )

    return (
        [one(r.place, r, shortlist.get(r.place.pk)) for r in rows],
        [one(c.place, ranked.get(c.place_id), c) for c in candidates],
    )


def _name_search(request, search: SavedSearch | None, profile, weights, fields):
    """Places found by name in any script, each with its explanation under the search's weights."""
    form = NameSearchForm(request.GET or None)
    found = []
    if form.is_valid() and form.cleaned_data["q"].strip() and profile is not None:
        notes = selectors.notes_map(search) if search is not None else None
        for place in engine.place_search(form.cleaned_data["q"], limit=NAME_RESULTS):
            found.append(engine.explain(profile, place, weights=weights, fields=fields, notes=notes))
    return form, found


@region_view()
def studies_search(request):
    """The search: weights, countries and fields from the query string; the ranked candidates with, for the
    first ones, every criterion on both sides and its points."""
    profile = selectors.profile_for(region=request.region)
    asked = "limit" in request.GET
    form = SearchForm(request.GET if asked else None)
    rows, weights, fields, status = [], engine.default_weights(), [], 200
    if asked and form.is_valid():
        weights, fields = form.weights(), form.cleaned_data["fields"]
        if profile is not None:
            rows = engine.rank(
                profile,
                weights=weights,
                countries=form.cleaned_data["countries"],
                fields=fields or None,
                limit=form.cleaned_data["limit"],
            )
    elif asked:
        status = 400
    name_form, found = _name_search(request, None, profile, weights, fields or None)
    shown, _none = _shown(rows)
    found_shown, _none = _shown(found)
    return render(
        request,
        "studies/search.html",
        {
            "profile": profile,
            "form": form,
            "rows": shown,
            "explained": EXPLAINED,
            "save_form": SaveSearchForm(request.GET) if rows else None,
            "name_form": name_form,
            "found": found_shown,
            "saved": selectors.search_list(region=request.region)[:50],
        },
        status=status,
    )


@region_view(edit=True)
@require_POST
@once.creates
def studies_search_save(request):
    form = SaveSearchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once.consuming(request) as submission:
                search = services.search_save(
                    region=request.region,
                    by=request.user,
                    name=data["name"],
                    weights=form.weights(),
                    countries=data["countries"],
                    fields=data["fields"],
                    limit=data["limit"],
                )
                url = submission.leads_to(reverse("studies_detail", args=[request.region.code, search.pk]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Search saved with its weights."))
            return redirect(url)
    for name, errors in form.errors.items():  # each said with its field's name, above the search shown again
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    query = request.POST.copy()
    for key in ("csrfmiddlewaretoken", once.FIELD, "name"):
        query.pop(key, None)
    return redirect(reverse("studies_search", args=[request.region.code]) + "?" + query.urlencode())


@region_view()
def studies_detail(request, pk):
    """A saved search re-opened with its weights: the ranking, the shortlist, the map and the study."""
    search = _search(request, pk)
    profile = selectors.profile_for(region=request.region)
    rows = selectors.ranking_for(search)
    shortlist = selectors.candidates(search=search)
    removed = selectors.candidates(search=search, removed=True)
    weights = engine.clean_weights(search.weights or {})
    fields = selectors.search_fields(search)
    name_form, found = _name_search(request, search, profile, weights, fields)
    on_list = {c.place_id: c for c in shortlist}
    shown, listed = _shown(rows, candidates=shortlist + removed, shortlist=on_list)
    found_shown, _none = _shown(found, shortlist=on_list)
    codes = selectors.search_countries(search)
    names = selectors.country_names(codes)
    world_map, has_interests = _map(request, profile=profile, places=[c.place for c in shortlist])
    return render(
        request,
        "studies/detail.html",
        {
            "search": search,
            "profile": profile,
            "weights": [(engine.labels().get(k, k), w) for k, w in weights.items()],
            "fields": fields,
            "search_countries": [names.get(c, c) for c in codes],
            "edit_query": _query(search),
            "rows": shown,
            "explained": EXPLAINED,
            "shortlist": listed[: len(shortlist)],
            "removed": listed[len(shortlist) :],
            "full": len(shortlist) >= MAX_CANDIDATES,
            "name_form": name_form,
            "found": found_shown,
            "map": world_map,
            "has_interests": has_interests,
        },
    )


def _query(search) -> str:
    """The search page's query string that opens the search form as this search was saved."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in SearchForm.initial_for(search).items():
        if key == "countries":
            query.setlist(key, value)
        elif key == "fields":
            query[key] = "\n".join(value)
        else:
            query[key] = str(value)
    return query.urlencode()


@region_view(edit=True)
@require_POST
@once.creates
def studies_shortlist_add(request, pk):
    search = _search(request, pk)
    form = ShortlistForm(request.POST)
    target = reverse("studies_detail", args=[request.region.code, search.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    place = Place.objects.filter(pk=form.cleaned_data["place"]).first()
    if place is None:
        messages.error(request, _("That place is not among the world's places."))
        return redirect(target)
    try:
        with once.consuming(request) as submission:
            candidate = services.candidate_add(
                search=search, place=place, by=request.user, reason=form.cleaned_data["reason"]
            )
            submission.leads_to(target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(target)
    messages.success(request, _("%(place)s is on the shortlist.") % {"place": candidate.place.name})
    return redirect(target)


@region_view()
def studies_candidate(request, pk, cid):
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    row = next((r for r in selectors.ranking_for(search) if r.place.pk == candidate.place_id), None)
    row = row or selectors.explain_for(search, candidate.place)
    return render(
        request,
        "studies/candidate.html",
        {
            "search": search,
            "candidate": candidate,
            "row": row,
            "local": selectors.local_name(candidate.place),
            "lang": selectors.SCRIPT_LANG.get(candidate.place.country_code, ""),
            "country": selectors.country_name(candidate.place),
            "notes": selectors.notes_of(candidate=candidate),
            "removed_notes": selectors.notes_of(candidate=candidate, removed=True),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(initial={"reason": candidate.reason}),
            "choice": selectors.choice_of(candidate),
            "history": [
                (h.history_date, _reason(h), h.history_user) for h in selectors.history_of(candidate=candidate)
            ],
        },
    )


@region_view(edit=True)
@once.creates
def studies_note_add(request, pk, cid):
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                services.note_add(candidate=candidate, by=request.user, **form.cleaned_data)
                url = submission.leads_to(reverse("studies_candidate", args=[request.region.code, search.pk, cid]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Note added."))
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "studies/note_form.html", {"search": search, "candidate": candidate, "form": form}, status=status
    )


def _note(candidate, nid) -> CandidateNote:
    try:
        return selectors.note_get(candidate=candidate, pk=nid)
    except CandidateNote.DoesNotExist:
        raise Http404 from None


def _back(request, search, cid=None):
    if cid is None:
        return redirect("studies_detail", code=request.region.code, pk=search.pk)
    return redirect("studies_candidate", code=request.region.code, pk=search.pk, cid=cid)


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@region_view(edit=True)
@require_POST
def studies_note_remove(request, pk, cid, nid):
    search = _search(request, pk)
    note = _note(_candidate(request, search, cid), nid)
    services.note_remove(note=note, by=request.user)
    messages.success(request, _("Note removed; it can be restored below."))
    return _back(request, search, cid)


@region_view(edit=True)
@require_POST
def studies_note_restore(request, pk, cid, nid):
    search = _search(request, pk)
    note = _note(_candidate(request, search, cid), nid)
    services.note_restore(note=note, by=request.user)
    messages.success(request, _("Note restored."))
    return _back(request, search, cid)


@region_view(edit=True)
@require_POST
def studies_candidate_reason(request, pk, cid):
    """Why the candidate is on the shortlist, in the bureau's words (the study prints it as the reason)."""
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, search, cid)
    try:
        services.candidate_update(candidate=candidate, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Reason saved."))
    return _back(request, search, cid)


@region_view(edit=True)
@require_POST
def studies_candidate_remove(request, pk, cid):
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    try:
        services.candidate_remove(candidate=candidate, by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
        return _back(request, search, cid)
    messages.success(
        request, _("%(place)s was taken off the shortlist; it can be restored.") % {"place": candidate.place.name}
    )
    return _back(request, search)


@region_view(edit=True)
@require_POST
def studies_candidate_restore(request, pk, cid):
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    try:
        services.candidate_restore(candidate=candidate, by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(place)s is back on the shortlist.") % {"place": candidate.place.name})
    return _back(request, search)


@region_view(edit=True)
@require_POST
@once.creates
def studies_choose(request, pk, cid):
    """Choose the candidate: partner, cooperation at the first stage, the study filed there. Choosing again
    leads to the same cooperation."""
    search = _search(request, pk)
    candidate = _candidate(request, search, cid)
    existing = selectors.choice_of(candidate)
    if existing is not None:
        messages.info(request, _("This candidate was already chosen: here is its cooperation."))
        return redirect("cooperation_detail", code=request.region.code, ref=existing.cooperation.ref)
    try:
        with once.consuming(request) as submission:
            choice = services.candidate_choose(candidate=candidate, by=request.user)
            url = submission.leads_to(reverse("cooperation_detail", args=[request.region.code, choice.cooperation.ref]))
    except ValidationError as exc:
        _refused(request, exc)
        return _back(request, search, cid)
    messages.success(
        request,
        _("%(place)s chosen: the cooperation is at its first stage, with the study filed in its dossier.")
        % {"place": candidate.place.name},
    )
    return redirect(url)


def _study(request, search):
    return selectors.study_for(search=search, by=request.user)


@region_view()
def studies_pdf(request, pk):
    search = _search(request, pk)
    return _attachment(
        documents.study_pdf(_study(request, search)), documents.PDF, f"kajian-calon-mitra-{search.pk}.pdf"
    )


@region_view()
def studies_docx(request, pk):
    search = _search(request, pk)
    return _attachment(
        documents.study_docx(_study(request, search)), documents.DOCX, f"kajian-calon-mitra-{search.pk}.docx"
    )
