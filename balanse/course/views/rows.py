"""Rows of the course's lists written here, once per row, rather than by the template language (some tens of
µs a row): the same markup the templates wrote, every value escaped as the template escaped it (Django's
`escape` is `html.escape` of the text). tests/course/test_rows.py holds the two equal."""

from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from balanse.core.views_helpers import row_link
from balanse.course.models import StepKind
from balanse.course.queries import STATUS_LABELS


def learner_rows(rows: list[tuple]) -> SafeString:
    """The organisation's learners table's rows (`queries.OrganisationLearners`' rows, in the page's order), as
    `_learners_table.html`'s row block wrote them."""
    labels = {key: escape(str(label)) for key, label in STATUS_LABELS.items()}
    out = []
    for full_name, email, status in rows:
        out.append(
            f'\n    <tr><th scope="row">{escape(full_name or email)}</th><td>{escape(email)}</td>'
            f"<td>{labels[status]}</td></tr>\n  "
        )
    return SafeString("".join(out))


def step_items(course, modules: list, draft: bool) -> None:
    """Each of the operator's outline `modules` (`queries.outline`) gets `steps_html`: its steps' list items as
    `operator/course.html` wrote them, with the preview link (and the edit link of a draft's step)."""
    preview = row_link("course:operator_preview", key="step_pk", slug=course.slug)
    edit = row_link("course:operator_step", key="step_pk", slug=course.slug)
    kinds = {kind: escape(str(label)) for kind, label in StepKind.choices}
    # The words outside the f-strings: makemessages (xgettext) does not look inside an f-string's braces.
    preview_word, edit_word = escape(gettext("Preview")), escape(gettext("Edit"))
    for module in modules:
        out = []
        for pk, title, kind, key in module.steps:
            title = escape(title)
            edit_link = (
                f' · <a class="ds-link" href="{escape(edit(pk))}">{edit_word}'
                f'<span class="visually-hidden"> {title}</span></a>'
                if draft
                else ""
            )
            out.append(
                f"\n    <li>{title} ({kinds.get(kind, escape(kind))}, <code>{escape(key)}</code>) –\n"
                f'      <a class="ds-link" href="{escape(preview(pk))}">{preview_word}'
                f'<span class="visually-hidden"> {title}</span></a>\n'
                f"      {edit_link}</li>\n  "
            )
        module.steps_html = SafeString("".join(out))
