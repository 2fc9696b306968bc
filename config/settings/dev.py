"""The embedded default: `make demo` on a laptop."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("KEMBAR_DEBUG", True)
