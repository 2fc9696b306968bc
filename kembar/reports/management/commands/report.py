"""`kembar report annual --region CODE --year YYYY --format pdf|xlsx --out FILE`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Generate a report of a region (docs/adr/0013-reports.md); it is also kept in the region's reports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{annual}")
        annual = sub.add_parser("annual", help="The annual report on KSDPL and KSDLL to Kemendagri.")
        annual.add_argument("--region", required=True, metavar="CODE", help="Kemendagri code, e.g. 32.73")
        annual.add_argument("--year", required=True, type=int, metavar="YYYY")
        annual.add_argument("--format", required=True, choices=["pdf", "xlsx"])
        annual.add_argument("--out", required=True, metavar="FILE")

    def handle(self, *args, action, region, year, format, out, **options):
        from kembar.regions.models import Region
        from kembar.reports.models import GeneratedReport
        from kembar.reports.services import report_request, report_run

        try:
            reg = Region.objects.get(code=region)
        except Region.DoesNotExist:
            raise CommandError(_("No region with code %(code)s.") % {"code": region}) from None
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(_("The folder %(dir)s does not exist.") % {"dir": target.parent})
        try:
            report = report_request(region=reg, by=None, year=year, format=format, message="CLI", enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from None
        report = report_run(report=report)
        if report.status != GeneratedReport.Status.DONE:
            raise CommandError(report.message)
        with report.file.open("rb") as src:
            target.write_bytes(src.read())
        self.stdout.write(
            _("Wrote %(out)s (%(size)s bytes, SHA-256 %(sha)s).")
            % {"out": target, "size": report.size, "sha": report.sha256}
        )
