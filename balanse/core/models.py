import re

import rules
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Permission, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balanse.core import compiled, permissions


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Operator staff have is_staff; everyone else belongs to organisations."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("operator staff"),
        default=False,
        help_text=_("Balansekunst staff. Staff must use a password and a second factor."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The language of e-mails to this person; empty means Norwegian bokmål."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        # The address compared in lower case (a person's data, the log-in): found by the index, not a scan.
        indexes = [
            models.Index(Lower("email"), name="core_user_email_lower"),
            # The staff among every account (is someone else left to run the platform?): a handful of rows.
            models.Index(fields=["is_staff"], condition=models.Q(is_staff=True), name="core_user_staff"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def has_perm(self, perm, obj=None):
        # Asked many times per page: answered once per request (balanse.core.permissions).
        return permissions.cached(self, perm, obj, lambda: self._has_perm(perm, obj))

    def _has_perm(self, perm, obj):
        if self.is_active and not self.is_staff and not self.is_superuser:
            # Django's model permissions (the operator's roles, given to staff accounts, which log in with a
            # second factor) count for staff only: a permission given by mistake to another account grants
            # nothing, and their pages skip the two permission queries. The rules' predicates still apply.
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @cached_property
    def _perm_cache(self) -> set[str]:
        """The account's model permissions, its own and its groups': read with the request's session
        (`auth_backends.model_permissions_in_one_text`), else in one query when Django's ModelBackend first asks
        (it reads them in two, and keeps them under this name), compiled once."""

        def build(pk=None):
            permissions = Permission.objects.order_by()
            if pk is not None:
                permissions = permissions.filter(Q(user=pk) | Q(group__user=pk)).distinct()
            return permissions.values_list("content_type__app_label", "codename")

        if self.is_superuser:
            rows = compiled.rows("core.permissions_of_superuser", build)
        else:
            from balanse.core.auth_backends import MODEL_PERMISSIONS
            from balanse.core.sessions import account_fact

            known = account_fact(self, MODEL_PERMISSIONS)  # read with the request's session, if it was
            if known is not None:
                return {name for name in known.split(",") if name}
            rows = compiled.rows("core.permissions_of", build, pk=self.pk)
        return {f"{app_label}.{codename}" for app_label, codename in rows}

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class DetailText(models.Func):
    """The text of one key of an audit entry's details (`details ->> 'key'`), with the key written into the SQL,
    not sent as a parameter as Django's `KT` sends it: a query prepared once (`core.compiled`) then still
    matches the index on the same expression (PostgreSQL and SQLite match an expression index only to the
    same expression, and `details ->> $4` is not `details ->> 'section'`). The key is a name from our code."""

    output_field = models.TextField()

    def __init__(self, key: str, **extra):
        if not re.fullmatch(r"[a-z_]+", key):
            raise ValueError(f"not a details key: {key!r}")
        self.key = key
        super().__init__(F("details"), **extra)

    def as_sql(self, compiler, connection, **extra):
        details, params = compiler.compile(self.source_expressions[0])
        return f"({details} ->> '{self.key}')", params

    def as_sqlite(self, compiler, connection, **extra):
        details, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({details}, '$.{self.key}')", params


class AuditEntry(models.Model):
    """Who did what to which object, and when. Never the sensitive content, never IP or user agent."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the actor's account is deleted: the same pseudonym for all their entries, never the name.
    actor_pseudonym = models.CharField(_("deleted person"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            # Whether the organisation changed a measure after the review's comment on it (certification's
            # `_changed_by_the_organisation`, asked once per comment on the pages that list the comments): the
            # entries naming that section or measure since the comment, found in the index, not by reading the
            # whole log since the comment (PostgreSQL, ten times the log: 0.42 → 0.08 ms for ten comments;
            # SQLite reads the organisation's people's entries by `actor` instead while they are few).
            models.Index(DetailText("section"), F("at"), name="audit_section_at"),
            models.Index(DetailText("measure"), F("at"), name="audit_measure_at"),
        ]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.actor_pseudonym} {self.action} {self.object_repr}"
        )

    @property
    def readable(self) -> str:
        """What happened, in words ("Merket tildelt Black Box teater"); see audit.register_labels."""
        from balanse.core.audit import label_for

        return label_for(self)


class SentEmail(models.Model):
    """An e-mail that must go out only once (a step in a lifecycle, a reminder): its key, never its content."""

    key = models.CharField(max_length=200, unique=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self):
        return self.key


class ImportUpload(models.Model):
    """A register file between its preview and its confirmation. Deleted when confirmed, or after a day."""

    kind = models.CharField(max_length=50)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")

    def __str__(self):
        return f"{self.kind}: {self.filename}"


class WriteStamp(models.Model):
    """One row whose `stamp` the database changes with every write to a register's table (triggers that
    `balanse.core.stamps` puts on them): figures counted from the registers are kept in the cache under the
    stamp they were read at, and a write of any kind (a form, a bulk update, an import, raw SQL) changes it."""

    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("write stamp")
        verbose_name_plural = _("write stamps")

    def __str__(self):
        return str(self.stamp)


class Session(AbstractBaseSession):
    """A log-in session (Django's, `balanse.core.sessions`), with the account it is logged in as: the session's
    own `_auth_user_id`, written to this column with every save, so that a request reads its session and the
    person in one query (issue 19). The session's data stays what counts: the account read along is used only
    when it is the one the data names (`balanse.core.sessions.account_read_along`). Not a database constraint:
    a session saved while its account is being deleted is not refused, and an account that is gone reads as
    none; deleting an account deletes its sessions (Django's cascade)."""

    account = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):  # never the key: it is what logs in (Django's own shows it)
        return gettext("Session until %(end)s") % {
            "end": formats.date_format(timezone.localtime(self.expire_date), "DATETIME_FORMAT")
        }

    @classmethod
    def get_session_store_class(cls):
        from balanse.core.sessions import SessionStore

        return SessionStore
