"""Settings for the lighting-cluster CMS.

Every value that differs between a laptop and production comes from the
environment (or a `.env` file beside manage.py); see `.env.example`.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import csp.constants as csp
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import process_figure
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is tolerated only while DEBUG is on; production must bring its
# own so that sessions survive restarts and agree between workers.
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "django-insecure-development-only-key" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it patches
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_prose_editor",
    "imagekit",
    "captcha",
    # django-axes, named in the admin's language.
    "core.apps.LockoutConfig",
    "import_export",
    "django_countries",
    "solo",
    "reversion",
    "reversion_compare",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "background",
    "cluster_cms",
    "core",
    "caching",
    "backup",
    "demo",
    "news",
    "enterprises",
    "contact",
    "pages",
    "search",
    "review",
    "suppliers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cluster_cms.middleware.RequestIDMiddleware",  # django-log-request-id, our rules
    "django.middleware.http.ConditionalGetMiddleware",
    # A cached page is answered here, before the rest of the stack runs: it was
    # stored with the headers that the middleware below it set (CSP, language).
    "caching.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cluster_cms.middleware.LanguageMiddleware",  # Django's LocaleMiddleware, our rules
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cluster_cms.security.FormMediaNonceMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cluster_cms.urls"
WSGI_APPLICATION = "cluster_cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cluster_cms.context_processors.site",
                "pages.context_processors.site_content",
                "caching.context_processors.site_version",
            ],
        },
    },
]
# Lets templates/ override form widget templates (the captcha widget, later).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while a writer commits; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on the timeout instead of failing mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# Every request reads the site's version (one query, caching/page_cache.py), a
# cached page's only query: connections are kept rather than opened per request,
# and checked before reuse, so a database restart costs no request an error.
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# gunicorn's gthread workers never cut a request short, whatever `timeout` says:
# the web server sets CLUSTER_STATEMENT_TIMEOUT (gunicorn.conf.py), and a
# statement that waits longer than that (a table locked, a query gone wrong) is
# cancelled with its transaction, so the request ends with a 503 before
# gunicorn's timeout. Task workers and commands set none: an import or a
# migration may rightly take long. (SQLite's busy timeout, 20 s, above.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    statement_timeout := env.float("CLUSTER_STATEMENT_TIMEOUT", default=0)
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"options": f"-c statement_timeout={int(statement_timeout * 1000)}"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache every worker process shares (never per-process memory). The site's
# version, which every cached page and fragment is keyed by, is in the database
# (caching/page_cache.py), so nothing kept here can bring an old page back.
# With REDIS_URL (e.g. redis://127.0.0.1:6379/0) it is Redis, shared by app
# servers on several machines. Everything kept there can be done without it,
# only slower: a Redis that does not answer within the timeouts (seconds) counts
# as a miss and is left alone for skip_seconds (caching/resilient_cache.py), so
# pages are then rendered, never slower than that.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _default_cache = {
        "BACKEND": "caching.resilient_cache.FailFastRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.2),
            "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            "skip_seconds": env.float("REDIS_SKIP_SECONDS", default=15),
        },
    }
else:
    _default_cache = env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")
# Cached pages, fragments and shared values, which visitors can multiply at
# will, live apart from the default cache (build locks, import progress), so
# that filling one up never evicts the other (caching/page_cache.py).
if REDIS_URL:
    # PAGE_CACHE_REDIS_URL may name another Redis (maxmemory-policy allkeys-lru).
    _pages_cache = _default_cache | {
        "LOCATION": env.str("PAGE_CACHE_REDIS_URL", default=REDIS_URL),
        "KEY_PREFIX": "pages",
    }
else:
    _pages_cache = env.cache(
        "PAGE_CACHE_URL", default=f"filecache://{VAR_DIR / 'page-cache'}"
    )
    if _pages_cache["BACKEND"].endswith("FileBasedCache"):
        # Django's default of 300 entries is too few for cached pages; above the
        # limit a third of the entries is dropped at random.
        _pages_cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
CACHES = {
    "default": _default_cache,
    "pages": _pages_cache,
    # Each process keeps the pages it served last in its own memory as well
    # (caching/page_cache.py): pickled, as in Redis; at most this many, about
    # 25 KB each.
    "process_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process-pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("CLUSTER_PROCESS_PAGES", default=500)},
    },
}
# Sessions live in the database alone, so editors keep working while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats come first: English pages keep "2017-12-21", Chinese pages read
# "2017年12月21日"; anything not set there comes from Django's own locale files.
FORMAT_MODULE_PATH = ["cluster_cms.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads go to S3-compatible object storage when a bucket is named (see
# django-storages below), else to MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    # Hashed names (cache-busting) and pre-compressed copies, served by WhiteNoise
    # with far-future cache headers.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads above this size are streamed to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Site admins", address) for address in env.list("ADMINS", default=[])]
# A task worker mails staff; a stuck mail server must not hold it for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# A POST that fails its CSRF check (the message form's above all) is answered in
# the site's layout rather than Django's bare page.
CSRF_FAILURE_VIEW = "cluster_cms.views.csrf_failure"

# HTTPS and headers. Behind a TLS-terminating proxy set HTTPS=true and
# BEHIND_PROXY=true: cookies become Secure, HTTP redirects to HTTPS, HSTS is sent.
# (The visitor's address behind proxies: CLUSTER_TRUSTED_PROXY_COUNT, below.)
# Nosniff, Referrer-Policy and Cross-Origin-Opener-Policy keep Django's defaults
# (on, same-origin, same-origin); they are spelled out so a reader sees them.
HTTPS = env.bool("HTTPS", default=False)
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    # Only safe because the proxy overwrites the header; see docs/deploy.md.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# A load balancer probes over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every log line carries the id of the request it belongs to (django-log-request-id,
# below) and goes to stderr, where systemd's journal or the container runtime
# collects it; gunicorn and WhiteNoise log the same way. Errors are mailed to
# ADMINS when DEBUG is off.
_log_level = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "log_request_id.filters.RequestIDFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "with_request_id": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "with_request_id",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": _log_level},
    "loggers": {
        "django": {
            "handlers": ["stderr", "mail_admins"],
            "level": _log_level,
            "propagate": False,
        },
        # Bots send forged Host headers all day; log them, do not mail them.
        "django.security.DisallowedHost": {"handlers": ["stderr"], "propagate": False},
    },
}

# crispy-forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-imagekit: renditions are drawn when the upload is saved, so rendering a
# page never touches the image files or the cache.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# django-modeltranslation: each translated field gets a column per language
# (title_en, title_zh_hans). A release or page may be written in one language or
# both; a page shows the other language's text, visibly marked, while a
# translation is missing. See docs/i18n.md.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
# Slugs are drawn from the English title as it is typed; without one, the model
# makes the slug from the Chinese title as pinyin when it is saved.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"


def MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME(verbose_name, code):
    # Called lazily at render time: "title [Simplified Chinese]", "标题 [简体中文]".
    return f"{verbose_name} [{get_language_info(code)['name_translated']}]"


# django-simple-captcha (the message form's Identifying code) copies these at
# import; four characters that cannot be mistaken for one another, usable once,
# for half an hour: a buyer writing a careful inquiry (twenty minutes and more)
# must not find the code refused. Its picture and speech are drawn by
# contact/code_media.py.
CAPTCHA_CHALLENGE_FUNCT = "contact.identifying_code.challenge"
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 30

# django-import-export (the directory's spreadsheets)
# An import is all-or-nothing: one bad row rolls back every row of the file.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Exports never hold a formula: core/spreadsheets.py writes every cell as
# text (the library's own escape only drops one leading "=").

# django-tasks (the backport of Django 6's django.tasks) with django-tasks-db: tasks
# are rows in the site's database, run by `manage.py run_worker` (background/).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# django-log-request-id: every request gets an id of ours
# (cluster_cms.middleware.RequestIDMiddleware; a proxy's only with
# CLUSTER_REQUEST_ID_FROM_PROXY), sent back in the response and in its log lines.
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"

# django-storages: with AWS_STORAGE_BUCKET_NAME set (above, in STORAGES), uploads
# go to S3-compatible object storage (AWS S3, Aliyun OSS, Tencent COS, MinIO...)
# that every app server shares. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment (boto3 reads them). Files keep public,
# unsigned URLs so pages can be cached, and never change under a name, so
# browsers may keep them.
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = False
AWS_S3_FILE_OVERWRITE = False
AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=31536000, public"}


def _bucket_origins() -> list[str]:
    """Where pages load images from the bucket: the CSP must allow exactly that."""
    if not AWS_STORAGE_BUCKET_NAME:
        return []
    if AWS_S3_CUSTOM_DOMAIN:
        return [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    if AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{endpoint.netloc}",
        ]
    return [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"] + (
        [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"]
        if AWS_S3_REGION_NAME
        else []
    )


# django-csp (version 4 settings). Scripts and styles come from our own origin
# only; the one inline script, the rich-text editor's import map in the admin,
# carries the request's nonce (see cluster_cms/security.py). The editor (Tiptap,
# inside django-prose-editor) also injects one fixed <style> element, allowed by
# its hash: upgrading django-prose-editor may change it, and the browser test
# tests/browser/test_csp.py then names the new hash. Bootstrap's CSS draws some
# icons as data: SVG images. Images may also come from the upload bucket and
# from CSP_MEDIA_ORIGINS (e.g. a CDN in front of the bucket).
_prose_editor_style_hash = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, _prose_editor_style_hash],
        "img-src": [
            csp.SELF,
            "data:",
            *env.list("CSP_MEDIA_ORIGINS", default=[]),
            *_bucket_origins(),
        ],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# django-prose-editor: the rich text's image button uploads the chosen file in
# one step (static/js/figure_upload.js replaces the library's Figure, which only
# takes an address); the tags it makes are the library's own figure's.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/figure_upload.js")],
        "extensions": {"Figure": process_figure},
    }
]

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked out for an hour; a right password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Suppliers' representatives sign in with their email (django-allauth, below).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# The client the message rate limit counts too (CLUSTER_TRUSTED_PROXY_COUNT): its
# IPv4 address, or its IPv6 /64, so that one subscriber is one client.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_network"
# The username as tried, cut to the length axes can store (cluster_cms/lockout.py).
AXES_USERNAME_CALLABLE = "cluster_cms.lockout.client_username"

# django-allauth: accounts of suppliers' representatives (suppliers/), by email
# and password, the address verified before the first sign-in. Staff never sign
# in there (suppliers.adapter.SupplierAccountAdapter); they use the admin.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "suppliers:dashboard"
ACCOUNT_ADAPTER = "suppliers.adapter.SupplierAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# The confirmation link lives as long as a claim's link (below).
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Counted in the default cache per client (its IPv4 address or IPv6 /64) and per
# key: the email tried for logins, the firm for claims (suppliers/services.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    # Every representative of one firm together (suppliers/adapter.py).
    "supplier_login_failed_firm": "10/h/key",
    "supplier_claim": "5/h/ip,3/d/key",
}

# Our own settings, all here. Code reads them from django.conf.settings at call
# time, so that tests can override them.
CLUSTER_SITE_NAME = env.str("CLUSTER_SITE_NAME", default="Zhongshan Lighting Cluster")
# Sites hosted in mainland China must show their ICP filing number in the footer.
CLUSTER_ICP_NUMBER = env.str("CLUSTER_ICP_NUMBER", default="")
# A deleted release, page or enterprise can be recovered this many days
# (a daily task, core.tasks.forget_old_deleted_rows, forgets it afterwards).
CLUSTER_RECOVERY_DAYS = env.int("CLUSTER_RECOVERY_DAYS", default=30)
# The admin can live at an address that bots do not probe.
CLUSTER_ADMIN_PATH = env.str("CLUSTER_ADMIN_PATH", default="admin/")
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth
# address from the right; 0 trusts only REMOTE_ADDR (a client can forge the header).
CLUSTER_TRUSTED_PROXY_COUNT = env.int("CLUSTER_TRUSTED_PROXY_COUNT", default=0)
# Set when the proxy overwrites X-Request-ID with its own id (nginx's $request_id):
# log lines then carry the proxy's id. Otherwise a client's is ignored.
CLUSTER_REQUEST_ID_FROM_PROXY = env.bool("CLUSTER_REQUEST_ID_FROM_PROXY", default=False)
# Page cache (caching/page_cache.py): anonymous visitors' pages are kept this
# long at most; an editor's save replaces them at once. 0 turns it off.
CLUSTER_PAGE_CACHE_SECONDS = env.int("CLUSTER_PAGE_CACHE_SECONDS", default=600)
# How long a process serves the site version it read before reading it again
# (caching/version.py): another server's edit shows that much later. 0 reads
# it at every request.
CLUSTER_SITE_VERSION_SECONDS = env.float("CLUSTER_SITE_VERSION_SECONDS", default=1.0)
# `make serve` (no nginx in front) sets this to serve uploads through Django;
# behind nginx, nginx serves MEDIA_ROOT itself.
CLUSTER_SERVE_MEDIA = env.bool("CLUSTER_SERVE_MEDIA", default=DEBUG)
# A fixed 20 KB page at /bench/fixed-20k/, the baseline bench/serve.py compares
# real pages with. Never needed in production.
CLUSTER_BENCH_VIEWS = env.bool("CLUSTER_BENCH_VIEWS", default=False)
# Uploaded images: larger files or pictures are refused with a clear message.
CLUSTER_IMAGE_MAX_BYTES = env.int("CLUSTER_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
CLUSTER_IMAGE_MAX_PIXELS = env.int("CLUSTER_IMAGE_MAX_PIXELS", default=40_000_000)
# Each side of an uploaded image, and how much longer one side may be than the other.
CLUSTER_IMAGE_MIN_SIDE = env.int("CLUSTER_IMAGE_MIN_SIDE", default=16)
CLUSTER_IMAGE_MAX_SIDE = env.int("CLUSTER_IMAGE_MAX_SIDE", default=12_000)
CLUSTER_IMAGE_MAX_ASPECT_RATIO = env.int("CLUSTER_IMAGE_MAX_ASPECT_RATIO", default=10)
# The largest spreadsheet an editor may import into the directory.
CLUSTER_IMPORT_MAX_BYTES = env.int("CLUSTER_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Reading a spreadsheet takes time in proportion to its rows and its unpacked XML
# (an XLSX is a zip: 68 KB can unpack to 20 MB); beyond these it is refused at once.
CLUSTER_IMPORT_MAX_ROWS = env.int("CLUSTER_IMPORT_MAX_ROWS", default=20_000)
CLUSTER_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "CLUSTER_IMPORT_MAX_UNPACKED_BYTES", default=40 * 1024 * 1024
)
# Leave a message: staff addresses told of each new message (comma-separated in
# the environment).
CLUSTER_MESSAGE_RECIPIENTS = env.list("CLUSTER_MESSAGE_RECIPIENTS", default=[])
# At most this many messages per client address within the window (seconds).
CLUSTER_MESSAGE_RATE_LIMIT = env.int("CLUSTER_MESSAGE_RATE_LIMIT", default=5)
CLUSTER_MESSAGE_RATE_WINDOW = env.int("CLUSTER_MESSAGE_RATE_WINDOW", default=600)
# At most this many identifying codes drawn per client within the window (seconds):
# each is a row, and a person needs a few.
CLUSTER_CODE_RATE_LIMIT = env.int("CLUSTER_CODE_RATE_LIMIT", default=30)
CLUSTER_CODE_RATE_WINDOW = env.int("CLUSTER_CODE_RATE_WINDOW", default=600)
# Personal data is not kept forever: a daily task (contact.tasks.purge_old_messages,
# or `manage.py purge_messages`) deletes older ones.
CLUSTER_MESSAGE_RETENTION_DAYS = env.int("CLUSTER_MESSAGE_RETENTION_DAYS", default=730)
CLUSTER_SPAM_RETENTION_DAYS = env.int("CLUSTER_SPAM_RETENTION_DAYS", default=30)
# Suppliers (suppliers/): staff addresses told of claims and of listing changes
# waiting for approval (comma-separated in the environment).
CLUSTER_DIRECTORY_RECIPIENTS = env.list("CLUSTER_DIRECTORY_RECIPIENTS", default=[])
# A claim's link, mailed to the firm's published address, works this many days.
CLUSTER_CLAIM_LINK_DAYS = env.int("CLUSTER_CLAIM_LINK_DAYS", default=3)
# Background work (background/). A worker reports every quarter of this many
# seconds; a task whose worker has not reported for this long is handed to
# another worker. Longer than any pause a worker may take: on SQLite a long import
# holds the write lock, delaying reports.
CLUSTER_WORKER_LOST_AFTER = env.int("CLUSTER_WORKER_LOST_AFTER", default=120)
# A task whose worker is lost this many times (it kills its process?) fails for good.
CLUSTER_TASK_MAX_LOST_WORKERS = 3
# What `manage.py enqueue_daily_tasks` (a daily systemd timer) puts in the queue.
CLUSTER_DAILY_TASKS = [
    "contact.tasks.purge_old_messages",
    "core.tasks.forget_old_deleted_rows",
    "background.tasks.prune_finished_tasks",
    "enterprises.tasks.purge_import_files",
    "core.tasks.purge_kept_uploads",
]
# Finished tasks are kept this long for staff to look into; failed ones until
# someone runs them again or deletes them.
CLUSTER_TASK_RETENTION_DAYS = env.int("CLUSTER_TASK_RETENTION_DAYS", default=14)
