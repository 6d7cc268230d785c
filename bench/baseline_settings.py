"""Settings for the benchmark's baseline: the project's settings and middleware, one minimal async view."""

from balanse.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
