"""Settings for the test suite: the real ones, with what tests need changed.

pytest.ini names this module. Processes that tests start (a second server, a
deploy check) run on `cluster_cms.settings` itself, as production does.
"""

from .settings import *  # noqa: F403
from .settings import STORAGES

# Sign-in tests hash many passwords; the production hasher is slow on purpose.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One in-process cache, emptied before each test (tests/conftest.py). Tests that
# need a shared or broken cache set their own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    },
}

# Tests run without collectstatic, so static URLs are not looked up in a manifest;
# tests/test_serving.py collects for real where the hashed names are the point.
STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}

# Tests run in a transaction that is never committed, so the page cache would never
# hear of their writes; tests/caching/test_page_cache.py turns it on and commits.
CLUSTER_PAGE_CACHE_SECONDS = 0
# Query counts include the version's read at every request (tests that time
# the version's reuse set it themselves).
CLUSTER_SITE_VERSION_SECONDS = 0

# django-axes refuses `client.login()`, which passes no request; the lockout tests
# (tests/test_security.py) turn it on.
AXES_ENABLED = False
