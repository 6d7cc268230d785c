"""One place for how forms look: Designsystemet classes, labels, help and errors wired for screen readers."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

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


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    @cached_property
    def engine(self):
        # Django's own renderer only looks in django/forms/templates and in apps; our form and field
        # templates live in the project's template folder, and use {% translate %} without {% load %}.
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(forms.__file__).parent / "templates", *settings.TEMPLATES[0]["DIRS"]],
                "NAME": "balanse-forms",
                "OPTIONS": {"builtins": ["django.templatetags.i18n", "django.templatetags.static"]},
            }
        )


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
