"""Django's and allauth's log-in backends, reading the logged-in person with a query compiled once.

Every request of a logged-in person reads their account (`get_user`): the same query each time, which Django
builds and compiles anew (balanse.core.compiled). Both backends answer exactly as their parents: the active
account with that id, or None. While the request's person is found, the account the session's row was read with
is taken (`balanse.core.sessions`): the same account, read in the same query as the session.
"""

from allauth.account import auth_backends as allauth_backends
from allauth.mfa.models import Authenticator
from django.contrib.auth import backends, get_user_model
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Concat

from balanse.core import compiled

# The backend a view names when it logs a person in itself (an accepted invitation, a course's join link).
MODEL_BACKEND = "balanse.core.auth_backends.ModelBackend"


# Set on the account read by `user_by_pk`: whether it has a second factor (allauth's `is_mfa_enabled`), read in
# the same query, for the staff's check on every page (`balanse.core.middleware.has_second_factor`).
SECOND_FACTOR = "balanse_has_second_factor"


def known_second_factor(user) -> bool | None:
    """Whether `user` has a second factor, as read with the account (`SECOND_FACTOR`); None when it was not read
    so (the caller asks the database)."""
    known = getattr(user, SECOND_FACTOR, None)
    return None if known is None else bool(known)


def second_factor_of(account: str):
    """Whether the account in the outer query's column `account` has a second factor, as an expression (read
    along with the account here and with the session in `balanse.core.sessions`)."""
    return Exists(Authenticator.objects.filter(user_id=OuterRef(account)))


# The account's fact read with the session (`balanse.core.sessions.read_along`, said in CoreConfig.ready): its
# model permissions, its own and its groups', for `User._perm_cache`.
MODEL_PERMISSIONS = "core.model_permissions"


def _permission_names(through, permission: str):
    """The permissions the rows of `through` (a many-to-many table with a `user_id`) give the outer query's
    "account_id", as one text "app_label.codename,…" (empty for none); `permission` leads from a row to them."""
    return compiled.one_text(
        through.objects.filter(user_id=OuterRef("account_id"), **{f"{permission}__isnull": False}),
        "user_id",
        f"{permission}__content_type__app_label",
        Value("."),
        f"{permission}__codename",
    )


def model_permissions_in_one_text():
    """The session's account's model permissions (Django's `auth`: the operator's roles), its own and its
    groups', as one text "app_label.codename,…" ("" or commas only for none), read with the session: a staff
    page asks one of them (the rules deny it, Django's ModelBackend is asked next), and that was a query of its
    own on every operator page. Neither an app label nor a codename holds a comma."""
    user = get_user_model()
    return Concat(
        _permission_names(user.user_permissions.through, "permission"),
        Value(","),
        _permission_names(user.groups.through, "group__permissions"),
        output_field=CharField(),
    )


def _account(pk):
    model = get_user_model()
    return model._default_manager.filter(pk=pk).annotate(**{SECOND_FACTOR: second_factor_of("pk")})


def user_by_pk(user_id):
    """The account with id `user_id` (a whole number), or None; with whether it has a second factor."""
    model = get_user_model()
    found = compiled.instances(
        ("auth.user_by_pk", model._meta.label), model, _account, annotations=(SECOND_FACTOR,), pk=user_id
    )
    return found[0] if found else None


class CompiledGetUser:
    def get_user(self, user_id):
        from balanse.core.sessions import account_read_along  # the session store imports this module

        user = account_read_along(user_id)
        if user is None:
            user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(CompiledGetUser, backends.ModelBackend):
    pass


class AuthenticationBackend(CompiledGetUser, allauth_backends.AuthenticationBackend):
    pass
