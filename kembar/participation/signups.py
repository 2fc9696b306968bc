"""Sign-ups for upcoming public activities: a place, or a place on the waiting list once the places are taken.

The bureau sets an activity's capacity (SignupSheet; none: no limit). Every change of an activity's places —
a sign-up, a cancellation, a new capacity — first locks the activity's row (`SELECT … FOR UPDATE`), so two
people asking for the last place at once are served one after the other: one gets it, the other waits. A
cancellation of a place, or more places, moves the first people waiting up (in the order they signed up) and
writes to them. The person holds a secret link (its SHA-256 alone is stored) to cancel, download their data
and erase it; erasing also gives up the place."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kembar.cooperations.models import Activity
from kembar.core import personal
from kembar.core.services import record_change, save_validated
from kembar.public.http import with_language

from . import consent, selectors
from .models import Signup, SignupSheet
from .services import _mail

S = Signup.Status


def status_url(secret: str, language: str = "id") -> str:
    """The secret link of the emails, opening the page in the language the person signed up in (`?lang=`)."""
    return settings.KEMBAR_SITE_URL + with_language(reverse("signup_status", args=[secret]), language)


def _lock(activity_id: int) -> None:
    """Serialise every change of this activity's places (a row lock on PostgreSQL; SQLite writes one at a time)."""
    list(Activity.all_objects.select_for_update().filter(pk=activity_id).values_list("pk", flat=True))


def capacity_of(activity_id: int) -> int | None:
    return SignupSheet.objects.filter(activity_id=activity_id).values_list("capacity", flat=True).first()


def _confirmed(activity_id: int) -> int:
    return Signup.objects.filter(activity_id=activity_id, status=S.CONFIRMED).count()


def _fill(activity_id: int, *, by=None) -> list[Signup]:
    """Move the first people waiting up into the free places (the activity is locked); each is written to."""
    capacity = capacity_of(activity_id)
    waiting = Signup.objects.filter(activity_id=activity_id, status=S.WAITING).order_by("created_at", "pk")
    if capacity is not None:
        waiting = waiting[: max(0, capacity - _confirmed(activity_id))]
    moved = list(waiting.select_related("region", "activity"))
    for signup in moved:
        signup.status = S.CONFIRMED
        signup.promoted_at = timezone.now()
        record_change(signup, by=by, reason="moved up from the waiting list")
        signup.save(update_fields=["status", "promoted_at", "updated_at"])
        _mail(signup, "signup_status")
    return moved


@transaction.atomic
def signup_create(*, activity: Activity, name: str, email: str, organisation: str = "", language: str = "id"):
    """Sign a person up for `activity`: a place while any is free, else the waiting list. The email with the
    secret link is sent inside the transaction (nothing is kept if it cannot be sent). Returns (signup, secret)."""
    _lock(activity.pk)
    secret, secret_hash = personal.new_secret()
    # One standing sign-up per person and activity: signing up again sends the one they have a new link (the
    # old link stops working) and keeps their place, as a new sign-up would look to whoever sent the form.
    standing = Signup.objects.filter(
        activity_id=activity.pk, email=email.lower(), status__in=(S.CONFIRMED, S.WAITING)
    ).first()
    if standing is not None and email:
        standing.secret_hash = secret_hash
        record_change(standing, by=None, reason="signed up again: a new link sent")
        standing.save(update_fields=["secret_hash", "updated_at"])
        _mail(standing, "signup", required=True, follow=status_url(secret, standing.language))
        return standing, secret
    capacity = capacity_of(activity.pk)
    free = capacity is None or _confirmed(activity.pk) < capacity
    signup = Signup(
        region_id=activity.region_id,
        activity=activity,
        name=name,
        email=email.lower(),
        organisation=organisation,
        language=(language or "id")[:2],
        status=S.CONFIRMED if free else S.WAITING,
        consent_version=consent.VERSION,
        consented_at=timezone.now(),
        secret_hash=secret_hash,
        org=selectors.org_for(region_id=activity.region_id, email=email),
    )
    save_validated(signup, by=None, reason="signed up")
    _mail(signup, "signup", required=True, follow=status_url(secret, signup.language))
    return signup, secret


def waiting_position(signup: Signup) -> int | None:
    """1 for the first person waiting; None when the sign-up is not waiting."""
    if signup.status != S.WAITING:
        return None
    ahead = Signup.objects.filter(activity_id=signup.activity_id, status=S.WAITING).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1


def _cancel(signup: Signup, *, reason: str) -> bool:
    """Cancel (the activity is locked, `signup` fresh from the database); True when a place came free."""
    if signup.status == S.CANCELLED:
        return False
    freed = signup.status == S.CONFIRMED
    signup.status = S.CANCELLED
    signup.cancelled_at = timezone.now()
    record_change(signup, by=None, reason=reason)
    return freed


@transaction.atomic
def signup_cancel(*, signup: Signup) -> Signup:
    """Cancel by the secret link: the place goes to the first person waiting. Cancelling again changes nothing."""
    _lock(signup.activity_id)
    signup.refresh_from_db()
    if signup.status == S.CANCELLED:
        return signup
    freed = _cancel(signup, reason="cancelled")
    signup.save()
    _mail(signup, "signup_status")
    if freed:
        _fill(signup.activity_id)
    return signup


@transaction.atomic
def signup_erase(*, signup: Signup) -> Signup:
    """Erase the person's name, email and organisation; a sign-up still standing is cancelled with them (the
    bureau could no longer tell who comes), and its place goes to the first person waiting."""
    _lock(signup.activity_id)
    signup.refresh_from_db()
    freed = _cancel(signup, reason="cancelled: personal data erased")
    if personal.erase(signup) or freed:
        signup.save()
    if freed:
        _fill(signup.activity_id)
    return signup


@transaction.atomic
def capacity_set(*, activity: Activity, capacity: int | None, by) -> list[Signup]:
    """The bureau sets how many places the activity has (None: no limit). More places move people waiting up
    (returned); fewer take no confirmed place away."""
    _lock(activity.pk)
    sheet = SignupSheet.all_objects.filter(activity=activity).first() or SignupSheet(
        region_id=activity.region_id, activity=activity
    )
    if sheet.pk is None or sheet.capacity != capacity:
        save_validated(sheet, by=by, fields={"capacity": capacity}, reason="capacity")
    return _fill(activity.pk, by=by)


def signup_data(signup: Signup) -> dict:
    """Everything kept about the sign-up and its person, as they download it."""
    activity = signup.activity
    return {
        "number": signup.number,
        "region": signup.region.name,
        "activity": activity.title,
        "activity_date": str(activity.date) if activity.date else "",
        "name": signup.name,
        "email": signup.email,
        "organisation": signup.organisation,
        "language": signup.language,
        "status": signup.status,
        "consent_version": signup.consent_version,
        "consent_text": str(consent.TEXT) if signup.consent_version == consent.VERSION else "",
        "consented_at": signup.consented_at.isoformat(),
        "signed_up_at": signup.created_at.isoformat(),
        "moved_up_at": signup.promoted_at.isoformat() if signup.promoted_at else None,
        "cancelled_at": signup.cancelled_at.isoformat() if signup.cancelled_at else None,
        "personal_data_erased_at": signup.erased_at.isoformat() if signup.erased_at else None,
    }
