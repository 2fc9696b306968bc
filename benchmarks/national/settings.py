"""Production settings plus the benchmark's URLconf (which adds the bare floor view). Benchmark only."""

from config.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.national.urls"
# The load test logs in through a session cookie made in advance; nothing here triggers axes.
