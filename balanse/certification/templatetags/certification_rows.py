"""Filters that write the items of a certification page's growing lists, each once per value and language
(`views.rows`): {{ rows|history_rows }} (the history table's rows), {{ meetings|meeting_items }} (the guidance
meetings' list items), {{ comments|comment_paragraphs }} (a measure's review comments) and
{% open_comment_items %} (the comments that still need the organisation)."""

from django import template
from django.template.defaulttags import CsrfTokenNode

from balanse.certification.views import rows

register = template.Library()

register.filter("history_rows", rows.history_rows)
register.filter("meeting_items", rows.meeting_items)
register.filter("comment_paragraphs", rows.comment_paragraphs)


@register.simple_tag(takes_context=True)
def open_comment_items(context, comments, may_answer, certification):
    """{% open_comment_items open_comments may_answer certification %}: the list items of the comments that
    still need the organisation, each with its answer form when the person may answer (the request's CSRF field
    as `{% csrf_token %}` writes it)."""
    return rows.open_comment_items(
        comments, bool(may_answer), certification.pk, lambda: CsrfTokenNode().render(context)
    )
