"""Factories for the foundation's models (audit log, once-only e-mails, uploaded register files), and the base
every factory in tests/<app>/factories.py builds on: an object is validated (full_clean, which checks the
model's fields and constraints) before it is saved, so a factory cannot make what the site would refuse."""

from datetime import timedelta

import factory
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from balanse.core import audit
from balanse.core.models import AuditEntry, ImportUpload, SentEmail, Session, WriteStamp
from tests.factories import OrganisationFactory, UserFactory


class ValidatedFactory(factory.django.DjangoModelFactory):
    """Builds the instance, runs full_clean() and saves it (instead of objects.create)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        manager = cls._get_manager(model_class)
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save(using=manager.db)
        return instance


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """An audit entry is written by balanse.core.audit.record, as every service does."""

    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory)
    action = "organisation.updated"
    obj = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *, actor, action, obj, **details):
        return audit.record(actor=actor, action=action, obj=obj, **details)

    @classmethod
    def _build(cls, model_class, *, actor, action, obj, **details):
        return model_class(
            actor=actor,
            action=action,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            details=details,
        )


class SentEmailFactory(ValidatedFactory):
    class Meta:
        model = SentEmail

    key = factory.Sequence(lambda n: f"test-once-key-{n}")


class ImportUploadFactory(ValidatedFactory):
    class Meta:
        model = ImportUpload

    kind = "members"
    filename = factory.Sequence(lambda n: f"medlemmer-{n}.csv")
    content = b"Navn;Organisasjonsnummer\r\nTestteater;\r\n"
    uploaded_by = factory.SubFactory("tests.factories.OperatorFactory")


class WriteStampFactory(ValidatedFactory):
    """A row like the one the registers' triggers change (balanse.core.stamps reads the row with id 1, which the
    migration makes; these take ids after it, as the PostgreSQL sequence does not know of that row)."""

    class Meta:
        model = WriteStamp

    id = factory.Sequence(lambda n: 2 + n)
    stamp = factory.Sequence(lambda n: 1000 + n)


class SessionFactory(ValidatedFactory):
    """A log-in session as the session store writes it: its data logged in as `account`, the column the same."""

    class Meta:
        model = Session

    account = factory.SubFactory(UserFactory)
    session_key = factory.Sequence(lambda n: f"{n:032d}")
    expire_date = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    session_data = factory.LazyAttribute(
        lambda o: Session.get_session_store_class()().encode(
            {
                SESSION_KEY: str(o.account.pk),
                BACKEND_SESSION_KEY: "balanse.core.auth_backends.ModelBackend",
                HASH_SESSION_KEY: o.account.get_session_auth_hash(),
            }
        )
    )
