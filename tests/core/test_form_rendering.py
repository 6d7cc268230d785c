"""Every form's markup comes from one renderer (balanse/core/forms_rendering.py, Jinja2): labels, help and errors
wired for screen readers, all a person typed escaped, the words in the person's language, and a widget whose
template exists only for the Django template language still found."""

from pathlib import Path

import pytest
from django import forms
from django.db import models
from django.forms.renderers import Jinja2
from django.utils import translation

from balanse.core.forms_rendering import FormRenderer, StyledFormMixin

HOSTILE = '"><script>alert(1)</script>'


class _Form(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Name <b>", help_text="Letters & digits", max_length=5)
    kind = forms.ChoiceField(choices=[("a", "A <i>"), ("b", "B")], widget=forms.RadioSelect, label="Kind")
    agree = forms.BooleanField(label="I agree", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_a_valid_looking_form_has_labels_help_and_no_error_summary():
    html = str(_Form(initial={"token": "t1"}))
    assert '<label class="ds-label" for="id_name">Name &lt;b&gt; <span class="required"' in html
    assert (
        '<p class="ds-paragraph help" data-size="sm" id="id_name_helptext">Letters &amp; digits</p>' in html
    )
    assert 'aria-describedby="id_name_helptext"' in html  # the input names its help
    assert '<legend class="ds-label">Kind' in html  # radio buttons are a fieldset with a legend
    assert '<label class="ds-label" data-weight="regular" for="id_kind_0">A &lt;i&gt;</label>' in html
    assert 'class="ds-input"' in html
    assert '<input type="hidden" name="token" value="t1" id="id_token">' in html
    assert "ds-error-summary" not in html


def test_errors_are_summed_up_linked_and_tied_to_their_field_and_typed_values_are_escaped():
    form = _Form(data={"name": HOSTILE, "kind": HOSTILE})
    with translation.override("en"):
        assert not form.is_valid()
        html = str(form)
    assert "<script>" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html  # what was typed is kept, escaped
    assert 'class="ds-error-summary" role="alert"' in html
    assert '<a class="ds-link" href="#id_name">Name &lt;b&gt;:' in html
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error" id="id_name">' in html
    assert 'id="id_name_error">Ensure this value has at most 5 characters (it has 27).</p>' in html
    assert '<fieldset class="ds-fieldset field-block" aria-describedby="id_kind_error">' in html


@pytest.mark.parametrize(
    ("language", "required", "summary"),
    [("nb", "(må fylles ut)", "Rett opp dette:"), ("en", "(required)", "Please correct the following:")],
)
def test_the_words_are_in_the_persons_language(language, required, summary):
    with translation.override(language):
        html = str(_Form(data={}))
    assert required in html
    assert summary in html


def test_a_widget_template_made_for_the_django_template_language_is_still_found(settings, tmp_path):
    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets" / "plain.html").write_text(
        '<span data-name="{{ widget.name }}">{% if widget.value %}{{ widget.value }}{% endif %}</span>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]},
    ]

    class Plain(forms.Widget):
        template_name = "widgets/plain.html"

    class _PlainForm(forms.Form):
        note = forms.CharField(widget=Plain)

    html = str(_PlainForm(initial={"note": "<hi>"}))
    assert '<span data-name="note">&lt;hi&gt;</span>' in html


class _Choices(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Choose")] + [(str(i), f"Member {i} {HOSTILE}") for i in range(50)]
    )
    grouped = forms.ChoiceField(
        choices=[("Group <g>", [("1", "one"), ("2", "two")]), ("B", [("3", "three")]), ("4", "four")]
    )
    several = forms.MultipleChoiceField(choices=[("1", "one"), ("2", HOSTILE)])
    boolean = forms.NullBooleanField()


@pytest.mark.parametrize("name", ["plain", "grouped", "several", "boolean"])
def test_our_faster_select_writes_the_same_markup_as_djangos(name):
    """core/jinja2/django/forms/widgets/select.html writes its options itself instead of including Django's
    option template for each; the markup must stay Django's, escaping included."""
    form = _Choices(initial={"plain": "7", "grouped": "3", "several": ["1", "2"], "boolean": True})
    widget = form.fields[name].widget
    context = widget.get_context(name, form[name].value(), {"id": f"id_{name}", "required": True})
    ours = FormRenderer()
    assert ours.get_template(widget.template_name).template.filename.endswith(
        "balanse/core/jinja2/django/forms/widgets/select.html"
    )
    html = ours.render(widget.template_name, context)
    assert html == Jinja2().render(widget.template_name, context)
    assert "<script>" not in html


class _Inputs(forms.Form):
    text = forms.CharField(
        max_length=20, widget=forms.TextInput(attrs={"placeholder": HOSTILE, "autofocus": True})
    )
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"hidden": False}))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "data-x": HOSTILE}))
    number = forms.IntegerField(min_value=0)
    agree = forms.BooleanField()
    kind = forms.ChoiceField(choices=[("a", "A <i>"), ("b", HOSTILE)], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        choices=[("1", "one"), ("2", HOSTILE)], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))


