"""Template tags every page may use (a builtin: no `{% load %}` needed)."""

from django import template

from balanse.core import dates

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, panel):
    """Render a `balanse.core.signals.Panel` inside the page's own context (context processors run once)."""
    template_ = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return template_.render(context)


# {{ value|as_date }} 27. november 2026 · as_short_date 27.11.2026 · as_time kl. 14.05 ·
# as_datetime 27. november 2026 kl. 14.05 (see balanse/core/dates.py)
register.filter("as_date", dates.format_date)
register.filter("as_short_date", dates.format_short_date)
register.filter("as_time", dates.format_time)
register.filter("as_datetime", dates.format_datetime)


@register.simple_tag
def period(start, end):
    """27. november 2026 – t.o.m. 26. november 2027."""
    return dates.format_period(start, end)
