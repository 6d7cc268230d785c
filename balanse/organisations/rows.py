"""Table rows written in Python rather than by the template language (some 60 µs a row there), each kept per
value and language: the operator's list of organisations (a page of `queries.ListRow`s) and the people of an
organisation's page (every one of its `queries.PersonRow`s and open `queries.InvitationRow`s, however many). The markup is the row templates'
character for character, every value escaped as the template escaped it (Django's `escape` is `html.escape` of
the text; translated words are written as they are, as `{% translate %}` writes them);
tests/organisations/test_rows.py holds the two equal."""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.core.dates import format_date
from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link, tag
from balanse.organisations.models import Role


@lru_cache(maxsize=4096)
def _list_row(language: str | None, row) -> str:
    """One line of the list of organisations (a `queries.ListRow`), in `language` (the active one)."""
    url, name, member_since, fields, municipality, org_number, people = row
    word = gettext("new member 2020")  # outside the f-string: makemessages does not look inside its braces
    new = f" {tag('info', word)}" if member_since == 2020 else ""
    return (
        "\n    \n    <tr>\n"
        f'      <th scope="row"><a class="ds-link" href="{escape(url)}">{escape(name)}</a>{new}</th>\n'
        f"      <td>{escape(fields)}</td>\n"
        f"      <td>{escape(municipality)}</td>\n"
        f"      <td>{escape(org_number)}</td>\n"
        f"      <td>{people}</td>\n"
        "    </tr>\n\n  "
    )


def list_rows(rows) -> SafeString:
    """The list's table rows for `rows` (`queries.ListRow`s, in the page's order)."""
    language = get_language()
    return SafeString("".join(_list_row(language, row) for row in rows))


def _csrf_input(token: str) -> str:
    """What `{% csrf_token %}` writes for `token`."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 (the tag's word for "no token", not a secret)
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


@lru_cache(maxsize=4096)
def _person_row(language: str | None, can_manage: bool, url: str, row) -> tuple[str, str]:
    """One line of an organisation's people (a `queries.PersonRow`) in `language`, as (before, after) the
    form's CSRF token (the one part that changes from one page to the next); `url`: the form's address."""
    pk, role, full_name, email = row
    person = escape(full_name or email)
    role_label = escape(choice_label(Role, role))
    head = f'\n    \n    <tr>\n      <th scope="row">{person}</th>\n'
    if not can_manage:
        return f"{head}      \n      <td>{role_label}</td>\n      \n    </tr>\n\n  ", ""
    label = gettext("Role for %(person)s") % {"person": person}
    admin = " selected" if role == "admin" else ""
    member = " selected" if role == "member" else ""
    # The words outside the f-strings: makemessages does not look inside an f-string's braces.
    administrator, member_word = gettext("Administrator"), gettext("Member")
    change_role, remove = gettext("Change role"), gettext("Remove")
    return (
        f"{head}      <td>{escape(email)}</td>\n"
        f"      <td>{role_label}</td>\n"
        "      \n      <td>\n"
        f'        <form method="post" action="{escape(url)}" class="inline-form">\n          ',
        "\n"
        f'          <label class="visually-hidden" for="role-{pk}">{label}</label>\n'
        f'          <select class="ds-input" data-size="sm" name="role" id="role-{pk}">\n'
        f'            <option value="admin"{admin}>{administrator}</option>\n'
        f'            <option value="member"{member}>{member_word}</option>\n'
        "          </select>\n"
        '          <button class="ds-button" data-variant="secondary" data-size="sm" type="submit" name="action"'
        f' value="role">{change_role}</button>\n'
        '          <button class="ds-button" data-variant="tertiary" data-color="danger" data-size="sm"'
        f' type="submit" name="action" value="remove">{remove}'
        f'<span class="visually-hidden"> {person}</span></button>\n'
        "        </form>\n      </td>\n      \n    </tr>\n\n  ",
    )


def people_rows(organisation_pk: int, rows, *, can_manage: bool, csrf_token: str = "") -> SafeString:
    """The people table's rows for `rows` (`queries.PersonRow`s, in order): with each one's e-mail address and
    the form that changes the role or removes the person when `can_manage` (`csrf_token`: the page's)."""
    language = get_language()
    link = row_link("organisations:membership_update", key="membership_pk", pk=organisation_pk)
    token = _csrf_input(csrf_token) if can_manage else ""
    out = []
    for row in rows:
        before, after = _person_row(language, can_manage, link(row[0]) if can_manage else "", row)
        out.append(f"{before}{token}{after}" if can_manage else before)
    return SafeString("".join(out))


@lru_cache(maxsize=4096)
def _invitation_item(language: str | None, url: str, email: str, role: str, until: str) -> tuple[str, str]:
    """One open invitation of an organisation's page in `language`, as (before, after) the form's CSRF token;
    `url`: the form's address, `until`: the last moment it is valid, written out."""
    email = escape(email)
    valid = gettext("valid until %(date)s") % {"date": escape(until)}
    withdraw = gettext("Withdraw")  # outside the f-string: makemessages does not look inside its braces
    return (
        f"\n      <li>\n        {email} ({escape(choice_label(Role, role))}) – {valid}\n"
        f'        <form method="post" action="{escape(url)}" class="inline-form">\n          ',
        "\n"
        '          <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">'
        f'{withdraw}<span class="visually-hidden"> {email}</span></button>\n'
        "        </form>\n      </li>\n      ",
    )


def invitation_items(organisation_pk: int, invitations, csrf_token: str) -> SafeString:
    """The list items of the open invitations `invitations` (`queries.InvitationRow`s, in order), each with
    the form that withdraws it (`csrf_token`: the page's)."""
    language = get_language()
    link = row_link("organisations:invitation_revoke", key="invitation_pk", pk=organisation_pk)
    token = _csrf_input(csrf_token)
    out = []
    for pk, email, role, expires_at in invitations:
        before, after = _invitation_item(language, link(pk), email, role, format_date(expires_at))
        out.append(f"{before}{token}{after}")
    return SafeString("".join(out))