@pytest.mark.parametrize(
    "name", ["text", "empty", "area", "number", "agree", "kind", "tags", "token", "email", "day", "secret"]
)
def test_our_faster_inputs_write_the_same_markup_as_djangos(name):
    """core/jinja2/django/forms/widgets/input.html, textarea.html and attrs.html write a widget's attributes by
    one call (html_attrs) instead of an included template; the markup must stay Django's, escaping included,
    for a bare attribute (True), one left out (False), and what a person typed."""
    form = _Inputs(
        data={"text": HOSTILE, "area": f"line\n{HOSTILE}", "number": "7", "agree": "on", "kind": "b"}
        | {"tags": ["2"], "token": HOSTILE, "email": HOSTILE, "day": "2026-11-30", "secret": HOSTILE}
    )
    form.is_valid()
    bound = form[name]
    widget = form.fields[name].widget
    attrs = bound.build_widget_attrs({"id": f"id_{name}", "aria-describedby": f"id_{name}_helptext"})
    context = widget.get_context(bound.html_name, bound.value(), attrs)
    ours = FormRenderer()
    assert ours.get_template("django/forms/widgets/attrs.html").template.filename.startswith(
        str(Path(__file__).resolve().parents[2] / "balanse")
    )
    html = ours.render(widget.template_name, context)
    assert html == Jinja2().render(widget.template_name, context)
    assert "<script>" not in html
    assert ours.render("django/forms/widgets/attrs.html", context) == Jinja2().render(
        "django/forms/widgets/attrs.html", context
    )


def test_plain_inputs_are_written_without_their_template_only_while_the_template_is_only_input_html(tmp_path):
    """The renderer writes an <input> itself (input_html) for a widget template that is exactly Django's include
    of input.html; a template changed in a folder found first is rendered from its file."""
    from balanse.core.forms_rendering import FOLDERS, _plain_inputs

    plain = FormRenderer().plain_inputs
    for name in ("text", "email", "number", "date", "hidden", "checkbox", "password", "input"):
        assert f"django/forms/widgets/{name}.html" in plain
    for name in ("textarea", "select", "radio", "checkbox_select", "clearable_file_input"):
        assert f"django/forms/widgets/{name}.html" not in plain
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "text.html").write_text(
        '<input class="changed">{% include "django/forms/widgets/input.html" %}'
    )
    changed = _plain_inputs(tmp_path, *FOLDERS)
    assert "django/forms/widgets/text.html" not in changed
    assert "django/forms/widgets/email.html" in changed


class _GenericRadio(forms.RadioSelect):
    option_template_name = "django/forms/widgets/input_option.html"  # the same markup, through its template


class _GenericCheckboxes(forms.CheckboxSelectMultiple):
    option_template_name = "django/forms/widgets/input_option.html"


def _options_form(radio, checkboxes):
    class _Options(StyledFormMixin, forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A <i>"), ("b", HOSTILE)], widget=radio, help_text="Pick one")
        tags = forms.MultipleChoiceField(choices=[("1", "one"), ("2", HOSTILE)], widget=checkboxes)

    return _Options


@pytest.mark.parametrize("data", [None, {"kind": "b", "tags": ["2"]}, {"kind": HOSTILE, "tags": [HOSTILE]}])
def test_the_field_macro_writes_a_radio_button_or_checkbox_as_djangos_option_template_does(data):
    """core/forms/_field.html writes the options of Django's own radio and checkbox templates itself; an option
    with a template of its own goes through it. Both must give the same field."""
    ours = _options_form(forms.RadioSelect, forms.CheckboxSelectMultiple)(data=data)
    generic = _options_form(_GenericRadio, _GenericCheckboxes)(data=data)
    for form in (ours, generic):
        form.is_valid()
    for name in ("kind", "tags"):
        html = ours[name].as_field_group()
        assert html == generic[name].as_field_group()
        assert "<script>" not in html and 'type="' in html


class _UserChoice(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="User", queryset=None, required=False)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "blank"), [("nb", "Velg én"), ("en", "Choose one")])
def test_a_select_without_an_empty_label_of_its_own_offers_one_in_the_page_language(language, blank):
    """Django 6.1's own empty choice (“- Select an option -”) has no Norwegian in Django's catalogs: core names
    it, in the person's language, for a model's select and for a model field's choices alike."""
    from balanse.core.models import User

    form = _UserChoice()
    form.fields["user"].queryset = User.objects.none()
    with translation.override(language):
        html = str(form)
        model_field_blank = str(list(models.CharField(choices=[("a", "A")], blank=True).get_choices())[0][1])
    assert f'<option value="" selected>{blank}</option>' in html
    assert "Select an option" not in html
    assert model_field_blank == blank
