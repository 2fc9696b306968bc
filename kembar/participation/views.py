"""Community participation: the portal's proposal form (no login), the proposer's pages behind a secret link
(status, confirmation, their data, erasure), and the bureau's triage.

The portal's pages read the cooperation through kembar.public.selectors (only a published, live one; anything
else is 404). Each POST of the public form is counted per address and per email (kembar.core.ratelimit): past
the limit the answer is 429 with Retry-After. The form is created once per token (kembar.core.once, keyed on the
nonce for an anonymous visitor)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kembar.cooperations.models import Activity
from kembar.core import once, personal, ratelimit
from kembar.core.forms import apply_errors
from kembar.core.views import paginate, region_view, render_page
from kembar.public.http import page_language, portal
from kembar.public.selectors import published_cooperations

from . import organisations, selectors, services, signups
from .forms import AcceptForm, CapacityForm, DeclineForm, OrganisationForm, ProposalForm, SignupForm
from .models import Organisation, Proposal, Signup

#: Proposals (or sign-ups) one address may send in an hour, and one email address in a day.
ADDRESS_LIMIT = personal.ADDRESS_LIMIT
EMAIL_LIMIT = personal.EMAIL_LIMIT


def in_page_language(view):
    """A portal page of this app (a form, the page it leads to, a page behind the secret link): in the language of
    its address (`?lang=en`; none is Indonesian) like the portal's other pages, never the switcher's cookie
    (kembar/public/http.py). The form posts to its own address, so its errors, its redirect, the record's language
    and its emails stay in that language. Not cached: it holds a form or a person's own data."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = page_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            request.portal = portal(request, language)
            response = view(request, *args, **kwargs)
            response.headers["Content-Language"] = language
            return response

    return wrapped


