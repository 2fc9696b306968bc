"""The search page: what the box in the header finds in the user's regions (every region for national roles)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kembar.accounts.access import is_national, user_regions
from kembar.cooperations.models import Cooperation
from kembar.regions.models import Region

from . import index, selectors
from .highlight import marked, matches

#: Each kind's name in the address and its heading, in the order the page shows them.
KINDS = {
    index.COOPERATION: ("cooperations", _("Cooperations")),
    index.PARTNER: ("partners", _("Foreign partners")),
    index.DOCUMENT: ("documents", _("Documents")),
    index.ACTIVITY: ("activities", _("Activities")),
    index.OBLIGATION: ("obligations", _("Obligations")),
    index.FINDING: ("findings", _("Findings")),
}
BY_SLUG = {slug: kind for kind, (slug, _label) in KINDS.items()}
#: Results of each kind on the page of all kinds, and on a page of one kind.
FIRST, PER_PAGE = 5, 20
#: The last page of one kind a user can ask for (deeper, a narrower query finds it sooner).
MAX_PAGE = 50
SNIPPET = 220


def _scope(user) -> list[int] | None:
    """The regions the user's search covers: None (all) for national roles."""
    if is_national(user):
        return None
    return [r.pk for r in user_regions(user)]


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _url(hit, region_code: str, refs: dict) -> str | None:
    if hit.kind == index.PARTNER:
        return reverse("partner_list", args=[region_code])
    if hit.kind == index.ACTIVITY:
        return reverse("activity_detail", args=[region_code, hit.record_id])
    if hit.kind == index.DOCUMENT:
        return reverse("document_detail", args=[region_code, hit.record_id])
    ref = refs.get(hit.cooperation_id)
    if ref is None:
        return None
    url = reverse("cooperation_detail", args=[region_code, ref])
    return url + {index.OBLIGATION: "#h-obl", index.FINDING: "#h-find"}.get(hit.kind, "")


def _shown(hits: list, words) -> list[dict]:
    """What the page shows of each hit: its link, region and the text with the words marked."""
    regions = {
        r["pk"]: r for r in Region.objects.filter(pk__in={h.region_id for h in hits}).values("pk", "code", "name")
    }
    coop_ids = {
        h.cooperation_id
        for h in hits
        if h.cooperation_id and h.kind in (index.OBLIGATION, index.FINDING, index.COOPERATION)
    }
    refs = dict(Cooperation.objects.filter(pk__in=coop_ids).values_list("pk", "ref")) if coop_ids else {}
    out = []
    for hit in hits:
        region = regions[hit.region_id]
        body = hit.text.split("\n", 1)[1] if "\n" in hit.text else ""
        out.append(
            {
                "url": _url(hit, region["code"], refs),
                "region": region["name"],
                "title": marked(hit.title, words),
                # The text around a match outside the title (or the text's beginning, when the title matched).
                "snippet": marked(body, words, length=SNIPPET) if body and matches(body, words) else [],
            }
        )
    return out


@login_required
def search(request):
    query = selectors.parse(request.GET.get("q", ""))
    region_ids = _scope(request.user)
    kind = BY_SLUG.get(request.GET.get("kind", ""))
    groups, page = [], _page_number(request.GET.get("page"))
    kinds = [kind] if kind else list(KINDS)
    shown = PER_PAGE if kind else FIRST
    offset = (page - 1) * PER_PAGE if kind else 0
    for k in kinds:
        hits = selectors.search(query=query, region_ids=region_ids, kind=k, offset=offset, limit=shown + 1)
        if hits or kind:
            slug, label = KINDS[k]
            groups.append(
                {"slug": slug, "label": label, "hits": _shown(hits[:shown], query.words), "more": len(hits) > shown}
            )
    context = {
        "query": query,
        "groups": groups,
        "kind": KINDS[kind][0] if kind else "",
        "page": page,
        "start": offset + 1,
        "found": any(g["hits"] for g in groups),
        "national": region_ids is None,
        "many_regions": region_ids is None or len(region_ids) > 1,
        "max_length": selectors.MAX_LENGTH,
        "last_page": page >= MAX_PAGE,
    }
    return render(request, "search/results.html", context)
