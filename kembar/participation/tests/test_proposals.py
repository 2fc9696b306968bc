"""A proposal from the portal to the bureau and back: the form, its spam and abuse rules, the email
confirmation, triage, what the proposer sees, their data and its erasure."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from kembar.cooperations.models import Activity, Source
from kembar.core import once, ratelimit
from kembar.participation import services, views
from kembar.participation.models import Proposal

from .conftest import proposal_data, submit

MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"


def _url(world):
    return reverse("proposal_create", args=[world["region"].code, world["coop"].ref])


def _links(message) -> tuple[str, str]:
    """(confirmation link, secret status link) of the first email, as paths."""
    verify = re.search(r"https?://[^/\s]+(/usulan/[^\s]+/konfirmasi/[^\s]+/)", message.body).group(1)
    follow = re.search(r"https?://[^/\s]+(/usulan/[^/\s]+/)\s", message.body).group(1)
    return verify, follow


@pytest.fixture
def visitor(client):
    client.cookies["django_language"] = "id"
    return client


def test_a_citizen_proposes_confirms_and_the_bureau_then_sees_it(visitor, world):
    mail.outbox.clear()
    response = visitor.post(_url(world), proposal_data(title="Festival angklung"))
    assert response.status_code == 302 and response["Location"] == reverse("proposal_sent")
    proposal = Proposal.objects.get(title="Festival angklung")
    assert proposal.status == Proposal.Status.UNVERIFIED
    assert (proposal.consent_version, proposal.cooperation, proposal.when.display()) == (
        "2026-12-pdp-1",
        world["coop"],
        proposal.when.display(),
    )
    assert str(proposal.when) == "2027-03"
    (message,) = mail.outbox
    assert message.to == ["siti@example.org"] and "Konfirmasi" in message.subject
    verify, follow = _links(message)
    secret = follow.strip("/").split("/")[-1]
    assert proposal.secret_hash != secret and secret not in json.dumps(list(Proposal.objects.values()), default=str)

    staff = world["users"]["bureau_staff"]
    visitor.force_login(staff)
    assert "Festival angklung" not in visitor.get(reverse("proposal_list", args=["32.73"])).content.decode()
    visitor.logout()

    page = visitor.get(verify)
    assert page.status_code == 200 and "Konfirmasi email saya" in page.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.UNVERIFIED  # a GET confirms nothing
    done = visitor.post(verify)
    assert done["Location"] == follow
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.RECEIVED

    visitor.force_login(staff)
    listing = visitor.get(reverse("proposal_list", args=["32.73"])).content.decode()
    assert "Festival angklung" in listing and 'data-count="received">2<' in listing


def test_a_confirmation_link_expires_and_cannot_confirm_another_proposal(visitor, world, monkeypatch):
    other, secret = submit(world["coop"], verified=False)
    signed = services._verify.sign(str(world["proposal"].pk))  # a link of another proposal
    assert visitor.post(reverse("proposal_verify", args=[secret, signed])).status_code == 400
    own = services._verify.sign(str(other.pk))
    later = __import__("time").time() + services.VERIFY_MAX_AGE + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = visitor.post(reverse("proposal_verify", args=[secret, own]))
    assert response.status_code == 400 and "kedaluwarsa" in response.content.decode()
    assert Proposal.objects.get(pk=other.pk).status == Proposal.Status.UNVERIFIED


def test_three_quick_clicks_make_one_proposal(visitor, world):
    token, before = once.issue(), Proposal.objects.count()
    answers = [visitor.post(_url(world), proposal_data(form_token=token)) for _click in range(3)]
    assert Proposal.objects.count() == before + 1
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("proposal_sent"))}
    # Another visitor's form (another token) makes its own.
    assert visitor.post(_url(world), proposal_data()).status_code == 302
    assert Proposal.objects.count() == before + 2


def test_a_form_without_a_token_creates_nothing(visitor, world):
    before = Proposal.objects.count()
    response = visitor.post(_url(world), proposal_data(form_token=None))
    assert response.status_code == 200 and "Formulir ini tidak dikirim dari halaman Kembar" in response.content.decode()
    assert Proposal.objects.count() == before


def test_the_honeypot_keeps_nothing_and_sends_nothing(visitor, world):
    mail.outbox.clear()
    before = Proposal.all_objects.count()
    response = visitor.post(_url(world), proposal_data(website="http://spam.example"))
    assert response.status_code == 302  # a robot is told nothing
    assert Proposal.all_objects.count() == before and mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("offer", "x" * 2001, "paling banyak 2000 karakter"),
        ("title", "y" * 201, "paling banyak 200 karakter"),
        ("name", "Siti\x1b[31mRahma", "tidak dapat disimpan"),
        ("email", "bukan-email", "alamat email yang valid"),
        ("consent", "", "centang kotak ini untuk mengirim"),
        ("when", "x" * 5000, "terlalu panjang untuk tanggal: tulis paling banyak 80 karakter"),
        ("field", "Bidang karangan", 'id="id_field_errors"'),
    ],
)
def test_size_limits_and_plain_text(visitor, world, field, value, message):
    before = Proposal.all_objects.count()
    response = visitor.post(_url(world), proposal_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode().lower() or message in response.content.decode()
    assert Proposal.all_objects.count() == before


def test_the_error_summary_names_the_consent_briefly(visitor, world):
    page = visitor.post(_url(world), proposal_data(consent="", when="x" * 5000)).content.decode()
    summary = page[page.index("data-error-summary") : page.index("</div>", page.index("data-error-summary"))]
    assert '<a href="#id_consent">Persetujuan</a>: Centang kotak ini untuk mengirim' in summary
    assert "x" * 81 not in summary  # a date too long is not repeated back in the message
    assert 'maxlength="80"' in page


def test_html_is_kept_as_text_and_never_rendered(visitor, world):
    proposal, secret = submit(world["coop"], offer="<script>alert(1)</script><b>tebal</b>")
    page = visitor.get(reverse("proposal_status", args=[secret])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    visitor.force_login(world["users"]["bureau_staff"])
    page = visitor.get(reverse("proposal_detail", args=["32.73", proposal.pk])).content.decode()
    assert "<b>tebal</b>" not in page and "&lt;b&gt;tebal&lt;/b&gt;" in page


def test_too_many_from_one_address_is_429_in_indonesian_with_retry_after(visitor, world, monkeypatch):
    monkeypatch.setattr(views, "ADDRESS_LIMIT", (2, 3600))
    before = Proposal.all_objects.count()
    for n in range(2):
        assert visitor.post(_url(world), proposal_data(email=f"p{n}@example.org")).status_code == 302
    response = visitor.post(_url(world), proposal_data(email="p3@example.org"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Terlalu banyak" in response.content.decode()
    assert Proposal.all_objects.count() == before + 2
    # Another address is not limited by this one.
    other = visitor.post(_url(world), proposal_data(email="p4@example.org"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_too_many_from_one_email_is_429_whatever_the_address(visitor, world, monkeypatch):
    monkeypatch.setattr(views, "EMAIL_LIMIT", (1, 24 * 3600))
    assert visitor.post(_url(world), proposal_data(email="Sama@Example.org")).status_code == 302
    response = visitor.post(_url(world), proposal_data(email="sama@example.org"), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    ratelimit.clear("proposal-email", "sama@example.org")


def test_accepting_plans_a_community_initiated_activity_with_the_proposal_as_evidence(client, world):
    proposal, staff = world["proposal"], world["users"]["bureau_staff"]
    client.force_login(staff)
    mail.outbox.clear()
    url = reverse("proposal_accept", args=["32.73", proposal.pk])
    data = {"title": "Pertukaran budaya angklung", "kind": "exchange", "date": "03/2099", "publish": "on"}
    response = client.post(url, {**data, "date": "15/03/2027"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    activity = Activity.objects.get(pk=proposal.activity_id)
    assert proposal.status == Proposal.Status.ACCEPTED
    assert (activity.cooperation, activity.title, activity.kind, str(activity.date)) == (
        world["coop"],
        "Pertukaran budaya angklung",
        "exchange",
        "2027-03-15",
    )
    assert (activity.initiated_by, activity.community_in_planning, activity.participants) == (
        "community",
        True,
        ["community"],
    )
    assert activity.initiated_by_label == "masyarakat (daerah kita)"
    # The proposal is cited in Indonesian, its day written in full ("7 Desember 2026", not "07/12/2026").
    assert re.search(rf"disetujui pada \d{{1,2}} ({MONTHS}) \d{{4}}$", activity.source.cite), activity.source.cite
    # For the balance of initiative the community's proposal is the region's.
    from django.utils import timezone

    from kembar.evaluation.selectors import gather_facts

    far = timezone.localdate().replace(year=2030)
    for stored in (True, False):  # the stored facts and the records say the same
        facts = gather_facts([world["coop"]], as_of=far, stored=stored)[world["coop"].pk]
        assert facts.initiated["region"] == 1 and facts.initiated["unknown"] == 0
    assert activity.field == "Kebudayaan" and activity.public
    source = Source.objects.get(pk=activity.source_id)
    assert proposal.number in source.cite
    assert mail.outbox[-1].to == ["siti@example.org"] and "disetujui" in mail.outbox[-1].subject
    # The activity is on the public page; the proposer's page links to it.
    client.logout()
    page = client.get(reverse("public_cooperation", args=["32.73", world["coop"].ref])).content.decode()
    assert "Pertukaran budaya angklung" in page
    status = client.get(reverse("proposal_status", args=[world["secret"]])).content.decode()
    assert "disetujui" in status and reverse("public_cooperation", args=["32.73", world["coop"].ref]) in status
    # The evaluation's community indicator counts it, with the activity (citing the proposal) as its evidence.
    from kembar.evaluation.selectors import evaluation_get

    ev = evaluation_get(region=world["region"], cooperation=world["coop"], as_of=dt.date(2027, 12, 31))
    planning = next(i for i in ev.element("community").indicators if i.id == "planning_with_community")
    assert planning.value == 1
    assert ("activity", activity.pk) in [(e.type, e.id) for e in planning.evidence]


def test_declining_needs_a_reason_the_proposer_reads(client, world):
    proposal, staff = world["proposal"], world["users"]["bureau_staff"]
    client.force_login(staff)
    url = reverse("proposal_decline", args=["32.73", proposal.pk])
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert client.post(url, {"reason": "Bidang ini sudah penuh tahun ini."}).status_code == 302
    assert mail.outbox[-1].to == ["siti@example.org"] and "Bidang ini sudah penuh" in mail.outbox[-1].body
    # A decided proposal moves no more.
    assert client.post(reverse("proposal_review", args=["32.73", proposal.pk])).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED
    client.logout()
    client.cookies["django_language"] = "id"
    page = client.get(reverse("proposal_status", args=[world["secret"]])).content.decode()
    assert "ditolak" in page and "Bidang ini sudah penuh tahun ini." in page


def test_a_decided_proposal_refuses_accept_and_decline_with_a_message(client, world):
    """Two of the bureau act on one proposal: the second one's form, sent from the page before, is told why."""
    proposal, staff = world["proposal"], world["users"]["bureau_staff"]
    client.force_login(staff)
    client.cookies["django_language"] = "id"
    assert (
        client.post(reverse("proposal_decline", args=["32.73", proposal.pk]), {"reason": "Penuh."}).status_code == 302
    )
    said = "Usulan ini tidak dapat lagi dipindahkan ke status tersebut."
    for name, data in (
        ("proposal_decline", {"reason": "Lagi."}),
        ("proposal_accept", {"title": "X", "kind": "exchange"}),
    ):
        page = client.post(reverse(name, args=["32.73", proposal.pk]), data, follow=True).content.decode()
        assert said in page
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason, proposal.activity_id) == (Proposal.Status.DECLINED, "Penuh.", None)


