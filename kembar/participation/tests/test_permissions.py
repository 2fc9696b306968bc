"""Who may triage proposals (the region's bureau only; another region's admin 404), and who may propose and
follow one (anyone, on published things only: kembar/participation/tests/test_proposals.py)."""

import pytest
from django.urls import reverse

from kembar.cooperations.models import Activity
from kembar.participation import organisations
from kembar.participation.models import Organisation, Proposal, Signup, SignupSheet
from kembar.public import services as public
from kembar.testing import EDITORS, Case, PermissionMatrix

from .conftest import proposal_data, services_signup, signup_data, upcoming_activity


def _pk(w):
    return {"pk": w["proposal"].pk}


def _activity(w):
    return {"pk": w["activity"].pk}


def _places(w):
    return (
        list(SignupSheet.all_objects.values_list("activity", "capacity")),
        list(Signup.all_objects.order_by("pk").values_list("pk", "status")),
    )


def _org(w):
    return {"pk": w["org"].pk}


def _orgs(w):
    return list(Organisation.all_objects.order_by("pk").values_list("pk", "status"))


def _state(w):
    return (
        list(Proposal.all_objects.order_by("pk").values_list("pk", "status", "reason", "activity")),
        Activity.all_objects.count(),
    )


CASES = (
    Case("proposal_list", EDITORS),
    Case("proposal_detail", EDITORS, _pk),
    Case("proposal_review", EDITORS, _pk, method="post", ok=302, data=lambda w: {}, state=_state),
    Case(
        "proposal_accept",
        EDITORS,
        _pk,
        method="post",
        ok=302,
        data=lambda w: {"title": "Pertukaran budaya", "kind": "exchange", "date": "03/2027", "publish": "on"},
        state=_state,
        creates=lambda w: Activity.all_objects.count(),
    ),
    Case(
        "proposal_decline",
        EDITORS,
        _pk,
        method="post",
        ok=302,
        data=lambda w: {"reason": "Di luar bidang kerja sama."},
        state=_state,
    ),
    Case("signup_activities", EDITORS),
    Case("signup_detail", EDITORS, _activity),
    Case("signup_capacity", EDITORS, _activity, method="post", ok=302, data=lambda w: {"capacity": "5"}, state=_places),
    Case("organisation_list", EDITORS),
    Case(
        "organisation_decide", EDITORS, _org, method="post", ok=302, data=lambda w: {"decision": "verify"}, state=_orgs
    ),
)
#: The portal's and the proposer's pages: no login (tested in test_proposals.py for anonymous and every role).
PUBLIC = {"proposal_create", "proposal_new_partner", "proposal_sent", "proposal_status", "proposal_verify"}
#: The sign-up form and the pages behind its secret link: no login (below, and in test_signups.py).
SIGNUP = {"signup_create", "signup_sent", "signup_status", "signup_cancel", "signup_data", "signup_erase"}
ORGANISATION = {"organisation_create", "organisation_sent", "organisation_status", "organisation_verify"}
ORGANISATION |= {"organisation_data", "organisation_erase"}
COVERED = {case.name for case in CASES} | PUBLIC | SIGNUP | ORGANISATION | {"proposal_data", "proposal_erase"}


@pytest.fixture
def world(world):
    """The proposals' world, with an upcoming public activity and one person signed up for it."""
    world["activity"] = upcoming_activity(world)
    world["signup"], world["signup_secret"] = services_signup(world["activity"], email="wati@example.org")
    org, world["org_secret"] = organisations.organisation_register(
        region=world["region"], name="Sanggar Uji", kind="community", email="sanggar@example.org"
    )
    organisations.organisation_confirm(org=org, signed=organisations._confirm.sign(str(org.pk)))
    world["org"] = Organisation.objects.get(pk=org.pk)
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def _public_urls(w):
    code, ref, secret = w["region"].code, w["coop"].ref, w["secret"]
    return [
        (reverse("proposal_create", args=[code, ref]), 200),
        (reverse("proposal_new_partner", args=[code]), 200),
        (reverse("proposal_sent"), 200),
        (reverse("proposal_status", args=[secret]), 200),
        (reverse("proposal_data", args=[secret]), 200),
        (reverse("proposal_erase", args=[secret]), 200),
        (reverse("signup_create", args=[code, ref, w["activity"].pk]), 200),
        (reverse("signup_sent"), 200),
        (reverse("signup_status", args=[w["signup_secret"]]), 200),
        (reverse("signup_data", args=[w["signup_secret"]]), 200),
        (reverse("signup_erase", args=[w["signup_secret"]]), 200),
        (reverse("signup_cancel", args=[w["signup_secret"]]), 405),  # a button's POST only
        (reverse("organisation_create", args=[code]), 200),
        (reverse("organisation_sent"), 200),
        (reverse("organisation_status", args=[w["org_secret"]]), 200),
        (reverse("organisation_verify", args=[w["org_secret"], "x"]), 200),
        (reverse("organisation_data", args=[w["org_secret"]]), 200),
        (reverse("organisation_erase", args=[w["org_secret"]]), 200),
    ]


