from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from kembar.core.views import national_only
from kembar.regions.models import Region

from .access import is_national, region_access, user_regions


@login_required
def home(request):
    regions = user_regions(request.user)
    if len(regions) == 1 and not is_national(request.user):
        return redirect("cooperation_list", code=regions[0].code)
    if not regions and is_national(request.user):
        return redirect("national")
    return render(request, "core/home.html")


@login_required
def region_switch(request):
    code = request.GET.get("code", "")
    region_access(request.user, code)  # 404 unless the user may see it
    return redirect("cooperation_list", code=code)


@login_required
@national_only
def national(request):
    """Every region with its count of cooperations, for national overseers (read-only)."""
    q = request.GET.get("q", "").strip()
    from kembar.cooperations.models import Cooperation

    counts = dict(Cooperation.objects.values_list("region_id").annotate(n=Count("pk")).order_by())
    regions = Region.objects.select_related("parent").order_by("code")
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q))
    rows = [(r, counts.get(r.pk, 0)) for r in regions]
    if request.GET.get("active"):
        rows = [row for row in rows if row[1]]
    return render(request, "core/national.html", {"rows": rows, "q": q, "total": sum(counts.values())})
