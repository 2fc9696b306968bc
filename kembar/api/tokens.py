"""Personal API tokens: made (the secret returned once), found by their hash, revoked. Every door (the account
page, tests) calls these (docs/adr/0036-personal-api-tokens.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.core.services import record_change

from .models import ApiToken

#: What every token starts with, so a leaked one is recognised (secret scanners, logs).
MARK = "kmb_"
#: The longest Authorization value read (a token is ~52 characters).
MAX_TOKEN = 200
#: How often a token's "last used" is written (each request would be a write).
USED_EVERY = dt.timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token of `user`: the row, and the secret (the only copy: only its SHA-256 is kept)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name (what it is for).")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name is at most 100 characters.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read or read and write.")})
    prefix = secrets.token_hex(4)
    secret = f"{MARK}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, scope=scope, prefix=f"{MARK}{prefix}", digest=_digest(secret))
    record_change(token, by=user, reason="created")
    token.save()
    return token, secret


def token_revoke(*, token: ApiToken, by) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        record_change(token, by=by, reason="revoked")
        token.save(update_fields=["revoked_at"])


def token_find(secret: str) -> ApiToken | None:
    """The live token with this secret, its user active (None otherwise). Found by the hash, compared in
    constant time; "last used" is noted at most every USED_EVERY."""
    if not secret or len(secret) > MAX_TOKEN or not secret.startswith(MARK):
        return None
    digest = _digest(secret)
    token = ApiToken.objects.select_related("user").filter(digest=digest, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.digest, digest) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.used_at is None or token.used_at < now - USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(used_at=now)
        token.used_at = now
    return token
