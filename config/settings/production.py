"""Production: stateless app servers behind a proxy, PostgreSQL, secrets from the environment.

Secure by default (`kembar check --deploy` prints no warning): HTTPS only (redirect, HSTS for a year with
subdomains and preload), secure cookies, the client's real address behind the proxies named in
KEMBAR_TRUSTED_PROXIES (docs/deploy.md). Each can be loosened through the environment where a deployment
must (a first test over plain HTTP: KEMBAR_SSL_REDIRECT=0 KEMBAR_HSTS_SECONDS=0 KEMBAR_SECURE_COOKIES=0).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import KEMBAR_TASKS_BACKEND, env_bool

DEBUG = False
SECRET_KEY = os.environ["KEMBAR_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KEMBAR_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("KEMBAR_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("KEMBAR_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("KEMBAR_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KEMBAR_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("KEMBAR_HSTS_PRELOAD", True)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("KEMBAR_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Reports and imports run as tasks. The immediate backend runs them inside the request, where gunicorn's
# timeout kills the worker mid-render and leaves the job "running" for good: production needs workers.
# KEMBAR_TASKS_IN_PROCESS=1 allows it on purpose (a one-machine trial, the national benchmark).
if KEMBAR_TASKS_BACKEND.endswith("ImmediateBackend") and not env_bool("KEMBAR_TASKS_IN_PROCESS", False):
    raise ImproperlyConfigured(
        "Production runs tasks on workers: set KEMBAR_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run "
        "`kembar db_worker` (docs/deploy.md), or KEMBAR_TASKS_IN_PROCESS=1 to run them in the web process."
    )
