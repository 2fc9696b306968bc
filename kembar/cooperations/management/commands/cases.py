"""`kembar cases import|export|list`: case files (format 1, docs/case-file.md) from the command line."""

import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kembar.cooperations.casefile import CaseFileError, export, import_files
from kembar.cooperations.commands import cooperation_by_ref, region_or_none
from kembar.cooperations.selectors import cooperation_list_national


class Command(BaseCommand):
    help = "Import, export and list cooperation case files (YAML, format 1)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,export,list}")
        imp = sub.add_parser("import", help="Check case files and import them all, or none if any has an error.")
        imp.add_argument("files", nargs="+", metavar="FILE")
        exp = sub.add_parser("export", help="Write one cooperation as a case file.")
        exp.add_argument("ref", metavar="REF", help="the case id")
        exp.add_argument("--region", metavar="CODE", help="Kemendagri code; needed when the id is in several regions")
        exp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
        lst = sub.add_parser("list", help="List cooperations of every region, or of one.")
        lst.add_argument("--region", metavar="CODE")
        lst.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_import(self, *, files, **options):
        try:
            cooperations = import_files(files)
        except CaseFileError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)s problem(s) found; nothing was imported.") % {"count": len(exc.messages)}
            ) from exc
        for coop in cooperations:
            self.stdout.write(f"imported {coop.region.code}/{coop.ref}: {coop.title}")

    def handle_export(self, *, ref, region=None, out=None, **options):
        coop = cooperation_by_ref(ref, region)
        text = export(coop)
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stdout.write(f"exported {coop.region.code}/{ref} to {out}")
        else:
            self.stdout.write(text, ending="")

    def handle_list(self, *, region=None, as_json=False, **options):
        from kembar.evaluation.selectors import lifecycle_many

        coops = list(cooperation_list_national(region=region_or_none(region)))
        states = lifecycle_many(coops)  # the status every page shows: derived today, a recorded one winning
        rows = [
            {
                "region": c.region.code,
                "id": c.ref,
                "title": c.title,
                "partner": c.partner.name,
                "country": c.partner.country_id,
                "type": c.type,
                "form": c.form,
                "status": states[c.pk].code,
                "derived": states[c.pk].derived,
                "recorded": states[c.pk].recorded or None,
            }
            for c in coops
        ]
        if as_json:
            self.stdout.write(jsonlib.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write("{region}/{id}\t{type}\t{form}\t{status}\t{partner} ({country})\t{title}".format(**row))
