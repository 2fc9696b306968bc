"""The user's personal API tokens: made (the secret shown once, on the page that made it) and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kembar.core import once
from kembar.core.forms import apply_errors

from . import tokens as services
from .forms import TokenForm
from .models import ApiToken


@never_cache
@login_required
@once.creates
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                _token, secret = services.token_create(user=request.user, **form.cleaned_data)
                submission.leads_to(reverse("api_tokens"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "secret": secret, "tokens": rows})


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api_tokens")
