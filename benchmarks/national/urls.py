"""The app's URLs plus two floors the load test compares with: `/bench/bare/`, the cheapest Django view,
and `/bench/bare-auth/`, the cheapest view that knows who is logged in (session and user read)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


@login_required
def bare_auth(request):
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare-auth/", bare_auth, name="bench_bare_auth"),
    path("", include("config.urls")),
]
