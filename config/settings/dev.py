"""The embedded default: `make demo` on a laptop.

Django's debug pages (tracebacks, settings, the URL list) are off unless KEMBAR_DEBUG=1 asks for them: a demo
shows the people trying it Kembar's own "not found" and "error" pages. Static files are served from the
source folders by WhiteNoise, so the demo needs no `collectstatic`.
"""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("KEMBAR_DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
