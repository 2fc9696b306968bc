"""Production: stateless app servers behind a proxy, PostgreSQL, secrets from the environment."""

import os

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ["KEMBAR_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("KEMBAR_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("KEMBAR_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("KEMBAR_HSTS_SECONDS", "0"))
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("KEMBAR_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
