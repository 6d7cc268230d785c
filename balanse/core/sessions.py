"""The database session store, with its one query per request compiled once (balanse.core.compiled).

Django's store asks for the row whose key matches and whose expiry is still ahead; here the row is asked for by
its key alone and its expiry compared in Python, so the query takes only the key (a text) as its parameter. An
expired session reads as no session, exactly as in Django's store.
"""

from django.contrib.sessions.backends import db
from django.utils import timezone

from balanse.core import compiled


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.session_key is None:  # no key, no row (Django's store would look for one, in vain)
            self._session_key = None
            return None
        model = self.model
        session = compiled.instance(
            ("sessions.by_key", model._meta.label),
            model,
            lambda session_key: model.objects.filter(session_key=session_key),
            session_key=self.session_key,
        )
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
