from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=512)
def _markdown_html(text: str) -> str:
    """The cleaned HTML of a Markdown text: a function of the text alone, so kept per process by the text
    itself (a step's body, a case's node: about 2 ms each to render); an edited text is a new key."""
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(html, link_rel="noopener noreferrer")


@register.filter
def course_markdown(text: str) -> str:
    """Markdown rendered to HTML, then cleaned so only safe tags and attributes remain."""
    return mark_safe(_markdown_html(str(text or "")))  # noqa: S308 - cleaned by nh3


@register.filter
def timestamp(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
