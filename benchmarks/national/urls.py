"""The app's URLs plus the floors the load tests compare with: `/bench/bare/`, the cheapest Django view,
`/bench/bare-auth/`, the cheapest view that knows who is logged in (session and user read), and three bare
django-ninja endpoints (benchmarks/api.py): `/bench/api/bare` with no authentication, `/bench/api-wrapped/bare`
with the API's wrapper of every operation (language, rate limit by address, ETag) and `/bench/api/bare-token`
with the API's own token authentication (the token looked up, its user's regions read, its rate limit
counted) — each answering a two-key object."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from kembar.api.api import TokenAuth, around

bench_api = NinjaAPI(title="bench", urls_namespace="bench_api", docs_url=None, openapi_url=None)
#: The same bare endpoint wrapped as Kembar's API wraps every operation (language, the rate limit by address,
#: ETag and caching headers): what an anonymous request costs before any work of its own.
bench_api_wrapped = NinjaAPI(title="bench-wrapped", urls_namespace="bench_api_wrapped", docs_url=None, openapi_url=None)
bench_api_wrapped.add_decorator(around, mode="view")


@bench_api_wrapped.get("/bare")
def api_bare_wrapped(request):
    return {"ok": True, "user": None}


@bench_api.get("/bare")
def api_bare(request):
    return {"ok": True, "user": None}


@bench_api.get("/bare-token", auth=TokenAuth())
def api_bare_token(request):
    return {"ok": True, "user": request.user.pk}


def bare(request):
    return HttpResponse("ok")


@login_required
def bare_auth(request):
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare-auth/", bare_auth, name="bench_bare_auth"),
    path("bench/api/", bench_api.urls),
    path("bench/api-wrapped/", bench_api_wrapped.urls),
    path("", include("config.urls")),
]
