"""`kembar demo`: reference data, demo users of every role, and the real cases written from the seeds."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from kembar.accounts.models import Membership, Role, User
from kembar.cooperations.casefile import import_files
from kembar.core import files
from kembar.core.reference import reference_data
from kembar.regions.models import Region

CASES_DIR = Path(__file__).resolve().parents[3] / "demo" / "cases"
PASSWORD = "kembar-demo"

#: (username, full name, region code or None, role)
DEMO_USERS = [
    ("bandung-admin", "Admin Biro Bandung", "32.73", Role.BUREAU_ADMIN),
    ("bandung-staf", "Staf Kerja Sama Bandung", "32.73", Role.BUREAU_STAFF),
    ("bandung-pimpinan", "Pimpinan Kota Bandung", "32.73", Role.LEADERSHIP),
    ("bandung-dprd", "Anggota DPRD Kota Bandung", "32.73", Role.DPRD),
    ("bogor-admin", "Admin Biro Bogor", "32.01", Role.BUREAU_ADMIN),
    ("bogor-staf", "Staf Kerja Sama Bogor", "32.01", Role.BUREAU_STAFF),
    ("bogor-pimpinan", "Pimpinan Kabupaten Bogor", "32.01", Role.LEADERSHIP),
    ("bogor-dprd", "Anggota DPRD Kabupaten Bogor", "32.01", Role.DPRD),
    ("bandung-dagang", "Staf Dinas KUMKM dan Perindag Bandung", "32.73", Role.TRADE_STAFF),
    ("bandung-umkm", "Pemilik UMKM Contoh", "32.73", Role.SME_OWNER),
    ("bandung-penerjemah", "Penerjemah Katalog Bandung", "32.73", Role.TRANSLATOR),
    ("kemendagri", "Pengawas Kemendagri", None, Role.NATIONAL_OVERSEER),
    ("kemendagri-admin", "Administrator Nasional", None, Role.NATIONAL_ADMIN),
]


def publish_demo() -> None:
    """Bandung opens its cooperations to the public portal: every one published, with the rule "all activities of
    published cooperations, no documents", and one document (Liuzhou's MoU) published by hand."""
    from kembar.cooperations.models import Cooperation, Document
    from kembar.public import services as public

    bandung = Region.objects.get(code="32.73")
    admin = User.objects.get(username="bandung-admin")
    public.publication_rules_update(region=bandung, by=admin, activities=True, documents=False, evaluation=True)
    for coop in Cooperation.objects.filter(region=bandung):
        public.cooperation_publish(cooperation=coop, by=admin, published=True)
    mou = Document.objects.filter(region=bandung, cooperation__ref="bandung-liuzhou", kind="mou").first()
    if mou is not None:
        public.item_publish(item=mou, by=admin, public=True)


class Command(BaseCommand):
    help = "Load regions, countries, demo users and the demo case files (safe to run again)."

    def handle(self, *args, **options):
        with files.atomic():  # photos and PDFs written on the way go again if any part fails
            reference_data()
            for username, name, code, role in DEMO_USERS:
                first, _, last = name.partition(" ")
                user, created = User.objects.get_or_create(
                    username=username, defaults={"first_name": first, "last_name": last}
                )
                if created:
                    user.set_password(PASSWORD)
                    user.save()
                region = Region.objects.get(code=code) if code else None
                Membership.objects.get_or_create(user=user, region=region, role=role)
            if not User.objects.filter(username="superadmin").exists():
                User.objects.create_superuser("superadmin", password=PASSWORD)
            cases = import_files(sorted(CASES_DIR.glob("*.yaml")))
            publish_demo()
            from kembar.participation.demo import demo_proposals

            demo_proposals(region=Region.objects.get(code="32.73"), by=User.objects.get(username="bandung-staf"))
            from kembar.catalogue.demo import demo_catalogue
            from kembar.discovery.demo import demo_discovery

            demo_catalogue(region=Region.objects.get(code="32.73"))
            demo_discovery(region=Region.objects.get(code="32.73"))
            from kembar.seeking.demo import demo_seeking

            demo_seeking(region=Region.objects.get(code="32.73"))
        # The alerts the daily run would find today, so the demo shows them at once (not after the cron).
        from kembar.alerts.models import Alert
        from kembar.alerts.services import alerts_run

        alerts = alerts_run(as_of=timezone.localdate())
        self.stdout.write(f"Loaded {Region.objects.count()} regions and {len(cases)} demo cases.")
        self.stdout.write(f"Alerts are current as of {alerts['as_of']}: {Alert.objects.count()} in the app.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}) at {settings.KEMBAR_SITE_URL}/login/")
        for username, _name, code, role in DEMO_USERS:
            where = Region.objects.get(code=code).name if code else "all regions"
            self.stdout.write(f"  {username:<18} {Role(role).label} · {where}")
        self.stdout.write(f"  {'superadmin':<18} Django admin at /admin/")
