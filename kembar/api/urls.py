from django.urls import path, re_path

from . import views
from .api import api, not_found, problems_outside

urlpatterns = [
    path("api/v1/", problems_outside(api.urls)),
    re_path(r"^api/v1/", not_found),
    path("account/api-tokens/", views.tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
