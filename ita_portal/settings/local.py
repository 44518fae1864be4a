"""One machine, production-like (DEBUG off), plain HTTP on loopback: what `make run` uses.

The secret key is generated once into the var/ folder when SECRET_KEY is not set.
"""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_str

# E-mails (the `remind` command) are printed on the console unless a backend is named.
EMAIL_BACKEND = env_str("ITA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

if not SECRET_KEY:  # noqa: F405
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
