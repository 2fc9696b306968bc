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
