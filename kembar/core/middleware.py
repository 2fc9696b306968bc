from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


def request_language(request) -> str:
    """The language of the request's pages: the one chosen with the switcher (its cookie), else Indonesian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language (cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials' browsers
    are set to English; the issue asks for Indonesian by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # A public response (the portal: its language is in its address, kembar/public/http.py) says itself what
        # it varies on; `Vary: Cookie` would make a shared cache keep one copy per visitor.
        if "public" not in response.headers.get("Cache-Control", ""):
            response.headers.setdefault("Vary", "Cookie")
        return response


class PrivatePagesMiddleware:
    """Pages and files shown to a logged-in user are kept by no one on the way and by no browser cache:
    `Cache-Control: private, no-store` (a shared computer's back button, a proxy's cache). A response that
    says otherwise itself (the world map's immutable shapes, the "briefly unavailable" page) keeps its own, and
    then the user is not looked up: while the database is down that would fail again (kembar.core.errors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "Cache-Control" not in response.headers and user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
