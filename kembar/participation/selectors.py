"""What the bureau reads of proposals (only its region's, only those confirmed by email) and of sign-ups (its
region's), and what the portal shows of sign-ups (counts only)."""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, When
from django.utils import timezone

from kembar.cooperations.models import Activity
from kembar.regions.models import Region

from .models import Organisation, Proposal, Signup, SignupSheet


def region_proposals(*, region):
    """The proposals the bureau of `region` sees: confirmed by email (live, newest first)."""
    return Proposal.objects.filter(region=region).exclude(status=Proposal.Status.UNVERIFIED)


def status_counts(*, region) -> dict[str, int]:
    rows = region_proposals(region=region).values("status").annotate(n=Count("pk")).order_by()
    counts = {s: 0 for s in Proposal.Status.values if s != Proposal.Status.UNVERIFIED}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


# --- Sign-ups ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    """What the portal shows of an activity's sign-ups: counts only, never a name."""

    taken: int
    capacity: int | None

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def upcoming_public_activity(*, code: str, ref: str, pk: int, today=None) -> Activity:
    """An upcoming public activity of a published cooperation, the one people may sign up for
    (Activity.DoesNotExist otherwise)."""
    from kembar.public.selectors import public_activities, published_cooperations

    today = today or timezone.localdate()
    coop = published_cooperations().filter(region__code=code, ref=ref).values_list("pk", "region_id").first()
    if coop is None:
        raise Activity.DoesNotExist
    qs = public_activities(region=Region.objects.get(pk=coop[1])).filter(cooperation_id=coop[0], date_sort__gt=today)
    return qs.select_related("region", "cooperation", "cooperation__partner").get(pk=pk)


def places(activity_ids) -> dict[int, Places]:
    """The places of each activity (two queries, whatever their number)."""
    ids = list(activity_ids)
    taken = dict(
        Signup.objects.filter(activity_id__in=ids, status=Signup.Status.CONFIRMED)
        .values("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("activity_id", "n")
    )
    capacity = dict(SignupSheet.objects.filter(activity_id__in=ids).values_list("activity_id", "capacity"))
    return {pk: Places(taken=taken.get(pk, 0), capacity=capacity.get(pk)) for pk in ids}


def signup_counts(*, activity_ids) -> dict[int, dict[str, int]]:
    """Per activity, its sign-ups by status (confirmed, waiting, cancelled)."""
    counts = {pk: {s: 0 for s in Signup.Status.values} for pk in activity_ids}
    rows = (
        Signup.objects.filter(activity_id__in=list(activity_ids))
        .values("activity_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        counts[r["activity_id"]][r["status"]] = r["n"]
    return counts


def region_signup_activities(*, region, today=None):
    """The activities the bureau of `region` follows sign-ups of: its upcoming public ones, and any other with
    sign-ups (soonest first)."""
    from kembar.public.selectors import public_activities

    today = today or timezone.localdate()
    upcoming = public_activities(region=region).filter(date_sort__gt=today).values("pk")
    signed = Signup.objects.filter(region=region).values("activity_id")
    return (
        Activity.objects.filter(region=region)
        .filter(Q(pk__in=upcoming) | Q(pk__in=signed))
        .select_related("cooperation", "cooperation__partner")
        .order_by("date_sort", "pk")
    )


def region_activity(*, region, pk: int) -> Activity:
    """One live activity of the bureau's own region (Activity.DoesNotExist otherwise)."""
    return Activity.objects.select_related("cooperation", "cooperation__partner").get(region=region, pk=pk)


# --- Organisations ----------------------------------------------------------------------------------------


def org_for(*, region_id: int, email: str) -> Organisation | None:
    """The verified organisation of the region that registered this email, if any (what a new proposal or
    sign-up sent with it is linked to)."""
    if not email:
        return None
    found = Organisation.objects.filter(region_id=region_id, email=email.lower(), status=Organisation.Status.VERIFIED)
    return found.order_by("pk").first()


def region_organisations(*, region):
    """The organisations the bureau of `region` sees: those that confirmed their email (awaiting first)."""
    qs = Organisation.objects.filter(region=region).exclude(status=Organisation.Status.UNVERIFIED)
    return qs.order_by(Case(When(status=Organisation.Status.PENDING, then=0), default=1), "name", "pk")


def organisation_items(org: Organisation) -> tuple[list, list]:
    """(proposals, sign-ups) linked to the organisation: what its page lists (confirmed proposals only)."""
    proposals = list(
        Proposal.objects.filter(org=org).exclude(status=Proposal.Status.UNVERIFIED).select_related("cooperation")
    )
    signups = list(Signup.objects.filter(org=org).select_related("activity").order_by("-created_at", "-pk"))
    return proposals, signups
