"""Regions seeking partners: the portal's pages (the list, a region's page, the interest form and the sender's pages
behind the secret link) in five languages, the bureau's publication and ranked interests, and the national
matrix of seeking regions × interests.

The portal's pages take their language from `?lang=` (id, en, ko, ja, zh; none is Indonesian). In Korean,
Japanese and Chinese the page's own words come from `words` and sit in an element marked with that language;
the portal's frame around them is in English (docs/adr/0042). The form is counted per address and per email
(kembar.core.ratelimit), has a honeypot, and is created once per token (kembar.core.once)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kembar.core import once, personal, ratelimit
from kembar.core.dates import in_words
from kembar.core.forms import apply_errors
from kembar.core.views import national_only, paginate, region_view, render_page
from kembar.public.http import Portal, cacheable, with_language

from . import matching, selectors, services
from .forms import InterestForm, MoveForm, SeekingForm
from .models import Interest, Seeking
from .words import FOREIGN, LANGUAGES, TAGS, Words, language_of, word

#: Interests one address may send in an hour, and one email address in a day.
ADDRESS_LIMIT = personal.ADDRESS_LIMIT
EMAIL_LIMIT = personal.EMAIL_LIMIT
#: The national matrix: seeking regions per page, interests scored.
MATRIX_REGIONS = 10
MATRIX_INTERESTS = 60
#: Interests ranked on the bureau's page (the newest of those open; paged after ranking).
RANKED_MAX = 500


# --- The portal's pages, in five languages -----------------------------------------------------------------------


def page_language(request) -> str:
    return language_of(request.GET.get("lang", ""))


def _portal(request, language: str) -> Portal:
    query = {k: request.GET.getlist(k) for k in request.GET if k != "lang"}
    alternates = {code: request.build_absolute_uri(with_language(request.path, code, query)) for code, _n in LANGUAGES}
    return Portal(
        language=language, canonical=alternates[language], alternates=alternates, suffix=with_language("", language)
    )


def foreign(*, cache: bool):
    """A portal view in the page's language: gettext's for id and en, English for the frame of a ko/ja/zh page
    (its words from `words`). `cache`: answered with the portal's public caching headers (a page without a form)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if cache:
                request.user = AnonymousUser()  # the same page for everyone (kembar/public/http.py)
            language = page_language(request)
            with translation.override("en" if language in FOREIGN else language):
                request.LANGUAGE_CODE = language
                request.portal = _portal(request, language)
                request.w = Words(language)
                response = view(request, *args, **kwargs)
                if cache:
                    return cacheable(request, response, language=TAGS[language])
                response.headers["Content-Language"] = TAGS[language]
                return response

        return wrapped

    return decorator


def _context(request, **more) -> dict:
    language = request.LANGUAGE_CODE
    switch = [(code, name, TAGS[code], request.portal.alternates[code]) for code, name in LANGUAGES]
    return {"w": request.w, "lang": language, "lang_tag": TAGS[language], "switch": switch, **more}


def _day(value, language: str) -> str:
    if value is None:
        return ""
    value = value.date() if hasattr(value, "date") else value
    return date_format(value, "DATE_FORMAT") if language in ("id", "en") else value.isoformat()


def _as_of(value: str, language: str) -> str:
    """A year or a date ("2023", "2023-06-30") in words in Indonesian and English ("30 Juni 2023"), as stored in
    the other languages (like `_day`)."""
    if not value:
        return ""
    return in_words(value) if language in ("id", "en") else value


def _text_for(seeking: selectors.Published, language: str) -> str:
    return seeking.text if language == "id" or not seeking.text_en else seeking.text_en


def _country_names(codes, language: str) -> list[str]:
    names = dict(selectors.countries(language))
    return [names.get(c, c) for c in codes]


@require_safe
@foreign(cache=True)
def seeking_list(request):
    lang = request.LANGUAGE_CODE
    rows = [
        (s, _text_for(s, lang), _country_names(s.countries, lang), _day(s.published_at, lang))
        for s in selectors.published_list()
    ]
    return render(request, "seeking/list.html", _context(request, rows=rows))


def _published(code: str) -> selectors.Published:
    try:
        return selectors.published_one(code=code)
    except Seeking.DoesNotExist:
        raise Http404 from None


@require_safe
@foreign(cache=True)
def seeking_region(request, code):
    lang = request.LANGUAGE_CODE
    s = _published(code)
    context = _context(
        request,
        s=s,
        title=word("region_title", lang, region=s.name),
        text=_text_for(s, lang),
        countries=_country_names(s.countries, lang),
        since=word("since", lang, day=_day(s.published_at, lang)),
        population_as_of=_as_of(s.population_as_of, lang),
    )
    return render(request, "seeking/region.html", context)


