"""Tests: the same settings as production in shape; fast hashing, files in a temp dir."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kembar-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False
# Each test process its own cache (emptied before each test, conftest.py): a file cache would be shared by
# processes whose databases number their regions alike.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
