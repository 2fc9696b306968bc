"""What the bureau reads of proposals: only its region's, only those confirmed by email."""

from django.db.models import Count

from .models import Proposal


def region_proposals(*, region):
    """The proposals the bureau of `region` sees: confirmed by email (live, newest first)."""
    return Proposal.objects.filter(region=region).exclude(status=Proposal.Status.UNVERIFIED)


def status_counts(*, region) -> dict[str, int]:
    rows = region_proposals(region=region).values("status").annotate(n=Count("pk")).order_by()
    counts = {s: 0 for s in Proposal.Status.values if s != Proposal.Status.UNVERIFIED}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
