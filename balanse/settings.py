"""Balanse settings. Everything comes from the environment; with nothing set it runs on SQLite in var/.

Variables (see README): DJANGO_ENV, SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, SITE_URL,
EMAIL_URL-style EMAIL_* settings, DEFAULT_FROM_EMAIL, BALANSE_VAR_DIR, CREDENTIAL_KEY_PATH.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from balanse.core.env import env_bool, env_choice, env_int, env_list, env_rate, env_str, refuse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BALANSE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

ENV = env_choice("DJANGO_ENV", "development", ("development", "production", "test"))
PRODUCTION = ENV == "production"
TESTING = ENV == "test"
DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DJANGO_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")
# The site's name in e-mails and page titles (never the host name).
SITE_NAME = env_str("SITE_NAME", "Balanse")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "balanse.core",
    "balanse.organisations",
    "balanse.advice",
    "balanse.certification",
    "balanse.course",
    "balanse.cards",
    "balanse.workbook",
    "balanse.exercise",
    "balanse.members",
    "balanse.activities",
    "balanse.communication",
    "balanse.report",
    "balanse.grants",
    "balanse.advisory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "balanse.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "balanse.core.middleware.AuthenticationMiddleware",
    "balanse.core.stamps.RequestStampMiddleware",
    "balanse.core.permissions.PermissionCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "balanse.core.middleware.StaffMFARequiredMiddleware",
    "balanse.core.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "balanse.urls"
ASGI_APPLICATION = "balanse.asgi.application"
WSGI_APPLICATION = "balanse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "balanse" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balanse.core.context_processors.site",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "balanse.core.templatetags.site",
            ],
        },
    }
]

# The server process runs each page's request (middleware and view, in one step) on one of this many
# long-lived threads; the live exercise's async views get a new thread each (balanse/core/asgi.py; see the
# README's design decisions). 0: Django's own handler, a new thread per request.
REQUEST_THREADS = env_int("REQUEST_THREADS", 4, minimum=0)

# Database: SQLite in var/ unless DATABASE_URL is set (PostgreSQL in production).
refuse(
    "DATABASE_CONN_MAX_AGE",
    "the site keeps its database connections itself (with PostgreSQL a connection pool, DATABASE_POOL_MAX_SIZE; "
    "with SQLite kept per file), and under Django's own ASGI handler (REQUEST_THREADS=0) persistent connections "
    "leak one per request thread",
)
try:
    DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'balanse.sqlite3'}")}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's built-in pool (psycopg_pool): request threads borrow a connection and give it back, so a
    # burst of requests never opens more than max_size connections per server process.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2, minimum=0),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 20, minimum=1),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
    }
    # Parameters sent apart from the SQL (server-side binding), so that a query the connection has run before is
    # planned once and then only executed: psycopg prepares it on the connection after this many runs (Django
    # turns that off by default for poolers such as PgBouncer in transaction mode; 0 turns it off here too).
    # See the README's design decisions for what it saves.
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True,
        prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 2, minimum=0) or None,
    )
    # A queryset's iterator() (Django's select of model choices renders through one) reads its rows in one
    # answer instead of through a server-side cursor: the cursor cost four more round trips (declare it, fetch,
    # close, and in autocommit the transaction it needs), about 1 ms a select on a page, and nothing here reads
    # so many rows that they must come in chunks. See the README's design decisions.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # The planner's settings for each connection, sent when it opens (no query of their own): reading a page out
    # of order costs about as much as reading the next one when the data is in memory or on SSD, and PostgreSQL's
    # default (random_page_cost 4, from spinning disks) made it read a whole table to join a few rows to it (a
    # page's ten people joined to their accounts: every account read, 0.21 ms, instead of ten, 0.03 ms). Empty:
    # the server's own settings (a pooler in front that refuses startup options). See the README.
    planner = env_str("DATABASE_PLANNER_OPTIONS", "-c random_page_cost=1.1").strip()
    if planner:
        given = DATABASES["default"]["OPTIONS"].get("options", "")
        DATABASES["default"]["OPTIONS"]["options"] = f"{given} {planner}".strip()
    if REQUEST_THREADS and DATABASES["default"]["OPTIONS"]["pool"]["max_size"] <= REQUEST_THREADS:
        # Each request thread holds a connection while it runs, and the live exercise's writer one more.
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MAX_SIZE must be more than REQUEST_THREADS ({REQUEST_THREADS}): each request thread "
            "and the live exercise's vote writer hold a connection"
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, with connections kept for the next request (balanse/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "balanse.core.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    if TESTING:
        # A file, not SQLite's in-memory test database: the browser tests' live server then gives each thread
        # its own connection, as in production, instead of sharing one connection between threads.
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-balanse.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Falls back to a per-process cache while Redis is unreachable (balanse.core.cache), never an error page.
    CACHES = {"default": {"BACKEND": "balanse.core.cache.RedisCacheWithFallback", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "core.User"
# Django's and allauth's backends, reading the logged-in person with a query compiled once (issue 19).
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "balanse.core.auth_backends.ModelBackend",
    "balanse.core.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Fast hashing in tests only; production and demo use Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"

# django-allauth: invitation only; organisation users log in by e-mailed code, staff by password + MFA.
ACCOUNT_ADAPTER = "balanse.core.adapters.AccountAdapter"
MFA_ADAPTER = "balanse.core.adapters.MFAAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]  # signup is closed; this keeps the password field on log-in
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# Six digits: easy to read on a phone and to type on its number pad.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Balanse] "
ACCOUNT_FORMS = {
    "login": "balanse.core.forms.LoginForm",
    "request_login_code": "balanse.core.forms.RequestLoginCodeForm",
    "confirm_login_code": "balanse.core.forms.ConfirmLoginCodeForm",
}
MFA_FORMS = {
    "authenticate": "balanse.core.forms.AuthenticateForm",
    "activate_totp": "balanse.core.forms.ActivateTOTPForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Balanse"
# First log-in goes straight from the password to setting up the app, without asking for the password again.
MFA_REAUTHENTICATION_REQUIRED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING

# Internationalisation: Norwegian bokmål first, English second.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "balanse_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# E-mail: printed to the terminal and kept in var/outbox (viewable at /dev/outbox/) in development;
# SMTP when EMAIL_HOST is set.
_smtp_host = env_str("EMAIL_HOST")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
elif TESTING:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
else:
    MAILERS = {"default": {"BACKEND": env_str("EMAIL_BACKEND", "balanse.core.mail.OutboxBackend")}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Balansekunst <post@balansekunst.no>")
# How often a failed e-mail is tried before it is given up (balanse.core.email).
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5, minimum=1)

# Deferred work (e-mail) goes through Django's Tasks framework. "database": tasks are rows in the database
# that `manage.py db_worker` runs (production); "immediate": run at once in the request (tests, demo).
TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", "database" if PRODUCTION else "immediate", ("database", "immediate")
)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_DIR = VAR_DIR / "outbox"
DEV_OUTBOX_ENABLED = DEBUG and not PRODUCTION

# Security. Content-Security-Policy with no inline script or style and no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Django's database sessions, read with a query compiled once (issue 19).
SESSION_ENGINE = "balanse.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Register imports (balanse.core.registers): the largest file the operator may upload.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

# Personal data (balanse.core.privacy; README "Production"): audit entries are deleted after this many days
# by `manage.py apply_retention`. PRIVACY_CONTACT_EMAIL: who people ask about their data (the privacy page).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 5 * 365, minimum=365)
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "post@balansekunst.no")
USERSESSIONS_TRACK_ACTIVITY = False

# Invitations
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "WARNING" if TESTING else "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

FORM_RENDERER = "balanse.core.forms_rendering.FormRenderer"

# Online course (balanse.course). External video addresses are embedded only from these origins, which are
# also added to the Content-Security-Policy's media-src; other external videos are shown as a link.
COURSE_MEDIA_ORIGINS = env_list("COURSE_MEDIA_ORIGINS")
SECURE_CSP["media-src"] = [*SECURE_CSP["media-src"], *COURSE_MEDIA_ORIGINS]
# The largest video file an operator may upload to a course step (bytes); the content is checked too.
COURSE_VIDEO_MAX_BYTES = env_int("COURSE_VIDEO_MAX_BYTES", 500 * 1024 * 1024)
# Balansemerket (certification)
# The operator's address that receives copies of the expiry reminders (manage.py certification_daily).
CERTIFICATION_OPERATOR_EMAIL = env_str("CERTIFICATION_OPERATOR_EMAIL", "post@balansekunst.no")
CERTIFICATION_REQUEST_RATE = env_rate(
    "CERTIFICATION_REQUEST_RATE", "5/3600"
)  # public "Vil du ha Balansemerket?"

# Proof of the mark (certification): the issuer's Ed25519 signing key for the credentials, kept outside
# the database. Generated on first use (mode 0600); back it up, and keep it stable, or older credentials
# stop verifying.
CREDENTIAL_KEY_PATH = Path(env_str("CREDENTIAL_KEY_PATH", str(VAR_DIR / "keys" / "issuer-ed25519.pem")))
# "OK eller ikke OK" live exercise (balanse.exercise).
# EXERCISE_PARTICIPANT_CAP: most participants one session accepts (a facilitator may set a lower cap).
# EXERCISE_RETENTION_DAYS: votes of ended sessions are deleted this many days later by `cleanup_exercises`
#   (sessions never ended are cleaned up the same number of days after they started).
# EXERCISE_VOTE_RATE_PER_TOKEN / _PER_SESSION, EXERCISE_JOIN_RATE_PER_SESSION: "count/seconds" limits
#   (kept in the Django cache; no IP address is used, so joins are limited per session and by the cap).
EXERCISE_PARTICIPANT_CAP = env_int("EXERCISE_PARTICIPANT_CAP", 10000)
EXERCISE_RETENTION_DAYS = env_int("EXERCISE_RETENTION_DAYS", 30)
EXERCISE_VOTE_RATE_PER_TOKEN = env_rate("EXERCISE_VOTE_RATE_PER_TOKEN", "60/60")
EXERCISE_VOTE_RATE_PER_SESSION = env_rate("EXERCISE_VOTE_RATE_PER_SESSION", "60000/60")
EXERCISE_JOIN_RATE_PER_SESSION = env_rate("EXERCISE_JOIN_RATE_PER_SESSION", "20000/60")
# EXERCISE_CHANNEL_PREFIX: Redis pub/sub channel prefix (only used with REDIS_URL; give each site its own).
EXERCISE_CHANNEL_PREFIX = env_str("EXERCISE_CHANNEL_PREFIX", "balanse:exercise:")
# EXERCISE_VOTE_BATCH_MAX: most votes written in one transaction. Votes that arrive while a batch is being
#   written wait together for the next one (group commit), so the batches grow with the load.
EXERCISE_VOTE_BATCH_MAX = env_int("EXERCISE_VOTE_BATCH_MAX", 500, minimum=1)
refuse(
    "EXERCISE_DB_WORKERS",
    "votes are now written in batches by one thread per server process, with a connection from the "
    "PostgreSQL pool (DATABASE_POOL_MAX_SIZE); remove the variable",
)
# Members and fees (balanse.members; README "Configuration"). Balansekunst's own details print on the invoices;
# the defaults outside production are plainly fake (valid check digits) so the demo can send invoices.
BALANSEKUNST_NAME = env_str("BALANSEKUNST_NAME", "Balansekunst")
BALANSEKUNST_ORG_NUMBER = env_str("BALANSEKUNST_ORG_NUMBER", "" if PRODUCTION else "999999999")
BALANSEKUNST_BANK_ACCOUNT = env_str("BALANSEKUNST_BANK_ACCOUNT", "" if PRODUCTION else "12345678903")
BALANSEKUNST_ADDRESS = env_str("BALANSEKUNST_ADDRESS", "")
MEMBERS_FEE_CUTOFF = env_str("MEMBERS_FEE_CUTOFF", "15.11")  # DD.MM; a year may set its own on its fee page
MEMBERS_PAYMENT_DAYS = env_int("MEMBERS_PAYMENT_DAYS", 30, minimum=1)
MEMBERS_REMINDER_DAYS = env_int("MEMBERS_REMINDER_DAYS", 14, minimum=0)
MEMBERS_APPLICATION_RATE = env_rate("MEMBERS_APPLICATION_RATE", "5/3600")
MEMBERS_SUPPORTING_SIGNUP_RATE = env_rate("MEMBERS_SUPPORTING_SIGNUP_RATE", "5/3600")
# Activities: registrations in the public calendar are deleted this many days after the activity.
ACTIVITY_REGISTRATION_DAYS = env_int("ACTIVITY_REGISTRATION_DAYS", 30, minimum=0)
ACTIVITY_REGISTRATION_RATE = env_rate("ACTIVITY_REGISTRATION_RATE", "10/3600")
# Balansepotten (balanse.grants): the public application form's posts per visitor.
GRANTS_APPLICATION_RATE = env_rate("GRANTS_APPLICATION_RATE", "20/3600")
# The advisory line (balanse.advisory). The notes are encrypted with a key kept outside the database, in the
# file at ADVISORY_KEY_PATH (made on first use, mode 0600; back it up: without it the notes cannot be read).
# ADVISORY_NOTES_RETENTION_MONTHS: `manage.py advisory_retention` deletes older notes (the counts stay).
ADVISORY_KEY_PATH = Path(env_str("ADVISORY_KEY_PATH", str(VAR_DIR / "keys" / "advisory-notes.key")))
ADVISORY_NOTES_RETENTION_MONTHS = env_int("ADVISORY_NOTES_RETENTION_MONTHS", 24, minimum=1)
