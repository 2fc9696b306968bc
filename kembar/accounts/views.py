from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
