"""The items of the lists that fill a page as the data grows, written here in Python and each kept per value and
language (`functools.lru_cache`), rather than by the template language on every request (some 30 µs a row):
the public registry's rows (a page of 50), the operator's lists' rows, and a certification page's history,
guidance meetings and review comments. Each is the markup its template wrote, character for character, every
value escaped as the template escaped it (Django's `escape` is `html.escape` of the text);
tests/certification/test_rows.py holds the two equal, in both languages."""

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, gettext

from balanse.certification.models import Certification
from balanse.certification.queries import RegistryRow
from balanse.core.dates import format_date, format_datetime
from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link

S = Certification.State


@lru_cache(maxsize=4096)
def _registry_row(row: RegistryRow, language: str | None) -> str:
    """One row as the table's loop wrote it (with the loop's white space around it), in `language` (the active
    one when it was first asked for: the day's text, and the art fields' names the row holds)."""
    url = reverse("certification:verify", args=[row.certificate_number])
    return (
        "\n    \n    <tr>\n"
        f'      <th scope="row"><a class="ds-link" href="{escape(url)}">{escape(row.name)}</a></th>\n'
        f"      <td>{escape(row.art_fields)}</td>\n"
        f"      <td>{escape(row.municipality) if row.municipality else '–'}</td>\n"
        f"      <td>{escape(format_date(row.valid_until))}</td>\n"
        "    </tr>\n\n  "
    )


def registry_rows(rows: list[RegistryRow]) -> SafeString:
    """The registry's table rows (the page's `RegistryRow`s, in its order), each written once per value and
    language."""
    language = get_language()
    return SafeString("".join([_registry_row(row, language) for row in rows]))


# The operator's lists (the dashboard's first few lines of each, the list page's page of 25): each line's row
# as the list's table template wrote it, made once per line value, list, day count and language (`operator`).

# The lists of the list page (`?vis=`), beside the organisations in one state (`?status=`).
QUEUE, STUCK, EXPIRING = "vurdering", "star-stille", "utloper"


def line_html(view: str, row: dict) -> str:
    """One row of the table of `view` (a key of `operator.TEXTS`), with the loop's white space around it."""
    name = f'<a class="ds-link" href="{escape(row["url"])}{"#review-heading" if view == QUEUE else ""}">'
    cells = [f'      <th scope="row">{name}{escape(row["name"])}</a></th>\n']
    if view == QUEUE:
        cells += [f"      <td>{escape(row['since_text'])}</td>\n", f"      <td>{row['waiting_text']}</td>\n"]
    elif view == STUCK:
        holder = gettext("Balansekunst") if row["holder"] == "balansekunst" else gettext("The organisation")
        cells += [
            f"      <td>{escape(row['state_label'])}</td>\n",
            f"      <td>{escape(holder)}</td>\n",
            f"      <td>{row['in_state_text']}</td>\n",
        ]
    elif view == EXPIRING:
        cells += [
            f"      <td>{escape(row['state_label'])}</td>\n",
            f"      <td>{escape(row['valid_until_text'])}</td>\n",
        ]
    else:
        until = row["valid_until_text"]
        cells += [
            f"      <td>{escape(row['state_label'])}</td>\n",
            f"      <td>{escape(row['changed_text'])}</td>\n",
            f"      <td>{escape(until) if until else '–'}</td>\n",
        ]
    return "\n    \n    <tr>\n" + "".join(cells) + "    </tr>\n\n  "


def rows_html(rows) -> SafeString:
    """The table rows of these rows (each a mapping with its `html`), for a table template's `rows_html`."""
    return SafeString("".join([row["html"] for row in rows]))


# A certification's page (the organisation's, the operator's case page): the lists that grow with the
# certification's life (its history, its guidance meetings, the review's comments), each item written once per
# value and language, as the page's template wrote it.


@lru_cache(maxsize=4096)
def _history_row(at, from_state: str, to_state: str, by: str | None, reason: str, language, zone) -> str:
    change = f"{escape(choice_label(S, from_state))} → " if from_state else ""
    who = gettext("the system") if by is None else escape(by)
    return (
        "\n    \n    <tr>\n"
        f"      <td>{escape(format_datetime(at))}</td>\n"
        f"      <td>{change}{escape(choice_label(S, to_state))}</td>\n"
        f"      <td>{who}</td>\n"
        f"      <td>{escape(reason) if reason else '–'}</td>\n"
        "    </tr>\n\n  "
    )


