import hashlib
import html
import threading
from functools import partial

from django import forms, template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from markupsafe import Markup, escape

from balanse.core.form_markup import field_group
from balanse.core.forms_rendering import html_attrs

register = template.Library()


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)


@register.simple_tag(takes_context=True)
def list_items(context, entries) -> SafeString:
    """`<li>{{ entry }}</li>` for each entry, each written as the template writes a variable (localised,
    escaped; a plain text, the plan's entries, only escaped, as Django's `escape` does): one call for a list
    of the plan (the rules, the contact persons) instead of a loop of the template, so that a longer list
    costs little more."""
    plain = context.autoescape

    def item(entry) -> str:
        return html.escape(entry) if plain and type(entry) is str else render_value_in_context(entry, context)

    return SafeString("".join(f"<li>{item(entry)}</li>" for entry in entries))


@register.simple_tag
def risk_factor_fields(form, own_label: str):
    """The risk mapping's fields (`form.factor_groups`, then `new_title`), rendered by one template of the form
    renderer (workbook/jinja2/workbook/forms/risk_factors.html): the same markup as each field's
    as_field_group(), in one render. A plain field (`plain_field`) is written in Python, any other with core's
    field macro. `own_label`: the translated "your own" of an own factor. The factors share their field
    objects (risk_mapping.py): what a field object's markup has in common is written once per render
    (`shared`). A form not sent (the page as it opens) is kept per process by what it is made of
    (`_unsent_key`): the same saved answers, factors and language give the same markup."""
    key = None if form.is_bound else _unsent_key(form, own_label)
    if key is not None and (found := _kept_forms.get(key)) is not None:
        return found
    writer = partial(plain_field, shared={})
    markup = form.render(
        "workbook/forms/risk_factors.html", {"form": form, "own_label": own_label, "plain_field": writer}
    )
    if key is not None:
        with _kept_lock:
            if len(_kept_forms) >= KEPT_FORMS:
                _kept_forms.pop(next(iter(_kept_forms)))  # the oldest
            _kept_forms[key] = markup
    return markup


KEPT_FORMS = 64  # the risk mappings kept per process (about 40 KB each)
_kept_forms: dict = {}
_kept_lock = threading.Lock()


def _unsent_key(form, own_label: str) -> bytes:
    """What the markup of a risk mapping not sent is made of: the page's language, the words for "your own",
    the factors as shown (the default ones in the page's language and the organisation's own) and the saved
    answers (the initial values), as a digest. The fields' labels come from the code and the language."""
    made_of = (
        get_language(),
        own_label,
        [(f.key, f.title, f.text, f.own) for f in (group["factor"] for group in form.factor_groups)],
        sorted((name, str(value)) for name, value in form.initial.items()),
    )
    return hashlib.blake2b(repr(made_of).encode(), digest_size=20).digest()


_TEMPLATES = {
    forms.Textarea: "django/forms/widgets/textarea.html",
    forms.TextInput: "django/forms/widgets/text.html",
    forms.RadioSelect: "django/forms/widgets/radio.html",
}
_RADIO_OPTION = "django/forms/widgets/radio_option.html"


def plain_field(field: forms.BoundField, shared: dict | None = None) -> Markup:
    """A field as core's field macro (core/jinja2/core/forms/_field.html) writes it, character for character,
    without the macro and the widget's template (the risk mapping has some forty fields, most of a section
    page's time): a text area, a line of text or radio buttons with their own widget templates, not required,
    without help text or errors. Any other field gives an empty Markup: the caller then uses the macro.
    tests/workbook/test_risk_mapping_markup.py holds the two equal. `shared`: {widget's id: its attributes as
    markup}, kept for one render by the caller (a widget is not changed while its form is rendered)."""
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
        options = _radio_options(field, shared if shared is not None else {})
        if options is None:
            options = []
            # Django's own options: their ids, values and which one is checked
            for choice in field.subwidgets:
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
    html = _text_field(field, shared if shared is not None else {})
    if html is None:
        html = field_group(field)  # core's, every value escaped there; None: the caller uses the macro
    return Markup() if html is None else Markup(f"\n{html}\n")  # noqa: S704


