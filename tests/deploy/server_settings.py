"""Settings of the app processes that test_two_servers.py starts.

Production-like (DEBUG off, every value from the environment as on a real app server, each
process with its own local-memory page cache), except for what a test run cannot have:
static files are not collected, and the test's users have fast password hashes.
"""

from ita_portal.settings.base import *  # noqa: F403
from ita_portal.settings.env import env_str

SECRET_KEY = env_str("SECRET_KEY")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
