"""One place for how forms look: Designsystemet classes, labels, help and errors wired for screen readers.

Every form's markup (the form, each field, Django's widgets) is rendered with Jinja2, Django's second template
engine, from `core/jinja2/core/forms/` and Django's own widget templates for it: a page with a long form takes
about 0.6 of the time it took with the Django template language (README, "Design decisions"). The pages
themselves stay in the Django template language. A widget template that exists only for the Django template
language (a third-party widget's) is still found there."""

from pathlib import Path

from django import forms
from django.forms.renderers import Jinja2
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment
from markupsafe import Markup, escape

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


def error_summary(form) -> str:
    """The list of a form's errors at its top: the Django template that pages laying out their own form include.
    A form without errors (most renders) skips the template; the template checks the same itself."""
    if not (form.errors or getattr(form, "has_errors", False)):
        return ""
    return render_to_string("core/forms/error_summary.html", {"form": form})


def html_attrs(attrs: dict) -> Markup:
    """A widget's attributes as Django's `attrs.html` writes them (` name="value"`, a True value as the bare
    name, a False value left out), escaped. One call instead of a template included by every widget."""
    return Markup(  # noqa: S704 - every name and value is escaped here
        "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def input_html(widget: dict) -> Markup:
    """A widget's `<input>`, as `django/forms/widgets/input.html` (ours, core/jinja2/) writes it."""
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return Markup(  # noqa: S704 - every value is escaped here
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{html_attrs(widget["attrs"])}>'
    )


INPUT_TEMPLATE = "django/forms/widgets/input.html"
_INCLUDES_INPUT = f'{{% include "{INPUT_TEMPLATE}" %}}'


def _plain_inputs(*folders: Path) -> frozenset[str]:
    """The widget templates that are only `input.html` (text, email, number, date, hidden, checkbox, …), as
    found first in `folders`: Django's own list, read once, so a template that Django or we change is rendered
    from its file again."""
    names, seen = {INPUT_TEMPLATE}, set()
    for folder in folders:
        widgets = folder / "django" / "forms" / "widgets"
        for path in sorted(widgets.glob("*.html")) if widgets.is_dir() else ():
            if path.name in seen:
                continue
            seen.add(path.name)
            if path.read_text().strip() == _INCLUDES_INPUT:
                names.add(f"django/forms/widgets/{path.name}")
    return frozenset(names)


def environment(**options) -> Environment:
    """The Jinja2 environment of the form templates: Django's translations (`_()`, the language of the request)
    and the error summary."""
    options.pop("autoescape", None)  # always on, whatever is asked
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)
    env.globals["error_summary"] = error_summary
    env.globals["html_attrs"] = html_attrs
    return env


FOLDERS = (Path(__file__).parent / "jinja2", Path(forms.__file__).parent / "jinja2")  # ours first


class FormRenderer(Jinja2):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,  # the apps' jinja2/ folders: core/jinja2/core/forms/
                # Ours first (a faster select), then Django's widgets.
                "DIRS": list(FOLDERS),
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "balanse.core.forms_rendering.environment"},
            }
        )

    @cached_property
    def plain_inputs(self) -> frozenset[str]:
        return _plain_inputs(*FOLDERS)

    def render(self, template_name, context, request=None):
        # Most widgets on a form are an <input>: written by input_html, without a template's render each.
        if template_name in self.plain_inputs and "widget" in context:
            return input_html(context["widget"])
        return super().render(template_name, context, request)

    def get_template(self, template_name):
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)


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
