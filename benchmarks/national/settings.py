"""Production settings plus the benchmark's URLconf (which adds the bare floor view). Benchmark only."""

from config.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.national.urls"
# The load test logs in through a session cookie made in advance; nothing here triggers axes.

# benchmarks/api.py loads the API from 64 tokens at hundreds of requests a second: the limits stay counted (the
# row per token and window is written on every request, as in production) but never refuse.
KEMBAR_API_RATE = (10**9, 60)
KEMBAR_API_TOKEN_RATE = (10**9, 60)
