"""Core's own answers to the platform's signals: the personal data of accounts, log-ins and the audit log."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in
from django.db import connections
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from balanse.core.models import AuditEntry, ImportUpload, Session, User
from balanse.core.privacy import LegalBasis, PersonalData
from balanse.core.signals import DeletionNote, account_deletion_requested, personal_data_requested

IMPORT_UPLOAD_DAYS = 1
TASK_RESULT_DAYS = 30


def _audit_days() -> int:
    return settings.AUDIT_RETENTION_DAYS


def old_audit_entries():
    return AuditEntry.objects.filter(at__lt=timezone.now() - timedelta(days=_audit_days()))


def old_admin_log():
    return LogEntry.objects.filter(action_time__lt=timezone.now() - timedelta(days=_audit_days()))


def expired_sessions():
    return Session.objects.filter(expire_date__lt=timezone.now())


def ended_user_sessions():
    live = Session.objects.filter(expire_date__gte=timezone.now()).values("session_key")
    return UserSession.objects.exclude(session_key__in=live)


def old_uploads():
    return ImportUpload.objects.filter(created__lt=timezone.now() - timedelta(days=IMPORT_UPLOAD_DAYS))


def finished_tasks():
    return DBTaskResult.objects.filter(finished_at__lt=timezone.now() - timedelta(days=TASK_RESULT_DAYS))


@receiver(personal_data_requested)
def core_personal_data(sender, **kwargs) -> list[PersonalData]:
    audit_years = round(_audit_days() / 365)
    account = _("until the person deletes the account, or the operator erases it")
    return [
        PersonalData(
            model=User,
            subjects=_("everyone with an account"),
            categories=_(
                "name, e-mail address, language of e-mails, when the account was made and last used"
            ),
            purpose=_("to let the person log in and to reach them about what they take part in"),
            legal_basis=LegalBasis.CONTRACT,
            retention=account,
            user_field="pk",
            email_field="email",
        ),
        PersonalData(
            model=EmailAddress,
            title=_("e-mail addresses for log-in"),
            subjects=_("everyone with an account"),
            categories=_("the e-mail address used to log in, and whether it is confirmed"),
            purpose=_("to send log-in codes and invitations to the right address"),
            legal_basis=LegalBasis.CONTRACT,
            retention=account,
            user_field="user",
        ),
        PersonalData(
            model=Authenticator,
            title=_("second factors"),
            subjects=_("Balansekunst staff"),
            categories=_("the kind of second factor, when it was set up and last used (never its secret)"),
            purpose=_("to protect the staff's access to the register"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=account,
            user_field="user",
            hidden_fields=("data",),
        ),
        PersonalData(
            model=Session,
            title=_("log-in sessions"),
            subjects=_("everyone who logs in"),
            categories=_("a log-in session, and a log-in code while it is being typed"),
            purpose=_("to keep the person logged in"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("until the session ends (two weeks at most); log-in codes expire after 10 minutes"),
            expires=expired_sessions,
            retention_period=timedelta(days=14),
            user_field="account",  # in a download: when each ends (never its key or data)
        ),
        PersonalData(
            model=UserSession,
            title=_("where people are logged in"),
            subjects=_("everyone who logs in"),
            categories=_("where the person is logged in: IP address, browser, when it was last used"),
            purpose=_("to let the person see where they are logged in and end the others"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("until the session ends"),
            expires=ended_user_sessions,
            retention_period=timedelta(days=14),
            user_field="user",
        ),
        PersonalData(
            model=AuditEntry,
            subjects=_("everyone who changes something"),
            categories=_("who did what to which record, and when (never the content, never IP addresses)"),
            purpose=_("to be able to show who decided what, and to find misuse"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_(
                "%(years)s years, then deleted; when an account is deleted its entries keep a pseudonym"
            )
            % {"years": audit_years},
            expires=old_audit_entries,
            retention_period=timedelta(days=_audit_days()),
            user_field="actor",
        ),
        PersonalData(
            model=LogEntry,
            title=_("log of the technical administration pages"),
            subjects=_("Balansekunst staff"),
            categories=_("changes made in the technical administration pages"),
            purpose=_("to be able to show who changed what"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("%(years)s years, then deleted") % {"years": audit_years},
            expires=old_admin_log,
            retention_period=timedelta(days=_audit_days()),
            user_field="user",
        ),
        PersonalData(
            model=ImportUpload,
            subjects=_("people listed in a register file the operator imports"),
            categories=_("the uploaded file, between its preview and its confirmation"),
            purpose=_("to show the preview before anything is saved"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("deleted when confirmed, or after a day"),
            expires=old_uploads,
            retention_period=timedelta(days=IMPORT_UPLOAD_DAYS),
            user_field="uploaded_by",
            hidden_fields=("content",),
        ),
        PersonalData(
            model=DBTaskResult,
            title=_("e-mails being sent"),
            subjects=_("people the platform sends e-mail to"),
            categories=_("the recipient's address and the e-mail's details while it is being sent"),
            purpose=_("to send e-mails, and try again if sending fails"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("30 days after it was sent"),
            expires=finished_tasks,
            retention_period=timedelta(days=TASK_RESULT_DAYS),
        ),
    ]


@receiver(account_deletion_requested)
def core_deletion_notes(sender, *, user, **kwargs) -> list[DeletionNote]:
    if user.is_staff and not User.objects.filter(is_staff=True, is_active=True).exclude(pk=user.pk).exists():
        return [
            DeletionNote(
                gettext("You are the last Balansekunst staff member with an account. Make another first."),
                blocking=True,
            )
        ]
    return []


@receiver(user_logged_in)
def record_user_session(sender, *, request, user, **kwargs) -> None:
    """Every log-in shows in "Where you are logged in", also those outside allauth's forms (an accepted
    invitation, the admin): allauth records only its own."""
    if hasattr(request, "session") and hasattr(request, "user") and request.META.get("REMOTE_ADDR"):
        UserSession.objects.create_from_request(request)


def install_write_stamps(sender, *, using, **kwargs):
    """After `migrate` (and a flush): the registers' tables carry the write stamp's triggers
    (`balanse.core.stamps`), and the stamp is a new one. A new version of the code is put in with `migrate`
    (README, "Running in production"), so nothing the code before it kept in a shared cache (figures, whole
    public pages with their markup and the static files' hashed names) is given out by the new code."""
    from balanse.core.stamps import STAMP_TABLE, install_triggers, renew

    install_triggers(using)
    if STAMP_TABLE in connections[using].introspection.table_names():
        renew(using)
