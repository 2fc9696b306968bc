"""Tests: the same settings as production in shape; fast hashing, files in a temp dir."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# KEMBAR_TEST_MEDIA_ROOT: a worker process started by a test reads the files that test saved.
MEDIA_ROOT = Path(os.environ.get("KEMBAR_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="kembar-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
# Each test process its own cache (emptied before each test, conftest.py): a file cache would be shared by
# processes whose databases number their regions alike.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The task workers' tables (django-tasks-db), so a test can run a real `kembar db_worker` on its database
# (kembar/imports/tests/test_worker_killed.py); KEMBAR_TASKS_BACKEND=django_tasks_db… already adds the app.
if "django_tasks_db" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("django_tasks_db")  # noqa: F405