def test_the_proposer_downloads_and_erases_their_data(client, world):
    secret, proposal = world["secret"], world["proposal"]
    data = json.loads(client.get(reverse("proposal_data", args=[secret])).content)
    assert (data["name"], data["email"], data["consent_version"]) == ("Siti Rahma", "siti@example.org", "2026-12-pdp-1")
    assert data["consent_text"]
    assert client.post(reverse("proposal_erase", args=[secret])).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.name, proposal.email, proposal.organisation) == ("", "", "")
    assert proposal.erased_at and proposal.offer == "Kelompok angklung kami bisa tampil dan mengajar."
    # No copy in the history, in the download or on the bureau's page.
    history = json.dumps(list(proposal.history.values()), default=str)
    assert "Siti" not in history and "siti@example.org" not in history
    assert "siti@example.org" not in client.get(reverse("proposal_data", args=[secret])).content.decode()
    client.force_login(world["users"]["bureau_staff"])
    page = client.get(reverse("proposal_detail", args=["32.73", proposal.pk])).content.decode()
    assert "Siti" not in page and "siti@example.org" not in page and "Kelompok angklung" in page
    # Nothing is written to an erased proposer.
    mail.outbox.clear()
    services.proposal_review(proposal=proposal, by=world["users"]["bureau_staff"])
    assert mail.outbox == []


