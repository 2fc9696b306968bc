"""The demo's partner search on the portal: Kota Bandung publishes that it seeks partners, and two invented
institutions abroad have expressed interest (emails not sent, both confirmed), so the bureau's ranked list and
the national matrix have something to show. Safe to run again."""

from django.test import override_settings

from kembar.accounts.models import User
from kembar.discovery.models import Place
from kembar.regions.models import Region

from . import services
from .models import Interest

#: (GeoNames id, institution, kind, language, fields, message) — invented senders, marked as examples.
INTERESTS = (
    (
        1856057,  # Nagoya
        "Contoh: Nagoya City International Exchange Division",
        "city",
        "ja",
        ["Pendidikan", "Ekonomi kreatif"],
        "Contoh (demo): we would like to exchange teachers and design students with Bandung.",
    ),
    (
        1835848,  # Seoul
        "Contoh: Hongik University Design Faculty",
        "university",
        "ko",
        ["Ekonomi kreatif"],
        "Contoh (demo): we propose joint exhibitions of student designers in Hongdae and Bandung.",
    ),
)


def demo_seeking(*, region: Region) -> None:
    """Bandung seeks partners on the portal (when it has a partner-search profile), with two confirmed
    interests from the invented senders above."""
    from kembar.discovery.selectors import profile_get

    if profile_get(region=region) is None:
        return
    admin = User.objects.filter(username="bandung-admin").first()
    services.seeking_set(
        region=region,
        by=admin,
        active=True,
        text="Kota Bandung mencari mitra di bidang pendidikan, ekonomi kreatif dan kota cerdas.",
        text_en="Bandung seeks partners in education, the creative economy and smart cities.",
    )
    if Interest.objects.filter(region=region).exists():
        return
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for geonames_id, institution, kind, language, fields, message in INTERESTS:
            place = Place.objects.filter(geonames_id=geonames_id).first()
            if place is None:
                continue
            interest, _secret = services.interest_submit(
                region=region,
                language=language,
                institution=institution,
                kind=kind,
                country_id=place.country_code,
                city=place.name,
                place=place,
                name="Contoh",
                email=f"contoh.{geonames_id}@example.org",
                fields=fields,
                message=message,
            )
            services.interest_verify(interest=interest, signed=services._verify.sign(str(interest.pk)))