def history_rows(changes) -> SafeString:
    """The history table's rows (StateChanges with who made each, in the table's order), as
    `_history_table.html` wrote them."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    return SafeString(
        "".join(
            [
                _history_row(
                    change.at,
                    change.from_state,
                    change.to_state,
                    None if change.by is None else str(change.by),
                    change.reason,
                    language,
                    zone,
                )
                for change in changes
            ]
        )
    )


@lru_cache(maxsize=4096)
def _meeting(day, notes: str, next_step: str, language) -> str:
    next_label = escape(gettext("Next step:"))
    step = f"<br>{next_label} {escape(next_step)}" if next_step else ""
    notes = escape(normalize_newlines(notes)).replace("\n", "<br>")
    return f"\n  <li><strong>{escape(format_date(day))}</strong>: {notes}{step}</li>\n"


def meeting_items(meetings) -> SafeString:
    """The guidance meetings' list items (in the list's order), as `_meetings.html` wrote them."""
    language = get_language()
    return SafeString(
        "".join([_meeting(meeting.date, meeting.notes, meeting.next_step, language) for meeting in meetings])
    )


@lru_cache(maxsize=4096)
def _comment(created, text: str, reply: str, replied_at, language, zone) -> str:
    """A review comment (and the organisation's answer) under its measure, as `_requirements.html` wrote it."""
    said = gettext("Comment from the review (%(date)s):") % {"date": escape(format_date(created))}
    html = f'<p class="ds-paragraph comment" data-size="sm">{said} {escape(text)}</p>'
    if reply:
        answered = gettext("The organisation answered (%(date)s):") % {
            "date": escape(format_date(replied_at))
        }
        html += f'<p class="ds-paragraph answer" data-size="sm">{answered} {escape(reply)}</p>'
    return html


def comment_paragraphs(comments) -> SafeString:
    """A measure's review comments (in their order), as `_requirements.html` wrote them."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    return SafeString(
        "".join(
            [
                _comment(comment.created, comment.text, comment.reply, comment.replied_at, language, zone)
                for comment in comments
            ]
        )
    )


_CSRF = "\x00csrf\x00"  # where the request's CSRF field goes in a kept item (no text holds it)


@lru_cache(maxsize=4096)
def _open_comment(
    pk: int, label: str, created, text: str, answer_url: str | None, answer_form: str, language, zone
) -> str:
    """A comment that still needs the organisation, as organisation.html's list wrote it (the CSRF field left
    as `_CSRF`); `answer_url`: where its answer form posts, None when the person may not answer."""
    said = gettext("Comment from the review (%(date)s):") % {"date": escape(format_date(created))}
    must, answer, save = gettext("Must be changed"), gettext("Answer the comment"), gettext("Save the answer")
    html = (
        f'\n    <li id="comment-{pk}">\n'
        f'      <h3 class="ds-heading" data-size="xs">{escape(label)} <span class="ds-tag" data-color="danger">'
        f"{escape(must)}</span></h3>\n"
        f'      <p class="ds-paragraph comment">{said} {escape(text)}</p>\n      '
    )
    if answer_url is not None:
        html += (
            "\n      <details>\n"
            f"        <summary>{escape(answer)}</summary>\n"
            f'        <form method="post" action="{escape(answer_url)}" novalidate>{_CSRF}\n'
            f"          {answer_form}\n"
            '          <div class="form-actions"><button class="ds-button" data-variant="secondary" type="submit">'
            f"{escape(save)}</button></div>\n"
            "        </form>\n"
            "      </details>\n      "
        )
    return html + "\n    </li>\n    "


def open_comment_items(comments, may_answer: bool, certification_pk: int, csrf_input) -> SafeString:
    """The list items of the comments that still need the organisation (each with `.label`, and `.answer_form`
    when the person may answer), as organisation.html wrote them; `csrf_input()`: the request's CSRF field,
    asked for only when an answer form is shown (as the `{% csrf_token %}` tag asks only then)."""
    if not comments:
        return SafeString("")
    language, zone = get_language(), timezone.get_current_timezone_name()
    link = row_link("certification:answer", key="comment_pk", pk=certification_pk) if may_answer else None
    html = "".join(
        [
            _open_comment(
                comment.pk,
                comment.label,
                comment.created,
                comment.text,
                link(comment.pk) if link else None,
                comment.answer_form if link else "",
                language,
                zone,
            )
            for comment in comments
        ]
    )
    return SafeString(html.replace(_CSRF, csrf_input()) if may_answer else html)
