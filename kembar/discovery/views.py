"""The region's partner-search profile: read by everyone of the region (and national users), edited by its bureau."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kembar.core.dates import in_words
from kembar.core.forms import apply_errors
from kembar.core.views import region_view

from .forms import ProfileForm
from .models import WORLD_REGIONS, Fact, RegionProfile
from .selectors import profile_get
from .services import profile_save

FACTS = ("population", "coast", "climate", "capital", "problems")


@region_view()
def discovery_profile(request):
    profile = profile_get(region=request.region)
    facts = []
    if profile is not None:
        for name in FACTS:
            field = RegionProfile._meta.get_field(name)
            value = getattr(profile, name)
            display = getattr(profile, f"get_{name}_display")() if field.choices else value
            facts.append(
                {
                    "label": field.verbose_name,
                    "value": display,
                    "number": name == "population",
                    "recorded": not field.choices and name != "population",  # text as the bureau wrote it
                    "as_of": in_words(profile.population_as_of) if name == "population" else "",
                    "source": getattr(profile, f"{name}_source"),
                    "confirmed": profile.fact_state(name) == Fact.CONFIRMED,
                }
            )
    context = {
        "profile": profile,
        "facts": facts,
        "world_regions": [
            WORLD_REGIONS[c] for c in (profile.preferred_world_regions if profile else []) if c in WORLD_REGIONS
        ],
        "history": (
            RegionProfile.history.filter(region=request.region)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:20]
            if profile
            else []
        ),
    }
    return render(request, "discovery/profile.html", context)


@region_view(edit=True)
def discovery_profile_edit(request):
    profile = profile_get(region=request.region)
    form = ProfileForm(request.POST or None, instance=profile, region=request.region)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(region=request.region, by=request.user, **form.profile_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("discovery_profile", code=request.region.code)
    return render(
        request, "discovery/profile_edit.html", {"form": form, "profile": profile}, status=400 if form.errors else 200
    )
