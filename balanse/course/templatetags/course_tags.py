import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def course_markdown(text: str) -> str:
    """Markdown rendered to HTML, then cleaned so only safe tags and attributes remain."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, link_rel="noopener noreferrer"))  # noqa: S308 - cleaned by nh3


@register.filter
def timestamp(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
