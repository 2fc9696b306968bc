"""`kembar catalogue search|pdf|demo|reindex`: the catalogue from the command line (scripts and checks).

kembar catalogue search "QUERY" --region 32.73 [--lang id|en|ko|ja] [--json]
kembar catalogue pdf EDITION --region 32.73 --out FILE.pdf
kembar catalogue demo --region 32.73 --products N
kembar catalogue reindex [--region 32.73]
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

#: The most sample products one `demo` adds (a benchmark's 100,000 is the largest size measured).
DEMO_MAX = 200_000


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for ms in exc.message_dict.values() for m in ms)
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Search the SME catalogue, write an edition's print PDF, or add sample products."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{search,pdf,demo,reindex}")
        s = sub.add_parser("search", help="Products of a region matching every word, in any of the four languages.")
        s.add_argument("query")
        s.add_argument("--region", required=True, metavar="CODE", help="Kemendagri code, e.g. 32.73")
        s.add_argument("--lang", choices=["id", "en", "ko", "ja"], default="")
        s.add_argument("--limit", type=int, default=20)
        s.add_argument("--json", action="store_true", dest="as_json")
        p = sub.add_parser("pdf", help="Write a published edition's print PDF.")
        p.add_argument("edition", type=int, metavar="EDITION", help="the edition's number")
        p.add_argument("--region", required=True, metavar="CODE")
        p.add_argument("--out", required=True, metavar="FILE")
        d = sub.add_parser("demo", help="Add N clearly marked sample products (all or nothing).")
        d.add_argument("--region", required=True, metavar="CODE")
        d.add_argument("--products", required=True, type=int, metavar="N")
        r = sub.add_parser("reindex", help="Write the search entries again from the products and editions.")
        r.add_argument("--region", metavar="CODE")

    def _region(self, code):
        from kembar.regions.models import Region

        try:
            return Region.objects.get(code=code)
        except Region.DoesNotExist:
            raise CommandError(_("No region with code %(code)s.") % {"code": code}) from None

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _search(self, *, query, region, lang, limit, as_json, **_options):
        from kembar.catalogue import index, search

        reg = self._region(region)
        q = search.parse(query, lang)
        if q.problem == "too_long":
            raise CommandError(_("The search text is too long (at most %(n)s characters).") % {"n": search.MAX_LENGTH})
        if q.empty:
            raise CommandError(_("Give at least one word to search for."))
        limit = max(1, min(limit, 1000))
        result = search.search(region_id=reg.pk, kind=index.PRODUCT, query=q, limit=limit, facets=False)
        rows = [
            {
                "id": h.product_id,
                "sme": h.sme_name,
                "category": h.category,
                "names": h.names,
                "status": h.statuses,
                "score": h.score,
                "sample": h.is_sample,
            }
            for h in result.hits
        ]
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"total": result.total, "more": result.capped, "products": rows}, ensure_ascii=False, indent=2
                )
            )
            return
        for row in rows:
            names = " · ".join(n for n in row["names"].values() if n)
            self.stdout.write(f"{row['id']}\t{row['score']:.3f}\t{row['category']}\t{row['sme']}\t{names}")
        self.stdout.write(_("%(n)s found.") % {"n": result.total})

    def _pdf(self, *, edition, region, out, **_options):
        from kembar.catalogue import selectors, services
        from kembar.catalogue.models import Edition, EditionPdf

        reg = self._region(region)
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(_("The folder %(dir)s does not exist.") % {"dir": target.parent})
        try:
            ed = selectors.published_edition(region=reg, number=edition)
        except Edition.DoesNotExist:
            raise CommandError(_("No published edition %(n)s in this region.") % {"n": edition}) from None
        pdf = services.pdf_request(edition=ed, by=None, enqueue=False)
        pdf = services.pdf_run(pdf=pdf)
        if pdf.status != EditionPdf.Status.DONE:
            raise CommandError(pdf.message)
        with pdf.file.open("rb") as src:
            target.write_bytes(src.read())
        self.stdout.write(
            _("Wrote %(out)s (%(pages)s pages, %(size)s bytes, %(seconds)s s, SHA-256 %(sha)s).")
            % {"out": target, "pages": pdf.pages, "size": pdf.size, "seconds": pdf.seconds, "sha": pdf.sha256}
        )

    def _demo(self, *, region, products, **_options):
        from django.db import transaction

        from kembar.catalogue import index
        from kembar.smes.demo import demo_products

        reg = self._region(region)
        if not 1 <= products <= DEMO_MAX:
            raise CommandError(_("Give a number of products from 1 to %(n)s.") % {"n": f"{DEMO_MAX:,}"})
        with transaction.atomic():  # all or nothing, the search entries included
            ids = demo_products(reg, products)
            index.write_products(ids)
        self.stdout.write(_("Added %(n)s sample products (marked “contoh”).") % {"n": len(ids)})

    def _reindex(self, *, region, **_options):
        from kembar.catalogue import index

        ids = [self._region(region).pk] if region else None
        self.stdout.write(_("%(n)s search entries written.") % {"n": index.rebuild(region_ids=ids)})
