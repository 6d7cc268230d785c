"""One place for how forms look: Designsystemet classes, labels, help and errors wired for screen readers."""

from django import forms
from django.forms.renderers import TemplatesSetting

TEXT_WIDGETS = (
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.NumberInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.Textarea,
    forms.Select,
)


class FormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class StyledFormMixin:
    """Adds Designsystemet classes to widgets. Use on every form a person fills in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(
                field.widget,
                (*TEXT_WIDGETS, forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect),
            ):
                field.widget.attrs.setdefault("class", "ds-input")