def test_no_private_field_of_a_proposer_on_a_public_page(client, world):
    """The portal's pages and the proposer's own status page never show a name, an email or an organisation."""
    _org, secret = submit(
        world["coop"], proposer="organisation", organisation="Yayasan Rahasia", name="Budi Tersembunyi"
    )
    services.proposal_accept(
        proposal=world["proposal"], by=world["users"]["bureau_staff"], title="Angklung", kind="exchange"
    )
    code, ref = "32.73", world["coop"].ref
    urls = [
        reverse("public_directory"),
        reverse("public_region", args=[code]),
        reverse("public_cooperation", args=[code, ref]),
        reverse("proposal_create", args=[code, ref]),
        reverse("proposal_status", args=[secret]),
        reverse("proposal_status", args=[world["secret"]]),
    ]
    for url in urls:
        page = client.get(url).content.decode()
        for private in ("Siti Rahma", "siti@example.org", "Yayasan Rahasia", "Budi Tersembunyi"):
            assert private not in page, (url, private)


def test_the_public_pages_invite_proposals(client, world):
    code, ref = "32.73", world["coop"].ref
    assert (
        reverse("proposal_create", args=[code, ref])
        in client.get(reverse("public_cooperation", args=[code, ref])).content.decode()
    )
    assert (
        reverse("proposal_new_partner", args=[code])
        in client.get(reverse("public_region", args=[code])).content.decode()
    )