def _too_many(request, verdict: ratelimit.Verdict):
    minutes = max(1, (verdict.retry_after + 59) // 60)
    context = _context(request, message=word("too_many", request.LANGUAGE_CODE, n=minutes))
    response = render(request, "seeking/429.html", context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


@never_cache
@foreign(cache=False)
@once.creates
def interest_create(request, code):
    """A foreign city or institution expresses interest in a region seeking partners (no login)."""
    lang = request.LANGUAGE_CODE
    s = _published(code)
    from kembar.regions.models import Region

    region = Region.objects.get(code=code)
    form = InterestForm(request.POST or None, language=lang, fields=s.fields, countries=selectors.countries(lang))
    sent = reverse("seeking_interest_sent") + request.portal.suffix
    status = 200
    if request.method == "POST":

        def create():
            services.interest_submit(region=region, language=lang, **form.interest_fields())
            return sent

        answer = personal.public_post(
            request,
            form,
            scope="interest",
            done=sent,
            create=create,
            too_many=lambda verdict: _too_many(request, verdict),
            limits=(ADDRESS_LIMIT, EMAIL_LIMIT),
        )
        if answer is not None:
            return answer
        status = 400
    context = _context(
        request,
        s=s,
        form=form,
        title=word("form_title", lang, region=s.name),
        lead=word("form_lead", lang, region=s.name),
        error_fields=[form[name] for name in form.errors if name in form.fields],
    )
    return render(request, "seeking/interest_form.html", context, status=status)


@require_safe
@foreign(cache=False)
def interest_sent(request):
    return render(request, "seeking/interest_sent.html", _context(request))


def _by_secret(secret: str) -> Interest:
    try:
        return services.by_secret(secret)
    except Interest.DoesNotExist:
        raise Http404 from None


def _secret_language(view):
    """The sender's pages speak the language they wrote in, unless the address asks for another."""

    @wraps(view)
    def wrapped(request, secret, *args, **kwargs):
        interest = _by_secret(secret)
        if "lang" not in request.GET and interest.language != "id":
            request.GET = request.GET.copy()
            request.GET["lang"] = interest.language
        return foreign(cache=False)(lambda r: view(r, interest, secret, *args, **kwargs))(request)

    return wrapped


@_secret_language
def interest_status(request, interest, secret):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    lang = request.LANGUAGE_CODE
    context = _context(
        request,
        i=interest,
        secret=secret,
        status=services.status_word(interest, lang),
        sent_on=_day(interest.created_at, lang),
        erased=word("data_erased", lang, day=_day(interest.erased_at, lang)) if interest.erased_at else "",
    )
    return personal.secret_page(render(request, "seeking/interest_status.html", context))


@_secret_language
def interest_verify(request, interest, secret, signed):
    """The email's confirmation link: a page with one button (a mail scanner opening it confirms nothing)."""
    lang = request.LANGUAGE_CODE
    context = _context(request, i=interest, lead=word("confirm_lead", lang, region=interest.region.name))
    return personal.confirm_step(
        request,
        confirm=lambda: services.interest_verify(interest=interest, signed=signed),
        done=word("confirmed", lang),
        then=reverse("seeking_interest_status", args=[secret]) + request.portal.suffix,
        page=lambda expired: render(request, "seeking/interest_verify.html", {**context, "expired": expired}),
    )


@_secret_language
def interest_data(request, interest, secret):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return personal.download(interest, services.interest_data(interest))


@_secret_language
def interest_erase(request, interest, secret):
    back = reverse("seeking_interest_status", args=[secret]) + request.portal.suffix
    return personal.erase_step(
        request,
        erase=lambda: services.interest_erase(interest=interest),
        done=word("erased", request.LANGUAGE_CODE),
        then=back,
        page=lambda: render(request, "seeking/interest_erase.html", _context(request, i=interest, back=back)),
    )


# --- The bureau --------------------------------------------------------------------------------------------------


def _profile(region):
    from kembar.discovery.selectors import profile_get

    return profile_get(region=region)


@require_safe
@region_view(edit=True)
def bureau(request):
    """The region's publication and the interests addressed to it, ranked by the partner search's criteria."""
    return _bureau_page(request)


def _bureau_page(request, form: SeekingForm | None = None):
    """The bureau's page; `form` is a refused publication, shown again with what was typed and its errors."""
    region = request.region
    seeking = selectors.seeking_of(region=region)
    profile = _profile(region)
    wanted = request.GET.get("status", "")
    counts = selectors.status_counts(region=region)
    interests = selectors.region_interests(region=region)
    if wanted in counts:
        interests = interests.filter(status=wanted)
    else:
        wanted = ""
    interests = list(interests.order_by("-created_at", "-pk")[:RANKED_MAX])
    weights, saved = matching.weights_for(region)
    ranked = matching.rank_interests(profile, interests, weights=weights) if profile else []
    if not profile:
        ranked = [matching.Match(i, None, [], False) for i in interests]
    if form is None:
        form = SeekingForm(
            initial={
                "active": seeking.active if seeking else False,
                "text": seeking.text if seeking else "",
                "text_en": seeking.text_en if seeking else "",
            }
        )
    context = {
        "seeking": seeking,
        "profile": profile,
        "form": form,
        "page": paginate(request, ranked),
        "statuses": [(s, Interest.Status(s).label, n) for s, n in counts.items()],
        "wanted": wanted,
        "total": sum(counts.values()),
        "weights": weights,
        "saved": saved,
        "public_url": reverse("seeking_region", args=[region.code]) if seeking and seeking.active and profile else "",
    }
    return render(request, "seeking/bureau.html", context, status=400 if form.errors else 200)


@require_POST
@region_view(edit=True, admin=True)
def bureau_publish(request):
    form = SeekingForm(request.POST)
    if form.is_valid():
        try:
            services.seeking_set(region=request.region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if form.cleaned_data["active"]:
                messages.success(request, _("The region now seeks partners on the public portal."))
            else:
                messages.success(request, _("The partner search is not shown on the public portal."))
            return redirect("seeking_bureau", code=request.region.code)
    return _bureau_page(request, form)


def _interest(request, pk) -> Interest:
    return get_object_or_404(selectors.region_interests(region=request.region), pk=pk)


def _searches(request) -> list:
    from kembar.discovery.selectors import saved_search_list

    return list(saved_search_list(region=request.region)[:50])


def _moves(interest) -> list[str]:
    return [s for s in Interest.Status.values if s in services.MOVES.get(interest.status, ())]


def _detail(request, interest, *, form=None, status=200):
    profile = _profile(request.region)
    weights, saved = matching.weights_for(request.region)
    match = matching.rank_interests(profile, [interest], weights=weights)[0] if profile else None
    context = {
        "i": interest,
        "language_name": dict(LANGUAGES).get(interest.language, interest.language),
        "match": match,
        "profile": profile,
        "weights": weights,
        "saved": saved,
        "form": form or MoveForm(initial={"note": interest.note}, moves=_moves(interest), searches=_searches(request)),
        "moves": _moves(interest),
        "history": interest.history.order_by("-history_date")[:20],
    }
    url = reverse("seeking_interest_detail", args=[request.region.code, interest.pk])
    return render_page(request, "seeking/interest_detail.html", context, url=url, status=status)


@require_safe
@region_view(edit=True)
def interest_detail(request, pk):
    return _detail(request, _interest(request, pk))


@require_POST
@region_view(edit=True)
def interest_move(request, pk):
    interest = _interest(request, pk)
    form = MoveForm(request.POST, moves=_moves(interest), searches=_searches(request))
    if form.is_valid():
        try:
            services.interest_move(interest=interest, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The status is saved; the sender has been told."))
            return redirect("seeking_interest_detail", code=request.region.code, pk=interest.pk)
    return _detail(request, interest, form=form, status=400)


# --- The national view -------------------------------------------------------------------------------------------


@require_safe
@login_required
@national_only
def national(request):
    """Which seeking regions match which open interests across Indonesia: a page of regions × the newest open
    interests, scored with the partner search's criteria and default weights."""
    try:
        number = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        number = 1
    profiles, total = selectors.seeking_profiles(limit=MATRIX_REGIONS, offset=(number - 1) * MATRIX_REGIONS)
    interests = list(selectors.open_interests(limit=MATRIX_INTERESTS))
    grid = matching.matrix(profiles, interests)
    pages = max(1, (total + MATRIX_REGIONS - 1) // MATRIX_REGIONS)
    context = {
        "grid": grid,
        "rows": list(grid.rows()),
        "pairs": grid.pairs(limit=20),
        "total": total,
        "number": min(number, pages),
        "pages": pages,
        "shown_interests": len(grid.interests),
        "max_interests": MATRIX_INTERESTS,
    }
    return render(request, "seeking/national.html", context)
