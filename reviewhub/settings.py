"""ReviewHub settings: one file, driven by environment variables.

Development gets safe local defaults (SQLite, local-memory cache, console email).
Production differs only through the environment; see README "Production".
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from reviewhub.deployment import databases, media_origins, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

DJANGO_APPS = [
    "moderation_desk.apps.ReviewHubAdminConfig",  # django.contrib.admin, with ReviewHub's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",  # sign-in lockout by (username, address) pair, attempts listed in the admin
    "django_tasks",  # the backport of Django 6.0's tasks framework (background mail, imports, exports)
    "django_tasks_db",  # its database queue, worked by `manage.py db_worker`
]
# In floor order (DESIGN §8): each app imports only from the apps above it in this list.
LOCAL_APPS = [
    "reviewhub",
    "accounts",
    "notifications",
    "moderation",
    "films",
    "watchlog",
    "reviews",
    "comments",
    "moderation_desk",
    "pages",
    "account_settings",
    "feeds",
    "portability",
    "sampledata",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reviewhub.middleware.SecurityHeadersMiddleware",
    "reviewhub.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "reviewhub.middleware.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the sign-in view's response and turns a lockout into a 429 (accounts.throttling).
    "axes.middleware.AxesMiddleware",
]

# django-axes checks a pair's lock before the password; then Django's own backend.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ThrottledSignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "reviewhub.urls"
WSGI_APPLICATION = "reviewhub.wsgi.application"

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
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# "default" is the primary (through PgBouncer in the cluster, DATABASE_PGBOUNCER=1); with
# DATABASE_REPLICA_URL a streaming replica takes reads (reviewhub/db_router.py). README
# "Running on several machines".
DATABASES = databases(os.environ, BASE_DIR)
DATABASE_ROUTERS = ["reviewhub.db_router.PrimaryReplicaRouter"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache with one change: when Redis does not answer, the cache reads as
    # empty and writes are dropped (logged), so pages are still served (reviewhub/cache_backends.py).
    CACHES = {
        "default": {
            "BACKEND": "reviewhub.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "reviewhub",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "1")),
            },
        }
    }
    # Sessions read from Redis and written through to the database: a Redis restart signs no one
    # out, and an outage only costs a database read per request (the cache reads as empty).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Collected static files: hashed names, gzip copies, cached for ever, served by WhiteNoise from STATIC_ROOT
# after collectstatic. Always so in production; `make run` turns it on in development too, so the pages
# load as they would live. Off (the default in debug), files come straight from the app folders through
# the finders and a changed file shows at once; the tests run that way, with no collectstatic.
COLLECTED_STATIC = env_bool("DJANGO_COLLECTED_STATIC", not DEBUG)
STORAGES = {
    # An S3-compatible bucket when REVIEWHUB_S3_BUCKET is set (reviewhub/deployment.py), else MEDIA_ROOT.
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "reviewhub.storage.StaticFilesStorage"
            if COLLECTED_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not COLLECTED_STATIC

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ReviewHub <noreply@localhost>")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# Absolute links in mail and feeds are built from this, never from a request's Host header.
REVIEWHUB_SITE_URL = os.environ.get("REVIEWHUB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work: inline in development and tests (so `make run` alone shows the whole loop);
# with REVIEWHUB_TASKS_BACKEND=database, requests only enqueue and `manage.py db_worker` runs them.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS[os.environ.get("REVIEWHUB_TASKS_BACKEND", "immediate")],
        "QUEUES": ["default"],
    }
}

# --- ReviewHub limits and moderation rules (all overridable from the environment) ---
REVIEWHUB_COMMENT_MAX_DEPTH = env_int("REVIEWHUB_COMMENT_MAX_DEPTH", 5)
REVIEWHUB_COMMENT_MAX_LENGTH = env_int("REVIEWHUB_COMMENT_MAX_LENGTH", 5_000)
REVIEWHUB_REVIEW_TITLE_MAX_LENGTH = 200
REVIEWHUB_REVIEW_MAX_LENGTH = env_int("REVIEWHUB_REVIEW_MAX_LENGTH", 20_000)
REVIEWHUB_REVIEWS_PER_PAGE = env_int("REVIEWHUB_REVIEWS_PER_PAGE", 10)
REVIEWHUB_FILMS_PER_PAGE = env_int("REVIEWHUB_FILMS_PER_PAGE", 24)
# Search ranks the newest this many matching reviews: a common word costs no more than a rare one.
REVIEWHUB_SEARCH_MAX_REVIEWS = env_int("REVIEWHUB_SEARCH_MAX_REVIEWS", 1_000)
# Long threads paginate by top-level comment; 0 shows the whole thread.
REVIEWHUB_THREADS_PER_PAGE = env_int("REVIEWHUB_THREADS_PER_PAGE", 50)
# Automatic holds (DESIGN §6).
REVIEWHUB_MODERATION_LINK_LIMIT = env_int("REVIEWHUB_MODERATION_LINK_LIMIT", 2)
REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = env_bool("REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD", True)
# The word lists only seed the admin table (manage.py seed_word_lists); the rules read the table.
REVIEWHUB_MODERATION_WORDS = env_list("REVIEWHUB_MODERATION_WORDS", [])
REVIEWHUB_DISALLOWED_WORDS = env_list("REVIEWHUB_DISALLOWED_WORDS", [])
REVIEWHUB_REPORT_HIDE_THRESHOLD = env_int("REVIEWHUB_REPORT_HIDE_THRESHOLD", 3)
# Rate limits: (count, seconds) per account unless said otherwise.
REVIEWHUB_RATE_LIMITS = {
    "comment": (env_int("REVIEWHUB_COMMENT_RATE", 5), 60),
    "review": (env_int("REVIEWHUB_REVIEW_RATE", 5), 3600),
    "vote": (env_int("REVIEWHUB_VOTE_RATE", 30), 60),
    "report": (env_int("REVIEWHUB_REPORT_RATE", 10), 3600),
    # Per client address: every sign-up and reset POST counts, valid or not.
    "signup": (env_int("REVIEWHUB_SIGNUP_RATE", 10), 3600),
    "password_reset": (env_int("REVIEWHUB_PASSWORD_RESET_RATE", 10), 3600),
    # Per e-mail address: mails one inbox can be sent (past it, the page is the same and no mail goes).
    "signup_mail": (env_int("REVIEWHUB_SIGNUP_MAIL_RATE", 3), 3600),
    "password_reset_mail": (env_int("REVIEWHUB_PASSWORD_RESET_MAIL_RATE", 3), 3600),
    # Review and comment edits together: each one invalidates cached pages.
    "edit": (env_int("REVIEWHUB_EDIT_RATE", 10), 600),
    # Following people and discussions, muting: each can notify someone, so a storm must stop early.
    "follow": (env_int("REVIEWHUB_FOLLOW_RATE", 30), 600),
    # Marking notifications read and saving notification preferences.
    "notification": (env_int("REVIEWHUB_NOTIFICATION_RATE", 60), 60),
    # Watch log writes together: logging, editing and deleting watches, the watchlist, revealing scores.
    "watch": (env_int("REVIEWHUB_WATCH_RATE", 30), 600),
}
# The watch log (watchlog/): diary entries per page, watchlist entries per page.
REVIEWHUB_DIARY_PER_PAGE = env_int("REVIEWHUB_DIARY_PER_PAGE", 50)
REVIEWHUB_WATCHLIST_PER_PAGE = env_int("REVIEWHUB_WATCHLIST_PER_PAGE", 48)
# New accounts' usernames (accounts.usernames): at most this many characters, so profiles fit a phone.
REVIEWHUB_USERNAME_MAX_LENGTH = env_int("REVIEWHUB_USERNAME_MAX_LENGTH", 30)
# Sign-in throttling (django-axes plus accounts.throttling). This many failures of one username from
# one client address lock that pair (only) for the window; other clients, the account's owner among
# them, still sign in. A much higher count of failures from one address, whatever the usernames,
# locks that address for the window (credential stuffing).
REVIEWHUB_LOGIN_FAILURE_LIMIT = env_int("REVIEWHUB_LOGIN_FAILURE_LIMIT", 5)
REVIEWHUB_LOGIN_FAILURE_WINDOW = env_int("REVIEWHUB_LOGIN_FAILURE_WINDOW", 900)
REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT", 100)
# Failures at one username from all addresses together after which each address gets one try a window.
REVIEWHUB_LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("REVIEWHUB_LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
# Read from the two settings above at each attempt, so an override of them reaches axes too.
AXES_FAILURE_LIMIT = "accounts.throttling.failure_limit"
AXES_COOLOFF_TIME = "accounts.throttling.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_USERNAME_CALLABLE = "accounts.throttling.client_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# The attempts table is what the admin shows; successful sign-ins need no second log.
AXES_DISABLE_ACCESS_LOG = True
# accounts/admin.py registers axes' admins itself, with the date check every ReviewHub changelist has.
AXES_ENABLE_ADMIN = False
# A refused attempt during a lock is not counted again, so the lock lifts when the message says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy, the META key holding the client address it sets (e.g.
# "HTTP_X_FORWARDED_FOR"); empty trusts only REMOTE_ADDR, which a client cannot forge.
REVIEWHUB_CLIENT_IP_HEADER = os.environ.get("REVIEWHUB_CLIENT_IP_HEADER", "")
# Uploads.
REVIEWHUB_IMAGE_MAX_BYTES = env_int("REVIEWHUB_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
REVIEWHUB_IMAGE_MAX_PIXELS = env_int("REVIEWHUB_IMAGE_MAX_PIXELS", 40_000_000)
# Whole-page cache of the film and review pages for signed-out readers (reviewhub/cache.py); 0 is off.
# Every write invalidates it at once with Redis; the local-memory cache is per process, so another
# gunicorn worker's copy can lag a write by up to this many seconds.
REVIEWHUB_PAGE_CACHE_SECONDS = env_int("REVIEWHUB_PAGE_CACHE_SECONDS", 600 if REDIS_URL else 30)
# Parts of pages that look the same to every reader ({% fragment %}, reviewhub/templatetags/fragments.py),
# for everyone, signed in or not; 0 is off. Off by default without Redis: a per-process cache would show
# one worker's readers stale parts after a write handled by another worker.
REVIEWHUB_FRAGMENT_CACHE_SECONDS = env_int("REVIEWHUB_FRAGMENT_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Feeds and sitemaps (feeds/): entries per Atom feed, and URLs per sitemap file. The protocol allows
# 50,000; a smaller page keeps an uncached render short (bench/README.md, "Feeds and sitemaps").
REVIEWHUB_FEED_ITEMS = env_int("REVIEWHUB_FEED_ITEMS", 30)
REVIEWHUB_SITEMAP_URLS = env_int("REVIEWHUB_SITEMAP_URLS", 5_000)
# Your account (/accounts/settings/): profile limits, avatars and e-mail changes.
REVIEWHUB_DISPLAY_NAME_MAX_LENGTH = env_int("REVIEWHUB_DISPLAY_NAME_MAX_LENGTH", 50)
# Avatars are checked against the upload limits above, then cropped square and stored at this side.
REVIEWHUB_AVATAR_SIZE = env_int("REVIEWHUB_AVATAR_SIZE", 256)
# How long the confirmation link mailed to a new address stays good (seconds).
REVIEWHUB_EMAIL_CHANGE_MAX_AGE = env_int("REVIEWHUB_EMAIL_CHANGE_MAX_AGE", 3 * 24 * 3600)
REVIEWHUB_RATE_LIMITS["email_change"] = (env_int("REVIEWHUB_EMAIL_CHANGE_RATE", 3), 3600)
# Import and export (portability app, README "Import and export").
# Exports are written here, outside MEDIA_ROOT, and served only to their owner through a view.
REVIEWHUB_PRIVATE_ROOT = Path(os.environ.get("REVIEWHUB_PRIVATE_ROOT", BASE_DIR / "private"))
REVIEWHUB_EXPORT_DAYS = env_int("REVIEWHUB_EXPORT_DAYS", 7)
# One uploaded Letterboxd file (a zip or a CSV), and what a zip may hold once uncompressed.
REVIEWHUB_IMPORT_MAX_BYTES = env_int("REVIEWHUB_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
REVIEWHUB_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("REVIEWHUB_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
# A member that shrank more than this many times is a zip bomb, whatever its size.
REVIEWHUB_IMPORT_MAX_RATIO = env_int("REVIEWHUB_IMPORT_MAX_RATIO", 100)
REVIEWHUB_IMPORT_MAX_ROWS = env_int("REVIEWHUB_IMPORT_MAX_ROWS", 20_000)
REVIEWHUB_WXR_MAX_BYTES = env_int("REVIEWHUB_WXR_MAX_BYTES", 50 * 1024 * 1024)
REVIEWHUB_RATE_LIMITS["data_export"] = (env_int("REVIEWHUB_EXPORT_RATE", 3), 3600)
REVIEWHUB_RATE_LIMITS["data_import"] = (env_int("REVIEWHUB_IMPORT_RATE", 10), 3600)
# Read replica (reviewhub/db_router.py): after a POST, that reader's requests read from the primary for
# this many seconds (a cookie), so what they wrote is on the page they are sent back to.
REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS = env_int("REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS", 15)
REVIEWHUB_READ_PRIMARY_COOKIE = "reviewhub_read_primary"
# Each process asks the replica how far it lags at most this often; past the limit, reads go to the primary.
REVIEWHUB_REPLICA_CHECK_SECONDS = env_int("REVIEWHUB_REPLICA_CHECK_SECONDS", 5)
REVIEWHUB_REPLICA_MAX_LAG_SECONDS = env_int("REVIEWHUB_REPLICA_MAX_LAG_SECONDS", 10)
# Notifications (notifications app): the list's page size; at most one immediate mail per discussion
# (or, outside discussions, per kind) and reader in this many seconds, the rest wait for the digest;
# how long an unsubscribe link in a mail keeps working.
REVIEWHUB_NOTIFICATIONS_PER_PAGE = env_int("REVIEWHUB_NOTIFICATIONS_PER_PAGE", 20)
REVIEWHUB_NOTIFICATION_MAIL_THROTTLE_SECONDS = env_int("REVIEWHUB_NOTIFICATION_MAIL_THROTTLE_SECONDS", 600)
REVIEWHUB_UNSUBSCRIBE_MAX_AGE = env_int("REVIEWHUB_UNSUBSCRIBE_MAX_AGE", 60 * 24 * 3600)
# The home page's "From people you follow": this many of their latest reviews.
REVIEWHUB_FOLLOWED_REVIEWS_ON_HOME = env_int("REVIEWHUB_FOLLOWED_REVIEWS_ON_HOME", 3)
# The benchmark's hello-world view (bench/run.py); never on in production.
REVIEWHUB_BENCH_ENDPOINTS = env_bool("REVIEWHUB_BENCH_ENDPOINTS", False)

# Honest scores: a reviewer's calibration line needs this many of their ratings, and "about their usual"
# is within this many points of their average; ranked lists need this many counted ratings per film.
REVIEWHUB_CALIBRATION_MIN_RATINGS = env_int("REVIEWHUB_CALIBRATION_MIN_RATINGS", 10)
REVIEWHUB_CALIBRATION_BAND = float(os.environ.get("REVIEWHUB_CALIBRATION_BAND", "0.5"))
REVIEWHUB_RANKING_MIN_RATINGS = env_int("REVIEWHUB_RANKING_MIN_RATINGS", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # axes announces its configuration at every start; its warnings (failed sign-ins) still show.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes.apps": {"level": "WARNING"}},
}

# --- Production security (DESIGN §7) ---
# With DJANGO_DEBUG=0, `manage.py check --deploy --fail-level WARNING` is clean. Every switch below
# defaults to the safe value in production and can be turned off only explicitly (README "Production").
# HTTPS everywhere. Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so a
# request the proxy marks "X-Forwarded-Proto: https" counts as secure — only when that proxy
# overwrites the header, since a client can send it too. DJANGO_SECURE_SSL_REDIRECT=0 when the
# proxy already redirects http to https.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a near-permanent promise for the domain and all its subdomains, and anyone may
# submit a domain whose header carries "preload": it is the domain owner's decision, so opt-in.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# Cookies: sent over HTTPS only in production; the session cookie is out of JavaScript's reach.
# The CSRF cookie stays readable (Django's default): HttpOnly would not protect it, since the
# token is in every form anyway, and our own scripts may send it in a header.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy, sent on every response by reviewhub.middleware.SecurityHeadersMiddleware:
# our own scripts, styles and images only (Bootstrap's CSS draws icons from data: URIs); no
# inline script or style attribute anywhere, no plugins, no framing, forms post only to us.
REVIEWHUB_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *media_origins(STORAGES["default"])],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Roll a changed policy out safely: browsers report violations without blocking anything.
REVIEWHUB_CSP_REPORT_ONLY = env_bool("REVIEWHUB_CSP_REPORT_ONLY", False)
REVIEWHUB_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