def test_a_new_partner_city_is_proposed_on_the_region_page_and_accepted_as_an_idea(client, world):
    url = reverse("proposal_new_partner", args=["32.73"])
    assert client.post(url, proposal_data(field="")).status_code == 200  # the city is asked for
    assert client.post(url, proposal_data(partner_city="Kota Kyoto", field="")).status_code == 302
    proposal = Proposal.objects.get(partner_city="Kota Kyoto")
    assert proposal.cooperation is None
    services.proposal_verify(proposal=proposal, signed=services._verify.sign(str(proposal.pk)))
    client.force_login(world["users"]["bureau_admin"])
    before = Activity.objects.count()
    accept = reverse("proposal_accept", args=["32.73", proposal.pk])
    assert client.post(accept, {"title": proposal.title, "kind": "unspecified"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.ACCEPTED
    assert Activity.objects.count() == before


def test_a_refused_accept_or_decline_switches_language_back_to_the_proposal(client, world):
    """Shown at the accept/decline address (POST only, a blank 405 to a GET), the page's language switch leads
    back to the proposal's page."""
    proposal = world["proposal"]
    client.force_login(world["users"]["bureau_staff"])
    back = reverse("proposal_detail", args=["32.73", proposal.pk])
    for name, data in (("proposal_accept", {"title": "", "kind": "exchange"}), ("proposal_decline", {"reason": ""})):
        response = client.post(reverse(name, args=["32.73", proposal.pk]), data)
        html = response.content.decode()
        assert response.status_code == 400, name
        assert set(re.findall(r'<input name="next" type="hidden" value="([^"]*)"', html)) == {back}, name
