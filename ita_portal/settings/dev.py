"""Development: Django's runserver with DEBUG on (`make dev`)."""

from .local import *  # noqa: F403

DEBUG = True
