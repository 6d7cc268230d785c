from django import template
from django.forms.renderers import get_default_renderer
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from markupsafe import Markup

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


@register.simple_tag(takes_context=True)
def section_text_forms(context, rows, preview, action):
    """The editing page's text forms (`rows` from views/operator.py's `_text_forms`), rendered by one template of
    the form renderer (report/jinja2/report/forms/section_texts.html): 24 forms in one render. `preview`: the
    text previewed (section, language, html cleaned by nh3), or None; `action`: where the forms post to."""
    html = get_default_renderer().render(
        "report/forms/section_texts.html",
        {
            "rows": rows,
            "preview": preview,
            "preview_html": Markup((preview or {}).get("html") or ""),  # noqa: S704 - cleaned by nh3
            "action": action,
            "csrf_input": Markup(CsrfTokenNode().render(context)),  # noqa: S704 - Django's own tag
            "words": {
                "preview": gettext("Preview"),
                "not_saved": gettext("Preview (not saved):"),
                "save": gettext("Save"),
            },
        },
    )
    return mark_safe(html)  # noqa: S308 - rendered with autoescaping on (the form renderer's Jinja2)