@pytest.mark.parametrize("who", ["anonymous", *PermissionMatrix.who])
def test_everyone_may_propose_on_published_things(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for url, status in _public_urls(world):
        assert client.get(url).status_code == status, (url, who)


@pytest.mark.parametrize("who", ["anonymous", *PermissionMatrix.who])
def test_nobody_proposes_on_what_is_not_published(client, world, who):
    """Unpublished is 404 for everyone, the region's own admin included (the portal is no preview); a made-up
    secret too."""
    if who != "anonymous":
        client.force_login(world["users"][who])
    public.cooperation_publish(cooperation=world["coop"], by=world["owner"], published=False)
    code, ref = world["region"].code, world["coop"].ref
    before = Proposal.all_objects.count()
    assert client.get(reverse("proposal_create", args=[code, ref])).status_code == 404
    assert client.post(reverse("proposal_create", args=[code, ref]), proposal_data()).status_code == 404
    assert client.get(reverse("proposal_new_partner", args=[code])).status_code == 404
    assert client.get(reverse("proposal_create", args=["32.01", ref])).status_code == 404
    assert client.get(reverse("proposal_status", args=["x" * 32])).status_code == 404
    assert client.post(reverse("proposal_erase", args=["x" * 32])).status_code == 404
    assert Proposal.all_objects.count() == before
    signups = Signup.all_objects.count()
    signup = reverse("signup_create", args=[code, ref, world["activity"].pk])
    assert client.get(signup).status_code == 404
    assert client.post(signup, signup_data()).status_code == 404
    assert client.post(reverse("signup_cancel", args=["x" * 32])).status_code == 404
    assert Signup.all_objects.count() == signups
    assert client.get(reverse("organisation_create", args=[code])).status_code == 404
    assert client.get(reverse("organisation_status", args=["x" * 32])).status_code == 404


def test_another_regions_bureau_sees_none_of_the_proposals(client, world):
    client.force_login(world["users"]["other_region"])
    url = reverse("proposal_detail", args=["32.01", world["proposal"].pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("proposal_list", args=["32.01"])).content.decode()
    assert world["proposal"].title not in page


def test_another_regions_bureau_sees_no_sign_ups(client, world):
    client.force_login(world["users"]["other_region"])
    assert client.get(reverse("signup_detail", args=["32.01", world["activity"].pk])).status_code == 404
    page = client.get(reverse("signup_activities", args=["32.01"])).content.decode()
    assert world["activity"].title not in page
    url = reverse("signup_capacity", args=["32.01", world["activity"].pk])
    assert client.post(url, {"capacity": "1"}).status_code == 404
    assert not SignupSheet.all_objects.exists()
    url = reverse("organisation_decide", args=["32.01", world["org"].pk])
    assert client.post(url, {"decision": "verify"}).status_code == 404
    assert "Sanggar Uji" not in client.get(reverse("organisation_list", args=["32.01"])).content.decode()
    assert Organisation.objects.get(pk=world["org"].pk).status == "pending"


def test_an_unconfirmed_proposal_is_not_shown_to_the_bureau(client, world):
    from .conftest import submit

    hidden, _secret = submit(world["coop"], title="Belum dikonfirmasi", verified=False)
    client.force_login(world["users"]["bureau_staff"])
    assert "Belum dikonfirmasi" not in client.get(reverse("proposal_list", args=["32.73"])).content.decode()
    assert client.get(reverse("proposal_detail", args=["32.73", hidden.pk])).status_code == 404
