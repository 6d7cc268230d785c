"""Forms written in Python, as core's form renderer writes them (issue 19): the members pages' forms
(`PlainFormMixin`) and the workbook's risk mapping (`field_group`).

`{{ form }}` renders core's form template (core/jinja2/core/forms/form.html), which renders each field through
core's field macro (_field.html) and its widget's template: about 150 µs a field, a millisecond for the member
list's filter form, on every page. `PlainFormMixin` writes the same markup, character for character: each plain
field without errors (an `<input>` that core's renderer writes itself, a select of options without groups, a
text area) is written here, with Django's own attributes and options (`BoundField.build_widget_attrs`,
`Widget.get_context`) and every value escaped as Jinja2 escapes it; any other field (with errors, a fieldset
of radio buttons, a widget or template of its own) and the error summary are rendered by core as before.
tests/members/test_form_markup.py and tests/workbook/test_risk_mapping_markup.py hold the two equal.
"""

from django.utils.safestring import SafeString
from django.utils.translation import gettext
from markupsafe import escape

from balanse.core.forms_rendering import error_summary, html_attrs, input_html

FORM_TEMPLATE = "core/forms/form.html"
FIELD_TEMPLATE = "core/forms/field.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _select(context: dict) -> str | None:
    """core's select.html: the options of a select without groups, each with Django's option template."""
    options = []
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            return None
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            options.append(
                f'\n  <option value="{escape(option["value"])}"{html_attrs(option["attrs"])}>'
                f"{escape(option['label'])}</option>"
            )
    return f'<select name="{escape(context["name"])}"{html_attrs(context["attrs"])}>{"".join(options)}\n</select>'


def _widget(field) -> str | None:
    """`str(field)` (`BoundField.as_widget`) for a plain widget, else None."""
    bound, widget = field.field, field.field.widget
    if bound.localize or bound.show_hidden_initial:
        return None
    renderer = field.form.renderer
    template = widget.template_name
    plain = getattr(renderer, "plain_inputs", ())
    if template not in plain and template not in (SELECT_TEMPLATE, TEXTAREA_TEMPLATE):
        return None
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if context["template_name"] != template:
        return None
    if template in plain:
        return input_html(context)
    if template == SELECT_TEMPLATE:
        return _select(context)
    text = escape(context["value"]) if context["value"] else ""
    return f'<textarea name="{escape(context["name"])}"{html_attrs(context["attrs"])}>\n{text}</textarea>'


def field_group(field) -> str | None:
    """`field.as_field_group()` as core's field macro writes it, for a plain field without errors, else None."""
    if field.errors or field.use_fieldset or field.field.template_name is not None:
        return None
    widget_type = field.widget_type
    if widget_type == "searchchoice":
        return None
    html = _widget(field)
    if html is None:
        return None
    auto_id = escape(field.auto_id)
    label = escape(field.label)
    help_text = (
        f'<p class="ds-paragraph help" data-size="sm" id="{auto_id}_helptext">{escape(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    if widget_type == "checkbox":
        return (
            f'<div class="ds-field field-block checkbox-field">\n  {html}\n'
            f'  <label class="ds-label" data-weight="regular" for="{auto_id}">{label}</label>\n'
            f"  {help_text}\n  \n</div>"
        )
    word = gettext("required")  # outside the f-string: makemessages does not look inside its braces
    required = (
        f' <span class="required" aria-hidden="true">({escape(word)})</span>' if field.field.required else ""
    )
    return (
        f'<div class="ds-field field-block">\n  <label class="ds-label" for="{auto_id}">{label}{required}</label>\n'
        f"  {help_text}\n  {html}\n  \n</div>"
    )


class PlainFormMixin:
    """`{{ form }}` as core's form template writes it (the error summary, the hidden fields, a line, the others),
    each plain field written here (see the module) and any other by core's renderer, as before."""

    def render(self, template_name=None, context=None, renderer=None):
        if (
            template_name is not None
            or context is not None
            or renderer is not None
            or self.template_name != FORM_TEMPLATE
            or self.renderer.field_template_name != FIELD_TEMPLATE
        ):
            return super().render(template_name, context, renderer)
        hidden = "".join(_widget(field) or str(field) for field in self.hidden_fields())
        shown = "".join(field_group(field) or field.as_field_group() for field in self.visible_fields())
        return SafeString(f"{error_summary(self)}\n{hidden}\n{shown}".strip())  # the renderer strips the ends

    # As Django's RenderableMixin, whose own names point at its render, not this one.
    __str__ = render
    __html__ = render
