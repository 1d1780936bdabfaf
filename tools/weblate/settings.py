"""Weblate's settings for this project's own Weblate: Weblate's example
settings with everything that says where (data, database, Redis, address)
taken from the environment, so one file serves an administrator's instance
and the integration test's throw-away one on loopback. No service on another
host is configured (machine translation, avatars, fonts): only the repository.

    DJANGO_SETTINGS_MODULE=settings PYTHONPATH=tools/weblate weblate ...

Environment: WEBLATE_DATA_DIR (required), WEBLATE_SECRET_KEY (required),
WEBLATE_SITE_DOMAIN (host:port the site answers on), WEBLATE_DB_HOST,
WEBLATE_DB_PORT, WEBLATE_DB_NAME, WEBLATE_DB_USER, WEBLATE_DB_PASSWORD,
WEBLATE_REDIS (redis://host:port), WEBLATE_HTTPS=1 (behind TLS),
WEBLATE_VCS_FILE_PROTOCOL=1 (repositories given as paths: the test's),
WEBLATE_EAGER=1 (tasks run inside the request instead of a Celery worker: the
test's choice, to spare two cores).
"""

import os

from weblate.settings_example import *  # noqa: F403 (Weblate's documented way to start a settings file)
from weblate.settings_example import CACHES, DATABASES, INSTALLED_APPS, LOGGING, SILENCED_SYSTEM_CHECKS

env = os.environ

DATA_DIR = env["WEBLATE_DATA_DIR"]
CACHE_DIR = os.path.join(DATA_DIR, "cache")
MEDIA_ROOT = os.path.join(DATA_DIR, "media")
STATIC_ROOT = os.path.join(CACHE_DIR, "static")
SECRET_KEY = env["WEBLATE_SECRET_KEY"]

SITE_DOMAIN = env.get("WEBLATE_SITE_DOMAIN", "127.0.0.1:8080")
# Behind an administrator's TLS proxy: WEBLATE_HTTPS=1. The test's instance
# answers plain HTTP on loopback, where WebAuthn's "secure origin" check
# (for passkeys, which nobody uses there) cannot hold.
ENABLE_HTTPS = env.get("WEBLATE_HTTPS") == "1"
SITE_URL = f"{'https' if ENABLE_HTTPS else 'http'}://{SITE_DOMAIN}"
if not ENABLE_HTTPS:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "otp_webauthn.E031"]
ALLOWED_HOSTS = [SITE_DOMAIN.rsplit(":", 1)[0]]
OTP_WEBAUTHN_RP_ID = SITE_DOMAIN.split(":", 1)[0]
OTP_WEBAUTHN_ALLOWED_ORIGINS = [SITE_URL]
DEBUG = False
REGISTRATION_OPEN = False  # accounts are made by the administrator

DATABASES["default"].update(
    HOST=env.get("WEBLATE_DB_HOST", "127.0.0.1"),
    PORT=env.get("WEBLATE_DB_PORT", "5432"),
    NAME=env.get("WEBLATE_DB_NAME", "weblate"),
    USER=env.get("WEBLATE_DB_USER", "weblate"),
    PASSWORD=env.get("WEBLATE_DB_PASSWORD", ""),
)
REDIS = env.get("WEBLATE_REDIS", "redis://127.0.0.1:6379")
CACHES["default"]["LOCATION"] = f"{REDIS}/1"
CACHES["avatar"]["LOCATION"] = os.path.join(CACHE_DIR, "avatar")
CELERY_BROKER_URL = f"{REDIS}/0"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = env.get("WEBLATE_EAGER") == "1"
CELERY_TASK_EAGER_PROPAGATES = CELERY_TASK_ALWAYS_EAGER

# Discovered components get the main component's file format parameters
# (one line per string, as update-po writes): see papersite_weblate/apps.py.
INSTALLED_APPS = [*INSTALLED_APPS, "papersite_weblate.apps.PapersiteWeblateConfig"]

# Repositories named by a path (the test's remote on disk): off unless asked,
# since with it anyone who may add a component could read the host's repositories.
VCS_FILE_PROTOCOL = env.get("WEBLATE_VCS_FILE_PROTOCOL") == "1"
# Git only (the project's repository), and machine translation from this
# Weblate's own memory only: no translation service on another host.
VCS_BACKENDS = ("weblate.vcs.git.GitRepository", "weblate.vcs.git.LocalRepository")
# The terminology lists are locale/<lang>/glossary.md, in git: no second
# glossary in Weblate that translators would fill and nobody would read.
CREATE_GLOSSARIES = False
WEBLATE_MACHINERY = ("weblate.machinery.weblatetm.WeblateTranslation", "weblate.memory.machine.WeblateMemory")
# No avatars, fonts or anything else fetched from other hosts.
ENABLE_AVATARS = False
FONTS_CDN_URL = None
# Warnings and errors only, on the console.
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
for logger in LOGGING.get("loggers", {}).values():
    logger["level"] = "WARNING"
    logger["handlers"] = ["console"]
