"""Forms that create, created once: a one-time token issued with the form, taken with what it creates.

Three quick clicks on "Simpan" send the same form three times. Each form that creates carries a token
(`{% form_token %}` beside `{% csrf_token %}`): a random nonce signed with a timestamp, so it cannot be made up
and is refused when older than MAX_AGE. The view that creates does so inside `consuming(request)`: one
transaction that first takes the token (a row unique per user and nonce), then creates, then keeps where the
user is led. A second request with the same token either finds the row (the first has committed) or waits on
its unique index until the first commits and then fails to insert it; either way it creates nothing and leads
to what the first one made, with a message (`@creates` on the view does this). If the first request fails,
its transaction takes the token back with it, and the form shown again keeps the same token.

A creating POST without a valid token is refused with a message on the form: the server's rule does not
depend on the page's JavaScript (kembar.js only disables the button after the first click).

A visitor who is not logged in (the portal's proposal and sign-up forms) has no user to key the token on: their
token is taken on its nonce alone (a row with no user, unique per nonce). The nonce is random and signed, so
it cannot be guessed or made up; whoever holds the form holds its token.
"""

from __future__ import annotations

import datetime as dt
import secrets
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

#: The name of the hidden field that carries the token.
FIELD = "form_token"
#: How long a form shown may still be sent; used tokens are kept this long, then forgotten.
MAX_AGE = dt.timedelta(days=7)

_signer = signing.TimestampSigner(salt="kembar.core.once")


class Repeated(Exception):
    """The form's token was already taken by another request (see `creates`)."""


def issue() -> str:
    """A new token for a form."""
    return _signer.sign(secrets.token_urlsafe(16))


def _nonce(token: str) -> str | None:
    try:
        return _signer.unsign(token or "", max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None


def _posted(request) -> str | None:
    return _nonce(request.POST.get(FIELD, "")) if request.method == "POST" else None


def token(request) -> str:
    """The token a form on this page carries: the one it was sent with, when it is valid (a form shown again
    after an error keeps it: nothing was created with it), or a new one. One per request."""
    if not hasattr(request, "_form_token"):
        posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
        request._form_token = posted if posted and _nonce(posted) else issue()
    return request._form_token


def _owner(request):
    """Whose tokens a request takes: the logged-in user, or None (an anonymous visitor's, keyed on the nonce)."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _mine(request):
    owner = _owner(request)
    return FormSubmission.objects.filter(user=owner) if owner else FormSubmission.objects.filter(user__isnull=True)


def _done(request) -> FormSubmission | None:
    nonce = _posted(request)
    if nonce is None:
        return None
    return _mine(request).filter(token=nonce).first()


def _lead_to_first(request, done: FormSubmission):
    messages.info(request, _("This form had already been sent and was saved once: here is what it saved."))
    return redirect(done.url or "home")


def creates(view):
    """For a view whose POST creates: a POST whose token was already used leads to what that one made."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        done = _done(request)
        if done is not None:
            return _lead_to_first(request, done)
        try:
            return view(request, *args, **kwargs)
        except Repeated:
            # Another request with this token committed while this one was checking its form.
            return _lead_to_first(request, _done(request))

    return wrapper


class Submission:
    """What `consuming` yields: tell it where the created records are shown."""

    def __init__(self, request):
        self.url = request.get_full_path()

    def leads_to(self, url: str) -> str:
        self.url = url
        return url


@contextmanager
def consuming(request):
    """`with once.consuming(request) as submission:` create…, then `submission.leads_to(url)`.

    One transaction: the form's token is taken first, the records are created, and the URL that shows them
    is kept with the token. Raises ValidationError (code "form_token", nothing created) when the form came
    without a valid token, and Repeated when another request took the token first."""
    nonce = _posted(request)
    if nonce is None:
        raise ValidationError(
            _("This form was not sent from a Kembar page or is more than a week old: check it and send it again."),
            code="form_token",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = FormSubmission.objects.create(user=_owner(request), token=nonce)
        except IntegrityError:
            raise Repeated from None
        submission = Submission(request)
        yield submission
        row.url = submission.url[:500]
        row.save(update_fields=["url"])
        _mine(request).filter(created_at__lt=timezone.now() - MAX_AGE).delete()