def too_many(request, verdict: ratelimit.Verdict):
    """429, in the visitor's language, with when to try again."""
    minutes = max(1, (verdict.retry_after + 59) // 60)
    response = render(request, "participation/429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def public_post(request, form, *, scope: str, done: str, create):
    """The POST of a portal form (a proposal, a sign-up, an organisation): kembar.core.personal's abuse rules."""
    return personal.public_post(
        request,
        form,
        scope=scope,
        done=done,
        create=create,
        too_many=lambda verdict: too_many(request, verdict),
        limits=(ADDRESS_LIMIT, EMAIL_LIMIT),
    )


_secret_page = personal.secret_page


def _target(code: str, ref: str | None):
    """(region, cooperation or None, the fields to choose from) of a published cooperation, or of a region
    with published cooperations (a new partner city); 404 otherwise."""
    coops = published_cooperations().filter(region__code=code).select_related("region", "partner")
    if ref is not None:
        coop = coops.filter(ref=ref).first()
        if coop is None:
            raise Http404
        return coop.region, coop, [f for f in coop.fields or [] if isinstance(f, str)]
    rows = list(coops.values_list("region", "fields"))
    if not rows:
        raise Http404
    fields = sorted({f for _r, fs in rows for f in fs or [] if isinstance(f, str)})
    return coops[0].region, None, fields


@never_cache
@in_page_language
@once.creates
def propose(request, code, ref=None):
    region, coop, fields = _target(code, ref)
    form = ProposalForm(request.POST or None, fields=fields, new_partner=coop is None)
    if request.method == "POST":

        def create():
            data = form.proposal_fields()
            services.proposal_submit(region=region, cooperation=coop, language=get_language(), **data)
            return done

        done = reverse("proposal_sent") + request.portal.suffix
        answer = public_post(request, form, scope="proposal", done=done, create=create)
        if answer is not None:
            return answer
    # The page holds names only, never a model instance (docs/adr/0032).
    target = {"code": region.code, "region": region.name, "ref": coop.ref if coop else "", "partner": ""}
    if coop is not None:
        target["partner"] = coop.partner.name
    return render(request, "participation/propose.html", {"form": form, "t": target})


@require_safe
@in_page_language
def sent(request):
    return render(request, "participation/sent.html")


def _by_secret(secret: str) -> Proposal:
    try:
        return services.by_secret(secret)
    except Proposal.DoesNotExist:
        raise Http404 from None


@require_safe
@in_page_language
def status(request, secret):
    proposal = _by_secret(secret)
    public_link = None
    if proposal.activity_id and proposal.cooperation_id and proposal.cooperation.published:
        public_link = reverse("public_cooperation", args=[proposal.region.code, proposal.cooperation.ref])
        public_link += request.portal.suffix
    context = {"p": proposal, "secret": secret, "public_link": public_link}
    return _secret_page(render(request, "participation/status.html", context))


@in_page_language
def verify(request, secret, signed):
    """The email's confirmation link: a page with one button (a mail scanner opening the link confirms
    nothing); its POST confirms."""
    proposal = _by_secret(secret)
    return personal.confirm_step(
        request,
        confirm=lambda: services.proposal_verify(proposal=proposal, signed=signed),
        done=_("Thank you: your email is confirmed and the bureau can now read your proposal."),
        then=reverse("proposal_status", args=[secret]) + request.portal.suffix,
        page=lambda expired: render(request, "participation/verify.html", {"p": proposal, "expired": expired}),
    )


@require_safe
def data(request, secret):
    """Everything kept about the proposer, as JSON (a download)."""
    proposal = _by_secret(secret)
    return personal.download(proposal, services.proposal_data(proposal))


def _erase_page(request, record, *, secret: str, erase, status: str, done: str, lead: str):
    """The secret link's erase page (a proposal's, a sign-up's, an organisation's): explains what `lead` says;
    its POST runs `erase()` and leads back to the `status` page with `done`."""
    back = reverse(status, args=[secret]) + request.portal.suffix
    context = {"p": record, "back": back, "lead": lead}
    page = lambda: render(request, "participation/erase.html", context)  # noqa: E731
    return personal.erase_step(request, erase=erase, done=done, then=back, page=page)


@in_page_language
def erase(request, secret):
    proposal = _by_secret(secret)
    return _erase_page(
        request,
        proposal,
        secret=secret,
        erase=lambda: services.proposal_erase(proposal=proposal),
        status="proposal_status",
        done=_("Your name and email have been erased. The proposal stays, without them."),
        lead=_(
            "Your name, your email and your organisation's name will be erased for good. The proposal itself "
            "stays, without them, and the bureau can no longer write to you."
        ),
    )


# --- The bureau's triage ---------------------------------------------------------------------------------


@require_safe
@region_view(edit=True)
def proposal_list(request):
    wanted = request.GET.get("status", "")
    counts = selectors.status_counts(region=request.region)
    qs = selectors.region_proposals(region=request.region).select_related("cooperation")
    if wanted in counts:
        qs = qs.filter(status=wanted)
    else:
        wanted = ""
    statuses = [(s, Proposal.Status(s).label, n) for s, n in counts.items()]
    context = {"page": paginate(request, qs), "statuses": statuses, "wanted": wanted, "total": sum(counts.values())}
    return render(request, "participation/list.html", context)


def _proposal(request, pk) -> Proposal:
    return get_object_or_404(
        selectors.region_proposals(region=request.region).select_related("cooperation", "activity"), pk=pk
    )


def _detail(request, proposal, *, accept=None, decline=None, status=200):
    accept = accept or AcceptForm(
        initial={"title": proposal.title, "date": proposal.when.display() if proposal.when else ""}
    )
    context = {
        "p": proposal,
        "accept": accept,
        "decline": decline or DeclineForm(),
        "can_move": proposal.status in services.MOVES,
        "history": proposal.history.order_by("-history_date")[:20],
    }
    url = reverse("proposal_detail", args=[request.region.code, proposal.pk])
    return render_page(request, "participation/detail.html", context, url=url, status=status)


@require_safe
@region_view(edit=True)
def proposal_detail(request, pk):
    return _detail(request, _proposal(request, pk))


def _back(request, proposal):
    return redirect("proposal_detail", code=request.region.code, pk=proposal.pk)


@require_POST
@region_view(edit=True)
def proposal_review(request, pk):
    proposal = _proposal(request, pk)
    try:
        services.proposal_review(proposal=proposal, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal is under review; the proposer has been told."))
    return _back(request, proposal)


@require_POST
@region_view(edit=True)
@once.creates
def proposal_accept(request, pk):
    proposal = _proposal(request, pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            with once.consuming(request) as submission:
                services.proposal_accept(proposal=proposal, by=request.user, **form.cleaned_data)
                submission.leads_to(reverse("proposal_detail", args=[request.region.code, proposal.pk]))
        except services.NotAllowed as exc:  # decided meanwhile: the page shows no form to put it on
            messages.error(request, " ".join(exc.messages))
            return _back(request, proposal)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is accepted; the proposer has been told."))
            return _back(request, proposal)
    return _detail(request, proposal, accept=form, status=400)


@require_POST
@region_view(edit=True)
def proposal_decline(request, pk):
    proposal = _proposal(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decline(proposal=proposal, by=request.user, reason=form.cleaned_data["reason"])
        except services.NotAllowed as exc:
            messages.error(request, " ".join(exc.messages))
            return _back(request, proposal)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proposal is declined; the proposer reads your reason."))
            return _back(request, proposal)
    return _detail(request, proposal, decline=form, status=400)


# --- Sign-ups for upcoming public activities ---------------------------------------------------------------


def _upcoming(code, ref, pk):
    try:
        return selectors.upcoming_public_activity(code=code, ref=ref, pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None


@never_cache
@in_page_language
@once.creates
def signup(request, code, ref, pk):
    """Anyone signs up for an upcoming public activity: a place while any is free, else the waiting list."""
    activity = _upcoming(code, ref, pk)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        done = reverse("signup_sent") + request.portal.suffix

        def create():
            made, _secret = signups.signup_create(activity=activity, language=get_language(), **form.signup_fields())
            if made.status == Signup.Status.CONFIRMED:
                messages.success(request, _("Your place is confirmed."))
            else:
                messages.info(request, _("All places are taken: you are on the waiting list."))
            return done

        answer = public_post(request, form, scope="signup", done=done, create=create)
        if answer is not None:
            return answer
    places = selectors.places([activity.pk])[activity.pk]
    coop = activity.cooperation
    # The page holds names only, never a model instance (docs/adr/0032).
    target = {
        "code": code,
        "ref": ref,
        "region": activity.region.name,
        "partner": coop.partner.name,
        "title": activity.title,
        "date": activity.date,
        "kind": activity.kind,
    }
    return render(request, "participation/signup.html", {"form": form, "t": target, "places": places})


@require_safe
@in_page_language
def signup_sent(request):
    return render(request, "participation/signup_sent.html")


def _signup_by_secret(secret: str) -> Signup:
    try:
        return services.by_secret(secret, model=Signup)
    except Signup.DoesNotExist:
        raise Http404 from None


@require_safe
@in_page_language
def signup_status(request, secret):
    s = _signup_by_secret(secret)
    coop = s.activity.cooperation
    public_link = None
    if coop.published and not coop.is_deleted:
        public_link = reverse("public_cooperation", args=[s.region.code, coop.ref]) + request.portal.suffix
    context = {
        "p": s,
        "secret": secret,
        "position": signups.waiting_position(s),
        "places": selectors.places([s.activity_id])[s.activity_id],
        "public_link": public_link,
    }
    return _secret_page(render(request, "participation/signup_status.html", context))


@require_POST
@in_page_language
def signup_cancel(request, secret):
    """The status page's button (a POST: a mail scanner that opens the link cancels nothing)."""
    s = _signup_by_secret(secret)
    if s.status != Signup.Status.CANCELLED:
        signups.signup_cancel(signup=s)
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(reverse("signup_status", args=[secret]) + request.portal.suffix)


@require_safe
def signup_data(request, secret):
    s = _signup_by_secret(secret)
    return personal.download(s, signups.signup_data(s))


@in_page_language
def signup_erase(request, secret):
    s = _signup_by_secret(secret)
    return _erase_page(
        request,
        s,
        secret=secret,
        erase=lambda: signups.signup_erase(signup=s),
        status="signup_status",
        done=_("Your name and email have been erased, and the sign-up is cancelled."),
        lead=_(
            "Your name, your email and your organisation's name will be erased for good, and your sign-up is "
            "cancelled (the bureau could no longer know who comes). The bureau can no longer write to you."
        ),
    )


# --- The bureau's sign-up lists -------------------------------------------------------------------------


@require_safe
@region_view(edit=True)
def signup_activities(request):
    activities = list(selectors.region_signup_activities(region=request.region))
    counts = selectors.signup_counts(activity_ids=[a.pk for a in activities])
    capacity = selectors.places(a.pk for a in activities)
    rows = [(a, counts[a.pk], capacity[a.pk].capacity) for a in activities]
    return render(request, "participation/signup_list.html", {"rows": rows})


def _region_activity(request, pk):
    try:
        return selectors.region_activity(region=request.region, pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None


def _signup_detail(request, activity, *, form=None, status=200):
    counts = selectors.signup_counts(activity_ids=[activity.pk])[activity.pk]
    capacity = signups.capacity_of(activity.pk)
    context = {
        "a": activity,
        "counts": counts,
        "capacity": capacity,
        "form": form or CapacityForm(initial={"capacity": capacity}),
        "signups": Signup.objects.filter(region=request.region, activity=activity).order_by("created_at", "pk"),
    }
    url = reverse("signup_detail", args=[request.region.code, activity.pk])
    return render_page(request, "participation/signup_detail.html", context, url=url, status=status)


@require_safe
@region_view(edit=True)
def signup_detail(request, pk):
    return _signup_detail(request, _region_activity(request, pk))


@require_POST
@region_view(edit=True)
def signup_capacity(request, pk):
    activity = _region_activity(request, pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        return _signup_detail(request, activity, form=form, status=400)
    moved = signups.capacity_set(activity=activity, capacity=form.cleaned_data["capacity"], by=request.user)
    messages.success(request, _("The number of places is saved."))
    if moved:
        messages.info(
            request,
            ngettext(
                "%(n)s person moved up from the waiting list and was told.",
                "%(n)s people moved up from the waiting list and were told.",
                len(moved),
            )
            % {"n": len(moved)},
        )
    return redirect("signup_detail", code=request.region.code, pk=activity.pk)


# --- Organisations ------------------------------------------------------------------------------------------


@never_cache
@in_page_language
@once.creates
def organisation_register(request, code):
    """An organisation registers with a region that has published cooperations (its portal page links here)."""
    region, _coop, _fields = _target(code, None)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        done = reverse("organisation_sent") + request.portal.suffix

        def create():
            fields = form.organisation_fields()
            organisations.organisation_register(region=region, language=get_language(), **fields)
            return done

        answer = public_post(request, form, scope="organisation", done=done, create=create)
        if answer is not None:
            return answer
    return render(request, "participation/organisation_register.html", {"form": form, "region": region.name})


@require_safe
@in_page_language
def organisation_sent(request):
    return render(request, "participation/organisation_sent.html")


def _org_by_secret(secret: str) -> Organisation:
    try:
        return services.by_secret(secret, model=Organisation)
    except Organisation.DoesNotExist:
        raise Http404 from None


@require_safe
@in_page_language
def organisation_status(request, secret):
    org = _org_by_secret(secret)
    proposals, signed = selectors.organisation_items(org) if org.status == Organisation.Status.VERIFIED else ([], [])
    context = {"o": org, "secret": secret, "proposals": proposals, "signups": signed}
    return _secret_page(render(request, "participation/organisation_status.html", context))


@in_page_language
def organisation_verify(request, secret, signed):
    """The email's confirmation link: one button; its POST confirms (a mail scanner confirms nothing)."""
    org = _org_by_secret(secret)
    return personal.confirm_step(
        request,
        confirm=lambda: organisations.organisation_confirm(org=org, signed=signed),
        done=_("Thank you: your email is confirmed. The bureau will now verify the organisation."),
        then=reverse("organisation_status", args=[secret]) + request.portal.suffix,
        page=lambda expired: render(request, "participation/organisation_verify.html", {"o": org, "expired": expired}),
    )


@require_safe
@region_view(edit=True)
def organisation_list(request):
    orgs = selectors.region_organisations(region=request.region)
    return render(request, "participation/organisation_list.html", {"page": paginate(request, orgs)})


@require_POST
@region_view(edit=True)
def organisation_decide(request, pk):
    org = get_object_or_404(selectors.region_organisations(region=request.region), pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in ("verify", "reject"):
        messages.error(request, _("Choose whether to verify the organisation."))
        return redirect("organisation_list", code=request.region.code)
    try:
        organisations.organisation_decide(org=org, by=request.user, verified=decision == "verify")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if decision == "verify":
            messages.success(request, _("The organisation is verified; it has been told."))
        else:
            messages.success(request, _("The organisation is not verified; it has been told."))
    return redirect("organisation_list", code=request.region.code)


@require_safe
def organisation_data(request, secret):
    org = _org_by_secret(secret)
    return personal.download(org, organisations.organisation_data(org))


@in_page_language
def organisation_erase(request, secret):
    org = _org_by_secret(secret)
    return _erase_page(
        request,
        org,
        secret=secret,
        erase=lambda: organisations.organisation_erase(org=org),
        status="organisation_status",
        done=_("The organisation's email has been erased."),
        lead=_(
            "The organisation's email will be erased for good: the bureau can no longer write to it, and nothing "
            "sent later is linked to it. Its name and what is already linked stay."
        ),
    )
