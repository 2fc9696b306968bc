from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language (cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials' browsers
    are set to English; the issue asks for Indonesian by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class PrivatePagesMiddleware:
    """Pages and files shown to a logged-in user are kept by no one on the way and by no browser cache:
    `Cache-Control: private, no-store` (a shared computer's back button, a proxy's cache). A response that
    says otherwise itself (the world map's immutable shapes) keeps its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response
