"""Every e-mail the site sends is built and sent here.

`send_email()` renders a subject and a body from templates in each recipient's language and hands the
message to Django's Tasks framework (`deliver_email`), so a slow or failing mail server never holds a request:
with the database backend (production) a worker (`manage.py db_worker`) sends it and retries a failed send
with a growing delay; with the immediate backend (tests, demo) it is sent at once.

Templates: ``<name>_subject.txt`` (one line) and ``<name>.txt`` (plain-text body). Their context has
``site_name`` and ``site_url``; links in it come from `balanse.core.links`.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.utils import timezone, translation

from balanse.core.links import site_url
from balanse.core.models import SentEmail, User

logger = logging.getLogger(__name__)

Recipient = User | str  # a person (their `language` is used) or an e-mail address


def _address_and_language(recipient, language: str | None) -> tuple[str, str]:
    if isinstance(recipient, str):
        return recipient, language or settings.LANGUAGE_CODE
    return recipient.email, language or getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def render_email(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """The subject (one line) and the body of `template` in `language`."""
    context = {"site_name": settings.SITE_NAME, "site_url": site_url(), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context).strip() + "\n"
    return subject, body


def send_email(
    *,
    to: Recipient | Iterable[Recipient],
    template: str,
    context: dict,
    language: str | None = None,
    once_key: str | None = None,
    reply_to: str | None = None,
) -> bool:
    """Send `template` to `to` (people and/or addresses), one message per language, after the transaction.

    `language` overrides the recipients' own. With `once_key`, an e-mail with the same key is never sent
    again (a retried transition or command sends once); returns False when it was skipped for that reason.
    """
    recipients = [to] if isinstance(to, str) or not isinstance(to, Iterable) else list(to)
    if once_key is not None:
        try:
            with transaction.atomic():
                SentEmail.objects.create(key=once_key[:200])
        except IntegrityError:
            return False
    by_language: dict[str, list[str]] = {}
    for recipient in recipients:
        address, lang = _address_and_language(recipient, language)
        if address and address not in by_language.setdefault(lang, []):
            by_language[lang].append(address)
    for lang, addresses in by_language.items():
        subject, body = render_email(template, context, language=lang)
        queue_message(to=addresses, subject=subject, body=body, reply_to=reply_to)
    return True


def queue_message(*, to: list[str], subject: str, body: str, reply_to: str | None = None) -> None:
    """Queue an already rendered message (allauth's e-mails come this way) once the transaction commits."""
    message = {"to": list(to), "subject": subject, "body": body, "reply_to": reply_to or ""}
    if _backend_stores_tasks():
        # The task row is written in the same transaction as the change it reports: both or neither.
        deliver_email.enqueue(message=message, attempt=1)
    else:
        transaction.on_commit(lambda: deliver_email.enqueue(message=message, attempt=1))


def _backend_stores_tasks() -> bool:
    return bool(getattr(task_backends[deliver_email.backend], "supports_defer", False))


def retry_delay(attempt: int) -> timedelta:
    """1, 5, 25, … minutes after the attempt that failed, at most 6 hours."""
    return timedelta(minutes=min(5 ** (attempt - 1), 360))


@task
def deliver_email(*, message: dict, attempt: int = 1) -> None:
    """Send one message. A failed send is queued again (up to EMAIL_MAX_ATTEMPTS) and then reported."""
    email = EmailMessage(
        subject=message["subject"],
        body=message["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        reply_to=[message["reply_to"]] if message.get("reply_to") else None,
    )
    try:
        email.send()
    except Exception:
        if attempt >= settings.EMAIL_MAX_ATTEMPTS:
            logger.exception("E-mail %r could not be sent after %s attempts", message["subject"], attempt)
            raise
        logger.warning("E-mail %r failed (attempt %s); trying again", message["subject"], attempt)
        retry = deliver_email
        if _backend_stores_tasks():
            retry = deliver_email.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(message=message, attempt=attempt + 1)
        raise
