from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def num(value):
    """A figure as Norwegians write it: 3 417 012 (no-break spaces), 69,5; “–” for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
        else:
            return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0").replace("-", "\u2212")
    return value


@register.filter
def get(mapping, key):
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def safe_text(value):
    """Section text already cleaned by nh3 when it was rendered (balanse.report.text)."""
    return mark_safe(value or "")  # noqa: S308 - cleaned by nh3 in render_markdown
