"""Records a person sends from the public site — a proposal, a sign-up, an organisation's registration, a
buyer's inquiry, an interest from abroad — and the steps they all share (docs/adr/0043):

- the form's POST: counted per client address and, once valid, per email (kembar.core.ratelimit), a honeypot,
  created once per form token (kembar.core.once);
- the secret link the person follows it by (only its SHA-256 is kept) and the signed link of the first email
  that confirms their address;
- the pages behind the secret link (kept by no cache, sent to no other site, indexed by no engine);
- the download of everything kept about them (JSON) and the erasure of their personal data (UU 27/2022).

A record's personal fields are exactly those it keeps out of its history rows (`history_excluded_fields`):
erasure blanks them, so no copy is left anywhere, and the rest of the record stays, anonymous. Each app words
its own pages and emails (gettext, trade.buyer_text, seeking.words); the steps here are the same for all."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kembar.accounts.addresses import client_address

from . import once, ratelimit
from .forms import apply_errors
from .models import TenantModel
from .services import record_change

#: How long the confirmation link of the first email works.
VERIFY_MAX_AGE = 3 * 24 * 3600
#: A secret longer than this is no secret of ours (its lookup is not even tried).
SECRET_MAX = 100
#: Records one client address may send in an hour, and one email address in a day (per kind of record).
ADDRESS_LIMIT = (10, 3600)
EMAIL_LIMIT = (5, 24 * 3600)


class PersonalRecord(TenantModel):
    """What every record sent by a person from the portal keeps about them and their consent: the email the
    links go to, the language they wrote in, the consent text's version and time, the SHA-256 of the secret
    link they follow it by, and when they erased their personal data. A concrete record names its personal
    fields in `history_excluded_fields`: they are in no history row, and erasure blanks them."""

    email = models.EmailField(_("email"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, default="id")
    consent_version = models.CharField(_("consent version"), max_length=40)
    consented_at = models.DateTimeField(_("consent given"))
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    history_excluded_fields = ("email",)

    class Meta:
        abstract = True


#: A consent text's version key: "<year>-<month>-<name>-<number>" (participation.consent.VERSION,
#: trade.buyer_text.CONSENT_VERSION, seeking.services.CONSENT_VERSION).
_CONSENT_VERSION = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?:.*-)?(?P<number>[0-9]+)$")


def consent_version_words(version: str) -> str:
    """A consent text's version as a person reads it: the month the text was written ("Desember 2026"), and
    its number when that month had more than one ("Desember 2026, revisi 2"). Another key gives "": the page
    then says only when the consent was given, never the key."""
    m = _CONSENT_VERSION.match(version or "")
    if not m or int(m["month"]) not in MONTHS:
        return ""
    month = f"{MONTHS[int(m['month'])]} {m['year']}"
    if int(m["number"]) > 1:
        return gettext("%(month)s, revision %(number)s") % {"month": month, "number": int(m["number"])}
    return month


# --- The secret link and the confirmation link ------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A new secret link's (secret, its SHA-256): the secret goes into the email, only the hash is kept."""
    secret = secrets.token_urlsafe(24)
    return secret, secret_hash(secret)


def with_secret(queryset, secret: str):
    """The records of `queryset` whose secret link is `secret` (none for an empty or overlong one)."""
    if not secret or len(secret) > SECRET_MAX:
        return queryset.none()
    return queryset.filter(secret_hash=secret_hash(secret))


class EmailLink:
    """The signed value in the first email's confirmation link, valid for `max_age` seconds."""

    def __init__(self, salt: str, *, max_age: int = VERIFY_MAX_AGE):
        self.signer = signing.TimestampSigner(salt=salt)
        self.max_age = max_age

    def sign(self, value: str) -> str:
        return self.signer.sign(value)

    def matches(self, signed: str, value: str) -> bool:
        """The link is this record's (`value`) and has not expired."""
        try:
            return self.signer.unsign(signed or "", max_age=self.max_age) == value
        except signing.BadSignature:
            return False


# --- Erasure ---------------------------------------------------------------------------------------------


def personal_fields(record) -> tuple[str, ...]:
    return tuple(type(record).history_excluded_fields)


def erase(record, *, reason: str = "personal data erased") -> bool:
    """Blank the record's personal fields (those in no history row) and stamp the erasure; False when they were
    erased already. The caller saves (the record's history row is then the anonymous record)."""
    if record.erased_at:
        return False
    for name in personal_fields(record):
        setattr(record, name, "")
    record.erased_at = timezone.now()
    record_change(record, by=None, reason=reason)
    return True


# --- The steps of the pages ------------------------------------------------------------------------------


def public_post(request, form, *, scope: str, done: str, create, too_many, limits=(ADDRESS_LIMIT, EMAIL_LIMIT)):
    """The POST of a public form that makes a personal record: counted per client address and, once valid, per
    email (`limits`, each in its `scope`; past one, `too_many(verdict)` answers); a robot that fills the
    honeypot is led to `done` and nothing is kept; `create()` (returning where it leads) runs once per form
    token (kembar.core.once). Returns the answer, or None to show the form again with its errors."""
    (address_n, address_per), (email_n, email_per) = limits
    verdict = ratelimit.hit(f"{scope}-address", client_address(request) or "-", limit=address_n, per=address_per)
    if not verdict.allowed:
        return too_many(verdict)
    if form.is_spam():
        return redirect(done)  # looks like success to a robot; nothing is kept
    if not form.is_valid():
        return None
    verdict = ratelimit.hit(f"{scope}-email", form.cleaned_data["email"].lower(), limit=email_n, per=email_per)
    if not verdict.allowed:
        return too_many(verdict)
    try:
        with once.consuming(request) as submission:
            url = submission.leads_to(create())
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return redirect(url)


def secret_page(response):
    """A page behind a secret link: kept by no cache, its address sent to no other site, indexed by none."""
    response["Referrer-Policy"] = "same-origin"  # no-referrer would make its forms send `Origin: null` (CSRF)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def confirm_step(request, *, confirm: Callable[[], bool], done: str, then: str, page: Callable[..., HttpResponse]):
    """The first email's confirmation link: its page (`page(expired=False)`) has one button, so a mail scanner
    opening the link confirms nothing; the POST runs `confirm()` and leads to `then` with the message `done`,
    or answers `page(expired=True)` with 400 for a link that expired or is another record's."""
    if request.method == "POST":
        if confirm():
            messages.success(request, done)
            return redirect(then)
        response = page(expired=True)
        response.status_code = 400
        return secret_page(response)
    return secret_page(page(expired=False))


def download(record, data: dict) -> HttpResponse:
    """Everything kept about the person (`data`), as a JSON file named by the record's number."""
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kembar-{record.number}.json"'
    return secret_page(response)


def erase_step(request, *, erase: Callable[[], object], done: str, then: str, page: Callable[[], HttpResponse]):
    """The secret link's erase page (`page()`: what is erased, one button); its POST runs `erase()` (again:
    nothing more changes) and leads to `then` with the message `done`."""
    if request.method == "POST":
        erase()
        messages.success(request, done)
        return redirect(then)
    return secret_page(page())


def stamp(value) -> str | None:
    """A time in a download (ISO 8601), or None."""
    return value.isoformat() if value else None
