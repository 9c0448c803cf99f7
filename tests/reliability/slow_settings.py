"""Test settings plus one view that sleeps in PostgreSQL (to meet statement_timeout)."""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.reliability.slow_urls"
