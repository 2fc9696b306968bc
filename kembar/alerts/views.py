"""The user's alerts (across their regions), their digest preference, and their calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kembar.core.params import record_ids
from kembar.core.views import paginate

from . import selectors, services
from .feeds import calendar_ics
from .forms import PreferenceForm
from .models import Alert, FeedToken, Preference


def _list_context(request, form=None):
    page = paginate(request, selectors.alert_list(user=request.user), per_page=50)
    pref = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    return {"page": page, "form": form or PreferenceForm(instance=pref)}


@login_required
def alert_list(request):
    return render(request, "alerts/list.html", _list_context(request))


@login_required
@require_POST
def alert_read(request, pk):
    try:
        alert = selectors.alert_get(user=request.user, pk=pk)
    except Alert.DoesNotExist:
        raise Http404 from None
    services.alert_mark_read(alert=alert, by=request.user)
    return redirect("alert_list")


@login_required
@require_POST
def alert_read_all(request):
    n = services.alerts_mark_all_read(user=request.user)
    messages.success(request, _("%(n)s alerts marked read.") % {"n": n})
    return redirect("alert_list")


@login_required
@require_POST
def alert_read_selected(request):
    """The list's ticked alerts marked read: only the user's own (another's id is 404, and nothing changes)."""
    ids = request.POST.getlist("ids")
    if not ids:
        messages.error(request, _("Tick the alerts to mark read first."))
        return redirect("alert_list")
    if (numbers := record_ids(ids)) is None:
        raise Http404
    try:
        n = services.alerts_mark_read(user=request.user, ids=numbers)
    except Alert.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("%(n)s alerts marked read.") % {"n": n})
    return redirect("alert_list")


@login_required
@require_POST
def alert_preferences(request):
    pref = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST, instance=pref)
    if not form.is_valid():
        return render(request, "alerts/list.html", _list_context(request, form), status=400)
    services.preference_set(user=request.user, **form.cleaned_data)
    messages.success(request, _("Saved."))
    return redirect("alert_list")


@never_cache
@login_required
def alert_feed(request):
    """See whether a feed exists; make (or remake) its secret address, shown this once."""
    token = None
    if request.method == "POST":
        token = services.feed_token_create(user=request.user)
    feed = FeedToken.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(reverse("alert_feed_ics", kwargs={"token": token})) if token else ""
    return render(request, "alerts/feed.html", {"feed": feed, "url": url})


@never_cache
@require_GET
def alert_feed_ics(request, token):
    """The calendar of the user whose secret this is (no login: calendar apps cannot log in)."""
    user = services.feed_token_user(token)
    if user is None:
        raise Http404
    services.feed_token_used(user=user)
    with translation.override(services.user_language(user)):
        events = selectors.feed_events(user=user, today=timezone.localdate())
        body = calendar_ics(events, name=_("Kembar deadlines"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kembar.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