def _radio_options(field: forms.BoundField, shared: dict) -> list[str] | None:
    """The radio buttons of `field` as plain_field writes Django's options (`field.subwidgets`), without
    making them: the choices, escaped, and the widget's attributes are written once per widget (`shared`);
    which one is checked, each option's id and the name are the field's own. None for anything but Django's
    plain case (choices without groups, one to choose, options with the widget's attributes and Django's
    template)."""
    widget = field.field.widget
    fixed = shared.get(("radio", id(widget)))
    if fixed is None:
        plain = (
            not widget.allow_multiple_selected
            and widget.option_inherits_attrs
            and widget.add_id_index
            and widget.option_template_name == _RADIO_OPTION
            and widget.checked_attribute == {"checked": True}
            and not any(isinstance(label, list | tuple) for _value, label in widget.choices)
        )
        choices = (
            [("" if value is None else value, label) for value, label in widget.choices] if plain else ()
        )
        fixed = shared[("radio", id(widget))] = plain and (
            html_attrs(widget.attrs),
            [(str(value), f' value="{escape(value)}"', escape(label)) for value, label in choices],
        )
    if not fixed:
        return None
    attrs, choices = fixed
    # As ChoiceWidget.optgroups: the first choice among the values is checked, the id numbered by the choice.
    values = widget.format_value(field.value())
    kind, name = escape(widget.input_type), escape(field.html_name)
    start = f'\n    <div class="ds-field choice"><input type="{kind}" name="{name}"'
    auto_id = escape(field.auto_id)
    options, checked = [], False
    for index, (key, value, label) in enumerate(choices):
        selected = not checked and key in values
        checked |= selected
        options.append(
            f'{start}{value}{attrs} id="{auto_id}_{index}"{" checked" if selected else ""}>'
            f'<label class="ds-label" data-weight="regular" for="{auto_id}_{index}">{label}</label></div>\n  '
        )
    return options


def _text_field(field: forms.BoundField, shared: dict) -> str | None:
    """A text area or a line of text (plain_field has checked the rest) as core's `field_group` writes it,
    with the widget's own attributes written once per widget (`shared`); None if anything is not as core's
    plain case: Django's own widget attributes and value, every value escaped."""
    bound, widget = field.field, field.field.widget
    kind = type(widget)
    if kind is forms.Textarea:
        input_type = None
    elif kind is forms.TextInput and widget.template_name in getattr(field.form.renderer, "plain_inputs", ()):
        input_type = widget.input_type
    else:
        return None
    if field.use_fieldset or bound.template_name is not None or widget.attrs.get("aria-describedby"):
        return None
    # What BoundField.build_widget_attrs would add: nothing for a field not required, not disabled, without
    # help text or errors (checked by plain_field), so the widget's attributes and the id
    # (`Widget.build_attrs`).
    attrs = shared.get(id(widget))
    if attrs is None:
        attrs = shared[id(widget)] = html_attrs(widget.attrs)
    auto_id = escape(field.auto_id)
    name = escape(field.html_name)
    value = widget.format_value(field.value())
    if input_type is None:
        text = escape(value) if value else ""
        html = f'<textarea name="{name}"{attrs} id="{auto_id}">\n{text}</textarea>'
    else:
        shown = "" if value is None else f' value="{escape(value)}"'
        html = f'<input type="{escape(input_type)}" name="{name}"{shown}{attrs} id="{auto_id}">'
    return (
        f'<div class="ds-field field-block">\n  <label class="ds-label" for="{auto_id}">{escape(field.label)}'
        f"</label>\n  \n  {html}\n  \n</div>"
    )


@register.filter
def label_of(bound_field) -> str:
    return bound_field.label


@register.filter
def who(user) -> str:
    """A person's name for "changed by" lines; "someone" for a deleted account or the system."""
    if user is None:
        return gettext("someone")
    return user.full_name or user.email
