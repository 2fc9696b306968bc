"""The demo's community proposals: one of each status for Bandung–Liuzhou (`kembar demo`, safe to run again),
and a few sign-ups for the activity the accepted one became. The people are made up; their addresses are
example.org ones."""

from django.test import override_settings

from . import services, signups
from .models import Proposal

#: (status, proposer, kind, organisation, name, title, offer, need, field)
PROPOSALS = [
    (
        "unverified",
        "person",
        "citizen",
        "",
        "Rina Demo",
        "Tur kuliner Bandung di Liuzhou",
        "Resep dan juru masak dari komunitas kuliner kami.",
        "Dapur dan tempat acara di Liuzhou.",
        "",
    ),
    (
        "received",
        "organisation",
        "school",
        "SMA Contoh Bandung",
        "Dedi Demo",
        "Pertukaran pelajar SMA",
        "Sepuluh pelajar dan dua guru pendamping untuk dua minggu.",
        "Sekolah mitra di Liuzhou dan keluarga angkat.",
        "",
    ),
    (
        "review",
        "organisation",
        "university",
        "Universitas Contoh",
        "Prof. Sari Demo",
        "Riset bersama pengelolaan sungai kota",
        "Peneliti dan laboratorium kualitas air.",
        "Data sungai Liujiang dan mitra peneliti.",
        "",
    ),
    (
        "accepted",
        "organisation",
        "business",
        "Koperasi UMKM Contoh",
        "Budi Demo",
        "Temu bisnis UMKM kerajinan",
        "Dua puluh pelaku UMKM kerajinan bambu dan tekstil.",
        "Ruang pameran dan pembeli dari Liuzhou.",
        "",
    ),
    (
        "declined",
        "person",
        "citizen",
        "",
        "Andi Demo",
        "Festival kembang api bersama",
        "Relawan untuk acara malam tahun baru.",
        "Anggaran kembang api.",
        "",
    ),
]


def demo_proposals(*, region, by) -> int:
    """Add the demo's proposals to Bandung–Liuzhou if it has none yet; how many were added."""
    from kembar.cooperations.models import Cooperation

    coop = Cooperation.objects.filter(region=region, ref="bandung-liuzhou", published=True).first()
    if coop is None or Proposal.all_objects.filter(cooperation=coop).exists():
        return 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for status, proposer, kind, org, name, title, offer, need, field in PROPOSALS:
            email = name.split()[-2].lower().rstrip(".") + "@example.org"
            p, _secret = services.proposal_submit(
                region=region,
                cooperation=coop,
                proposer=proposer,
                kind=kind,
                organisation=org,
                name=name,
                email=email,
                title=title,
                offer=offer,
                need=need,
                field=field or next(iter(coop.fields or []), ""),
                when=None,
            )
            if status == "unverified":
                continue
            services.proposal_verify(proposal=p, signed=services._verify.sign(str(p.pk)))
            if status == "review":
                services.proposal_review(proposal=p, by=by)
            elif status == "accepted":
                services.proposal_accept(proposal=p, by=by, title=title, kind="business_matching", date="2027-05")
                demo_signups(activity=p.activity, by=by)
            elif status == "declined":
                services.proposal_decline(
                    proposal=p,
                    by=by,
                    reason="Kegiatan dengan kembang api tidak termasuk bidang kerja sama dalam MoU Bandung–Liuzhou.",
                )
    return len(PROPOSALS)


#: (name, organisation) of the people signed up for the accepted proposal's activity: 4 places, one waits,
#: one cancels.
SIGNUPS = [
    ("Lina Demo", "Koperasi UMKM Contoh"),
    ("Yusuf Demo", ""),
    ("Maya Demo", "Sanggar Bambu Contoh"),
    ("Agus Demo", ""),
    ("Dewi Demo", "Tenun Contoh"),
    ("Hadi Demo", ""),
]


def demo_signups(*, activity, by) -> None:
    """A few sign-ups (emails not sent) for `activity`: 4 places taken, one person cancelled, one waiting."""
    if activity is None:
        return
    signups.capacity_set(activity=activity, capacity=4, by=by)
    made = []
    for name, org in SIGNUPS:
        email = name.split()[0].lower() + ".peserta@example.org"
        made.append(signups.signup_create(activity=activity, name=name, email=email, organisation=org)[0])
    signups.signup_cancel(signup=made[1])
