from django import forms, template
from django.utils.translation import gettext
from markupsafe import Markup, escape

from balanse.core.form_markup import field_group
from balanse.core.forms_rendering import html_attrs

register = template.Library()


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)


@register.simple_tag
def risk_factor_fields(form, own_label: str):
    """The risk mapping's fields (`form.factor_groups`, then `new_title`), rendered by one template of the form
    renderer (workbook/jinja2/workbook/forms/risk_factors.html): the same markup as each field's
    as_field_group(), in one render. A plain field (`plain_field`) is written in Python, any other with core's
    field macro. `own_label`: the translated "your own" of an own factor."""
    return form.render(
        "workbook/forms/risk_factors.html", {"form": form, "own_label": own_label, "plain_field": plain_field}
    )


_TEMPLATES = {
    forms.Textarea: "django/forms/widgets/textarea.html",
    forms.TextInput: "django/forms/widgets/text.html",
    forms.RadioSelect: "django/forms/widgets/radio.html",
}
_RADIO_OPTION = "django/forms/widgets/radio_option.html"


def plain_field(field: forms.BoundField) -> Markup:
    """A field as core's field macro (core/jinja2/core/forms/_field.html) writes it, character for character,
    without the macro and the widget's template (the risk mapping has some forty fields, most of a section
    page's time): a text area, a line of text or radio buttons with their own widget templates, not required,
    without help text or errors. Any other field gives an empty Markup: the caller then uses the macro.
    tests/workbook/test_risk_mapping_markup.py holds the two equal."""
    bound, widget = field.field, field.field.widget
    kind = type(widget)
    auto_id = field.auto_id
    if (
        kind not in _TEMPLATES
        or widget.template_name != _TEMPLATES[kind]
        or bound.required
        or bound.disabled
        or bound.localize
        or bound.show_hidden_initial
        or field.help_text
        or not auto_id
        or "id" in widget.attrs
        or field.errors
    ):
        return Markup()
    label = escape(field.label)
    if kind is forms.RadioSelect:
        options = []
        for choice in field.subwidgets:  # Django's own options: their ids, values and which one is checked
            option = choice.data
            if option["template_name"] != _RADIO_OPTION:
                return Markup()
            value = "" if option["value"] is None else f' value="{escape(option["value"])}"'
            options.append(
                f'\n    <div class="ds-field choice"><input type="{escape(option["type"])}" '
                f'name="{escape(option["name"])}"{value}{html_attrs(option["attrs"])}>'
                f'<label class="ds-label" data-weight="regular" for="{escape(choice.id_for_label)}">'
                f"{escape(choice.choice_label)}</label></div>\n  "
            )
        return Markup(  # noqa: S704 - every value is escaped here
            f'\n<fieldset class="ds-fieldset field-block">\n  <legend class="ds-label">{label}</legend>\n  \n'
            f'  <div class="choices">\n  {"".join(options)}\n  </div>\n  \n</fieldset>\n'
        )
    html = field_group(field)  # core's, every value escaped there; None: the caller uses the macro
    return Markup() if html is None else Markup(f"\n{html}\n")  # noqa: S704


@register.filter
def label_of(bound_field) -> str:
    return bound_field.label


@register.filter
def who(user) -> str:
    """A person's name for "changed by" lines; "someone" for a deleted account or the system."""
    if user is None:
        return gettext("someone")
    return user.full_name or user.email
