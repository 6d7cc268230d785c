"""The database session store: the session and the person logged in read in one query, compiled once (issue 19).

Every request of a logged-in person reads its session and then its account (`get_user`): two round trips to
the database, the second of which the first could have made. Here the session's row (`core.Session`) holds the
account its data is logged in as, in a column written with every save, and the row is read with that account
joined (and whether it has a second factor, as `balanse.core.auth_backends.user_by_pk` reads it, and the facts
about the person the apps ask on every page: `read_along`). Django's own
`get_user` still decides who is logged in, from the session's data, through the log-in backends; while the
request's person is being found (`balanse.core.middleware.AuthenticationMiddleware`), a backend asked for the
account the session's row holds takes the one read along (`account_read_along`) instead of asking again.

Django's store asks for the row whose key matches and whose expiry is still ahead; here the row is asked for by
its key alone and its expiry compared in Python, so the query takes only the key (a text) as its parameter. An
expired session reads as no session, exactly as in Django's store.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone

from balanse.core import compiled
from balanse.core.auth_backends import SECOND_FACTOR, second_factor_of

# The session whose account a log-in backend may take (set while the request's person is found).
_finding: ContextVar = ContextVar("balanse_session_finding_user", default=None)

# {name: (the annotation's name, a function giving an expression over the session's "account_id")}: facts about
# the person that every page asks (whether they take a course), read in the session's query; each app says its
# own at start-up.
_facts: dict = {}
FACTS = "balanse_account_facts"  # the attribute of the account read along: {name: value}


def read_along(name: str, expression, on_read=None) -> None:
    """Read `expression()` (an expression over `OuterRef("account_id")`, e.g. an `Exists`) with every session, as
    the account's fact `name` (`account_fact`). With `on_read`, each session read (logged in or not) also gives
    it the value (`balanse.core.stamps` takes the registers' write stamp so). Said in an app's `ready()`, before
    any request."""
    _facts[name] = (_fact_name(name), expression, on_read)


def account_fact(user, name: str):
    """The fact `name` of `user` if it was read with the request's session (`read_along`), else None: the caller
    then asks the database itself. As of when the session was read, at the start of the request."""
    return getattr(user, FACTS, {}).get(name)


def _fact_name(name: str) -> str:
    return "balanse_fact_" + "".join(c if c.isalnum() else "_" for c in name)


def _with_account(session_key, *, model):
    return (
        model.objects.filter(session_key=session_key)
        .select_related("account")
        .annotate(
            **{SECOND_FACTOR: second_factor_of("account_id")},
            **{annotation: expression() for annotation, expression, _ in _facts.values()},
        )
    )


class SessionStore(db.SessionStore):
    # The account the session's row named when it was read (None: none, or not read yet).
    _account = None

    @classmethod
    def get_model_class(cls):
        from balanse.core.models import Session

        return Session

    def _get_session_from_db(self):
        self._account = None
        if self.session_key is None:  # no key, no row (Django's store would look for one, in vain)
            self._session_key = None
            return None
        model = self.model
        facts = tuple((name, annotation) for name, (annotation, _, _) in _facts.items())
        session = compiled.instance(
            ("sessions.by_key", model._meta.label, facts),
            model,
            lambda session_key: _with_account(session_key, model=model),
            related=("account",),
            annotations=(SECOND_FACTOR, *(annotation for _, annotation in facts)),
            session_key=self.session_key,
        )
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        for annotation, _, on_read in _facts.values():
            if on_read is not None:
                on_read(getattr(session, annotation))
        account = session.account
        if account is not None:
            setattr(account, SECOND_FACTOR, getattr(session, SECOND_FACTOR))
            setattr(account, FACTS, {name: getattr(session, annotation) for name, annotation in facts})
            self._account = account
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.account_id = _account_id(data)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.account_id = _account_id(data)
        return session

    # Saving is Django's own (`db.SessionStore.save`), written once more only for how the row is written (`_write`).
    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        _write(self.create_model_instance(data), must_create)

    async def asave(self, must_create=False):
        if self.session_key is None:
            return await self.acreate()
        data = await self._aget_session(no_load=must_create)
        obj = await self.acreate_model_instance(data)
        await sync_to_async(_write)(obj, must_create)


def _write(session, must_create: bool) -> None:
    """Save the session's row as Django's store does: an insert when `must_create`, else an update, and
    CreateError and UpdateError as it raises them. Some pages write the session on every visit (allauth keeps a
    fresh security-key challenge in it), so an update outside a transaction is one statement, written once
    (`_update_sql`) and sent alone: a statement is a transaction of its own, and Django's way (a transaction
    opened around the model's save, which builds its statement anew) costs two more round trips to the database
    and the building, 0.78 → 0.39 ms on PostgreSQL. Inside a transaction already open (a log-in that also
    creates the account), and for an insert, it is Django's way: a failure then rolls back only the session's
    statement. The row's save sends no model signals this way; none listens to the session's model (a test
    holds that)."""
    model = type(session)
    using = router.db_for_write(model, instance=session)
    connection = connections[using]
    try:
        if not must_create and connection.get_autocommit():
            sql, fields = _update_sql(model, connection)
            values = [field.get_db_prep_save(getattr(session, field.attname), connection) for field in fields]
            with connection.cursor() as cursor:
                cursor.execute(sql, [*values, session.session_key])
                if cursor.rowcount != 1:
                    raise UpdateError
            return
        with transaction.atomic(using=using):
            session.save(force_insert=must_create, force_update=not must_create, using=using)
    except IntegrityError:
        if must_create:
            raise CreateError from None
        raise
    except DatabaseError:
        if not must_create:
            raise UpdateError from None
        raise


_update_statements: dict = {}  # {(the session's model, a database's vendor): (statement, fields)}


def _update_sql(model, connection) -> tuple[str, tuple]:
    """The statement that writes a session's row whole but its key (`model`'s every concrete field), and those
    fields in its order; made once per model and kind of database (a request thread's connection is its own)."""
    key = (model, connection.vendor)
    if (found := _update_statements.get(key)) is None:
        quote = connection.ops.quote_name
        fields = tuple(field for field in model._meta.concrete_fields if not field.primary_key)
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (the model's names, quoted)
        found = _update_statements[key] = (sql, fields)
    return found


def _account_id(data: dict):
    """The id of the account the session's data is logged in as, or None."""
    value = data.get(SESSION_KEY)
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except Exception:  # noqa: BLE001 (not an id: the session names no account this column could hold)
        return None


@contextmanager
def finding_user(session):
    """While the request's person is found from `session` (a session store), the log-in backends may take the
    account its row was read with (`account_read_along`)."""
    token = _finding.set(session)
    try:
        yield
    finally:
        _finding.reset(token)


def account_read_along(user_id):
    """The account with id `user_id` as the session being read for the request's person holds it, read in the
    same query as the session; None when there is no such session or it holds another account (or none)."""
    session = _finding.get()
    account = getattr(session, "_account", None)
    if account is not None and account.pk == user_id:
        return account
    return None
