"""What the operator's lists do once for a page rather than once for each row: a member's link made from one
reversed URL (`core.views_helpers.row_link`); amounts (`intcomma`) written by the same functions as the
filters, once per value and language (dates are kept by `balanse.core.dates` itself, art fields' names by
`organisations.models.art_field_label`)."""

from decimal import Decimal
from functools import lru_cache
from html import escape

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.core.dates import format_date, format_short_date
from balanse.core.views_helpers import row_link, tag
from balanse.members.models import REACHED_KIND_LABELS
from balanse.organisations.models import art_field_label


def detail_link(year: int | None = None):
    """`link(pk)` → the member's page (`members:detail`), with `?ar=year` when given."""
    return row_link("members:detail", query=f"?ar={year}" if year is not None else "")


@lru_cache(maxsize=4096)
def _kroner(language: str | None, value: int) -> str:
    return intcomma(value)  # in `language`, the active one when it was first asked for


def kroner(value: int | None) -> str:
    """The same text as the `intcomma` filter (15 000), each amount formatted once per language and process;
    "" for None."""
    if value is None:
        return ""
    return _kroner(get_language(), value)


@lru_cache(maxsize=4096)
def _kroner_and_ore(language: str | None, value: Decimal) -> str:
    return intcomma(floatformat(value, 2))  # in `language`, the active one when it was first asked for


def kroner_and_ore(value: Decimal) -> str:
    """The same text as `floatformat:2|intcomma` (1 500,00), once per amount and language."""
    return _kroner_and_ore(get_language(), value)


def member_rows(rows: list[tuple], year: int) -> SafeString:
    """The member list's table rows (`queries.ListRow`s, in the page's order) written here, once
    per row, rather than by the template language (some 60 µs a row): the same markup the list's row template
    wrote, every value escaped as the template escaped it (Django's `escape` is `html.escape` of the text).
    tests/members/test_list_rows.py holds the two equal."""
    link = detail_link(year)  # reversed once for the page
    # The words outside the f-strings: makemessages (xgettext) does not look inside an f-string's braces.
    new_word, left_word = gettext("new"), gettext("left")
    new, left = f" {tag('info', new_word)}", f" {tag('warning', left_word)}"
    agreement, no_fee = escape(gettext("Special agreement")), escape(gettext("No fee"))
    not_paid = tag("danger", gettext("not paid"))
    out = []
    for pk, name, municipality, joined, has_left, field_code, tier, agreed, paid, has_fee in rows:
        fee = f"{escape(kroner(tier))} kr" if tier else agreement if agreed else no_fee if has_fee else "–"
        paid_text = f"{escape(kroner(paid))} kr" if paid else not_paid if tier else "–"
        field = art_field_label(field_code) if field_code else ""
        out.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a class="ds-link" href="{escape(link(pk))}">{escape(name)}</a>'
            f"{new if joined.year == year else ''}{left if has_left else ''}</th>\n"
            f"      <td>{escape(field) if field else '–'}</td>\n"
            f"      <td>{escape(municipality) if municipality else '–'}</td>\n"
            f'      <td class="nowrap">{escape(format_short_date(joined))}</td>\n'
            f"      <td>{fee}</td>\n"
            f'      <td class="amount">{paid_text}</td>\n'
            "    </tr>\n  "
        )
    return SafeString("".join(out))


def supporting_rows(members, year: int) -> SafeString:
    """The supporting members' table rows (SupportingMember instances, in the page's order) written here, once
    per row, as `member_rows`: the same markup the list's row template wrote, every value escaped as the
    template escaped it. tests/members/test_list_rows.py holds the two equal."""
    erased_word, new_word = gettext("(erased after leaving)"), gettext("new")  # outside the f-strings
    erased = f'<span class="muted">{escape(erased_word)}</span>'
    new = f" {tag('info', new_word)}"
    out = []
    for member in members:
        left = format_short_date(member.left)
        out.append(
            "\n    <tr>\n"
            f'      <th scope="row">{erased if member.is_erased else escape(member.name)}'
            f"{new if member.joined.year == year else ''}</th>\n"
            f"      <td>{escape(member.email) if member.email else '–'}</td>\n"
            f"      <td>{escape(member.municipality) if member.municipality else '–'}</td>\n"
            f'      <td class="nowrap">{escape(format_short_date(member.joined))}</td>\n'
            f'      <td class="nowrap">{escape(left) if left else "–"}</td>\n'
            "    </tr>\n  "
        )
    return SafeString("".join(out))


def collaboration_rows(rows, year: int, reached: dict | None = None) -> SafeString:
    """The collaboration page's list items of members, written here once per row as `member_rows`: `rows` as
    `queries.collaboration_members` reads them, (pk, organisation id, name, art field code or None). Without
    `reached`, the members not reached, each with its art field ("None" when it has none, as the template
    wrote it); with `reached` (the year's `queries.reached`), those reached, each with how (the kinds' labels
    in alphabetical order, joined by commas). tests/members/test_list_rows.py holds them equal to the
    template's."""
    link = detail_link(year)  # reversed once for the page
    out = []
    for pk, organisation_id, name, code in rows:
        start = f'<li><a class="ds-link" href="{escape(link(pk))}">{escape(name)}</a>'
        if reached is None:
            field = art_field_label(code) if code else None
            out.append(f'{start} <span class="muted">({escape(str(field))})</span></li>')
        else:
            kinds = sorted(str(REACHED_KIND_LABELS.get(kind, kind)) for kind in reached[organisation_id])
            out.append(f"{start} – {', '.join(escape(kind) for kind in kinds)}</li>")
    return SafeString("".join(out))


def application_rows(applications) -> SafeString:
    """The applications waiting for a decision (MembershipApplication instances with their art field read
    along, in the page's order) as table rows written here, once per row, as `member_rows`: the markup the
    page's row template wrote.
    tests/members/test_list_rows.py holds the two equal."""
    link = row_link("members:application")  # reversed once for the page
    return SafeString(
        "".join(
            "\n    <tr>"
            f'<th scope="row"><a class="ds-link" href="{escape(link(application.pk))}">{escape(application.name)}'
            f"</a></th><td>{escape(str(application.field))}</td><td>{escape(application.municipality)}</td>"
            f"<td>{escape(format_date(application.created))}</td></tr>\n  "
            for application in applications
        )
    )


def decided_application_rows(applications) -> SafeString:
    """The decided applications of the page (MembershipApplication instances with `decided_by` read along) as
    table rows written here, once per row, as `application_rows`.
    tests/members/test_list_rows.py holds them equal to the page's loop before."""
    link = row_link("members:application")
    return SafeString(
        "".join(
            "\n    <tr>"
            f'<th scope="row"><a class="ds-link" href="{escape(link(application.pk))}">{escape(application.name)}'
            f"</a></th><td>{escape(str(application.get_state_display()))}</td>"
            f"<td>{escape(format_date(application.decided_at))}</td>"
            f"<td>{escape(str(application.decided_by)) if application.decided_by else '–'}</td></tr>\n  "
            for application in applications
        )
    )
