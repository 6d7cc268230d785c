"""What the certification views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from balanse.certification import queries
from balanse.certification.models import Certification
from balanse.core.views_helpers import paginate, with_perm

# How many of the latest state changes a certification's page shows (the history page shows them all, a page
# at a time): the operator's case page and the organisation's own page.
HISTORY_ROWS = 10
HISTORY_PAGE_SIZE = 25


def _get_certification_for_user(request, pk: int, perm: str) -> Certification:
    """The certification `pk` with its organisation and application (if any) read along, if the user has
    `perm` on it (404 if there is none, 403 if not allowed)."""
    return with_perm(request, queries.with_organisation(pk), perm)


def requirement_rows(requirements, comments) -> list[dict]:
    """Each required measure with the review's comments on it, in their order (what `_requirements.html`
    lists): each measure's own comments, found once here rather than by walking every comment for every
    measure in the template."""
    by_key: dict[str, list] = {}
    for comment in comments:
        by_key.setdefault(comment.requirement_key, []).append(comment)
    return [
        {"requirement": requirement, "comments": by_key.get(requirement.key, [])}
        for requirement in requirements
    ]


def show_error(request, exc: ValidationError) -> None:
    """A refused change (a `ValidationError` from a service) as a message on the next page."""
    messages.error(request, " ".join(exc.messages))


def latest_history(certification: Certification, history_url: str) -> dict:
    """The context of `_history.html`: the latest changes, and the link to the whole history when there are
    more."""
    history, history_more = queries.latest_history(certification, HISTORY_ROWS)
    return {"history": history, "history_more": history_more, "history_url": history_url}


def history_page(request, certification: Certification, *, back_url: str):
    """The whole history of a certification, the latest change first, a page at a time; `back_url`: the page
    it was opened from (the operator's case page, the organisation's page)."""
    changes = queries.history_for(certification).order_by("-at", "-pk")
    return render(
        request,
        "certification/history.html",
        {"certification": certification, "organisation": certification.organisation, "back_url": back_url}
        | paginate(request, changes, HISTORY_PAGE_SIZE),
    )
