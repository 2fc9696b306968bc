import pytest

from kembar.participation import services
from kembar.public import services as public
from kembar.testing import matrix_world

FIELDS = ["Kebudayaan", "Pendidikan"]


def proposal_data(**more) -> dict:
    """What a citizen types into the proposal form."""
    return {
        "proposer": "person",
        "kind": "citizen",
        "name": "Siti Rahma",
        "email": "siti@example.org",
        "title": "Pertukaran budaya angklung",
        "offer": "Kelompok angklung kami bisa tampil dan mengajar.",
        "need": "Tempat latihan bersama.",
        "field": "Kebudayaan",
        "when": "Maret 2027",
        "consent": "on",
        **more,
    }


def submit(coop, **more):
    """A proposal sent and (unless `verified=False`) confirmed, through the services: (proposal, secret)."""
    verified = more.pop("verified", True)
    fields = {k: v for k, v in proposal_data(**more).items() if k not in ("consent",)}
    fields["when"] = None
    proposal, secret = services.proposal_submit(region=coop.region, cooperation=coop, **fields)
    if verified:
        services.proposal_verify(proposal=proposal, signed=services._verify.sign(str(proposal.pk)))
        proposal.refresh_from_db()
    return proposal, secret


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor, fields=FIELDS)
    public.cooperation_publish(cooperation=world["coop"], by=world["owner"], published=True)
    world["proposal"], world["secret"] = submit(world["coop"])
    return world


def upcoming_activity(world, title="Festival angklung Liuzhou", days=30):
    """A public activity of the world's (published) cooperation, `days` from today: it takes sign-ups."""
    import datetime as dt

    from django.utils import timezone

    from kembar.cooperations import services as cooperations

    day = timezone.localdate() + dt.timedelta(days=days)
    activity = cooperations.activity_create(
        cooperation=world["coop"], by=world["owner"], title=title, kind="exchange", date=day.isoformat()
    )
    public.item_publish(item=activity, by=world["owner"], public=True)
    return activity


def signup_data(**more) -> dict:
    """What a person types into the sign-up form."""
    return {"name": "Rudi Hartono", "email": "rudi@example.org", "organisation": "", "consent": "on", **more}


@pytest.fixture
def upcoming(world):
    world["activity"] = upcoming_activity(world)
    world["signup"], world["signup_secret"] = services_signup(
        world["activity"], name="Wati Peserta", email="wati@example.org"
    )
    return world


def services_signup(activity, **more):
    from kembar.participation import signups

    data = {k: v for k, v in signup_data(**more).items() if k != "consent"}
    return signups.signup_create(activity=activity, **data)
