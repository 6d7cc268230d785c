"""The risk mapping's fields are rendered in one go by the workbook's own template (tag risk_factor_fields),
not field by field through core's field template, the plain fields written in Python (plain_field): the markup
must stay core's, field for field, whether the form is fresh, filled in, or sent back with errors, and whatever
was typed."""

import re

import pytest
from django import forms
from django.utils import translation
from markupsafe import Markup, escape

from balanse.workbook.models import RiskFactor, SectionKey
from balanse.workbook.sections.base import TEXT_LIMIT
from balanse.workbook.sections.risk_mapping import RiskMappingSection
from balanse.workbook.templatetags import workbook_tags
from balanse.workbook.templatetags.workbook_tags import plain_field, risk_factor_fields

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script>'


def _section() -> RiskMappingSection:
    slugs = list(RiskFactor.objects.values_list("slug", flat=True))
    data = {
        "factors": {
            slugs[0]: {
                "applies": "yes",
                "shows": f"Fester\n{HOSTILE}",
                "rules": "Edru vakt.",
                "routines": "",
            },
            slugs[1]: {"applies": "partly", "shows": "", "rules": "", "routines": "Varsle."},
            "own-1": {"applies": "no", "shows": "", "rules": "", "routines": ""},
        },
        "own": [{"key": "own-1", "title": f"Nattarbeid {HOSTILE}"}],
    }
    return RiskMappingSection({SectionKey.RISK_MAPPING: data})


def _core(form, own_label: str) -> str:
    """The same fields as section.html wrote them before, each through core's field template."""
    parts = []
    for group in form.factor_groups:
        factor = group["factor"]
        own = f" ({own_label})" if factor.own else ""
        parts.append(
            f'<fieldset class="ds-fieldset factor"><legend class="ds-heading" data-size="xs">'
            f"{_escape(factor.title)}{own}</legend>"
        )
        if factor.text:
            parts.append(f'<p class="ds-paragraph" data-size="sm">{_escape(factor.text)}</p>')
        parts += [form[name].as_field_group() for name in group["names"]]
        parts.append("</fieldset>")
    parts.append(form["new_title"].as_field_group())
    return "".join(parts)


def _escape(text: str) -> str:
    """Escaped as the form templates (Jinja2) escape: a quote is &#34; where the page templates write &quot;,
    the same character."""
    return str(escape(text))


def _normal(html: str) -> str:
    """Whitespace between tags is not part of the markup's meaning (a text area's own text is kept)."""
    return re.sub(r">\s+<", "><", html.strip())


def _post(section) -> dict:
    form = section.build_form(version=3)
    data = {"version": "3"}
    for group in form.factor_groups:
        for name in group["names"]:
            data[name] = form[name].value() or ""
    return data


@pytest.mark.parametrize("language", ["nb", "en"])
def test_risk_mapping_fields_are_cores_markup_on_a_filled_in_form(language):
    section = _section()
    with translation.override(language):
        form = section.build_form(version=3)
        html = risk_factor_fields(form, "egen")
        assert _normal(html) == _normal(_core(section.build_form(version=3), "egen"))
    assert "<script>" not in html
    assert 'value="yes" class="ds-input" id="id_f_' in html
    assert " checked>" in html
    assert f"Fester\n{_escape(HOSTILE)}</textarea>" in html
    assert "(egen)</legend>" in html
    assert html.count('<fieldset class="ds-fieldset factor">') == RiskFactor.objects.count() + 1


def test_risk_mapping_fields_are_cores_markup_with_errors_and_what_was_typed():
    section = _section()
    slug = RiskFactor.objects.values_list("slug", flat=True)[0]
    data = _post(section) | {
        f"f_{slug}_applies": HOSTILE,  # not a choice
        f"f_{slug}_shows": "x" * (TEXT_LIMIT + 1),
        "f_own-1_title": HOSTILE,
        "new_title": HOSTILE,
    }
    form = section.build_form(data, version=3)
    assert not form.is_valid()
    html = risk_factor_fields(form, "own")
    expected = section.build_form(data, version=3)
    expected.is_valid()
    assert _normal(html) == _normal(_core(expected, "own"))
    assert f'aria-describedby="id_f_{slug}_applies_error"' in html
    assert f'aria-invalid="true" aria-describedby="id_f_{slug}_shows_error" id="id_f_{slug}_shows"' in html
    assert "<script>" not in html


def test_each_factor_keeps_its_own_answer_though_its_fields_are_shared(client_for, workbook):
    """The four fields of every factor are the same field objects (made once per form): what is saved and
    shown again is still each factor's own."""
    slugs = list(RiskFactor.objects.values_list("slug", flat=True)[:3])
    answers = {
        slug: (applies, f"Slik hos oss {n}")
        for n, (slug, applies) in enumerate(zip(slugs, ["yes", "partly", "no"], strict=True))
    }
    data = {"version": 0}
    for slug, (applies, shows) in answers.items():
        data |= {f"f_{slug}_applies": applies, f"f_{slug}_shows": shows}
    client = client_for("admin")
    assert client.post(f"/tiltak/{workbook.pk}/kartlegging/", data).status_code == 302
    saved = workbook.sections.get(key=SectionKey.RISK_MAPPING).data["factors"]
    assert {slug: (saved[slug]["applies"], saved[slug]["shows"]) for slug in slugs} == answers
    page = client.get(f"/tiltak/{workbook.pk}/kartlegging/").content.decode()
    for n, slug in enumerate(slugs):
        applies = answers[slug][0]
        index = ["yes", "partly", "no"].index(applies)
        assert f'value="{applies}" class="ds-input" id="id_f_{slug}_applies_{index}" checked>' in page
        assert f'id="id_f_{slug}_shows">\nSlik hos oss {n}</textarea>' in page


def _macro_only(form, own_label: str) -> str:
    """The same template with every field through core's field macro (no field written by plain_field)."""
    return form.render(
        "workbook/forms/risk_factors.html",
        {"form": form, "own_label": own_label, "plain_field": lambda f: Markup()},
    )


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("bound", ["fresh", "typed", "errors"])
def test_plain_fields_are_written_exactly_as_cores_field_macro(language, bound):
    """Character for character, field by field and as a whole (whitespace too)."""
    section = _section()
    slug = RiskFactor.objects.values_list("slug", flat=True)[0]
    data = None
    if bound != "fresh":
        data = _post(section) | {
            f"f_{slug}_shows": f"0\n{HOSTILE}",
            f"f_{slug}_applies": "no",
            "new_title": "Ny",
        }
    if bound == "errors":
        data |= {f"f_{slug}_applies": HOSTILE, f"f_{slug}_rules": "x" * (TEXT_LIMIT + 1), "f_own-1_title": ""}
    with translation.override(language):
        form = section.build_form(data, version=3)
        form.is_valid()
        written = {}
        for name in form.fields:
            html = plain_field(form[name])
            if html:
                written[name] = str(html)
                # The renderer strips what a template gives; the whole below is compared as it is.
                assert written[name].strip() == str(form[name].as_field_group()), name
        assert str(risk_factor_fields(form, "egen")) == str(_macro_only(form, "egen"))
    textareas_and_radios = [
        n for n in form.fields if n.endswith(("_applies", "_shows", "_rules", "_routines"))
    ]
    with_errors = {f"f_{slug}_applies", f"f_{slug}_rules"} if bound == "errors" else set()
    assert set(written) == set(textareas_and_radios) - with_errors | {"f_own-1_title"}
    assert "new_title" not in written  # help text: core's macro


@pytest.mark.parametrize("bound", ["fresh", "typed"])
def test_text_areas_and_radio_buttons_are_written_once_per_widget_not_through_django(monkeypatch, bound):
    """The factors share their field objects: each text area and each factor's radio buttons are written from
    the widget's attributes and choices, escaped once per render (_text_field, _radio_options), not through
    core's field_group and Django's option widgets (a section page's most time); the markup stays the macro's,
    each factor's own answer checked."""
    section = _section()
    slugs = list(RiskFactor.objects.values_list("slug", flat=True)[:2])
    data = None if bound == "fresh" else _post(section) | {f"f_{slugs[1]}_applies": "yes"}
    expected = _macro_only(section.build_form(data, version=3), "egen")

    def refused(*args, **kwargs):
        raise AssertionError("written through Django's widgets or core's field_group")

    monkeypatch.setattr(workbook_tags, "field_group", refused)
    monkeypatch.setattr(forms.RadioSelect, "optgroups", refused)
    monkeypatch.setattr(forms.Textarea, "get_context", refused)
    form = section.build_form(data, version=3)
    html = str(risk_factor_fields(form, "egen"))
    assert html == str(expected)
    assert f'value="yes" class="ds-input" id="id_f_{slugs[0]}_applies_0" checked>' in html
    applies = "partly" if bound == "fresh" else "yes"
    index = ["yes", "partly", "no"].index(applies)
    assert f'value="{applies}" class="ds-input" id="id_f_{slugs[1]}_applies_{index}" checked>' in html
    assert html.count(" checked>") == 3  # the two factors and the own one answered, no other


def test_plain_field_leaves_other_fields_to_cores_macro():
    class Other(forms.Form):
        required = forms.CharField()
        helped = forms.CharField(required=False, help_text="Hjelp")
        checkbox = forms.BooleanField(required=False)
        select = forms.ChoiceField(required=False, choices=[("a", "A")])
        plain = forms.CharField(required=False, widget=forms.Textarea)

    form = Other()
    assert [name for name in form.fields if plain_field(form[name])] == ["plain"]
    form = Other(auto_id=False)
    assert not plain_field(form["plain"])


def test_a_risk_mapping_not_sent_is_kept_by_what_it_is_made_of_and_never_shown_for_other_answers():
    workbook_tags._kept_forms.clear()
    section = _section()
    first = risk_factor_fields(section.build_form(version=3), "egen")
    assert risk_factor_fields(section.build_form(version=3), "egen") is first  # kept
    assert len(workbook_tags._kept_forms) == 1

    # Another answer, another factor's title, another language, another "your own": each its own markup,
    # equal to core's.
    changed = _section()
    slug = RiskFactor.objects.values_list("slug", flat=True)[0]
    changed.data["factors"][slug]["rules"] = "Ingen alkohol på jobb."
    form = changed.build_form(version=3)
    html = risk_factor_fields(form, "egen")
    assert "Ingen alkohol på jobb." in html and "Ingen alkohol" not in first
    assert _normal(html) == _normal(_core(changed.build_form(version=3), "egen"))
    renamed = _section()
    renamed.defaults[0].title = "Et nytt navn på faktoren"
    assert "Et nytt navn på faktoren" in risk_factor_fields(renamed.build_form(version=3), "egen")
    with translation.override("en"):
        english = risk_factor_fields(section.build_form(version=3), "own")
        assert _normal(english) == _normal(_core(section.build_form(version=3), "own"))
    assert english != first and "(own)</legend>" in english

    # A form sent is never kept, nor answered from what was kept.
    sent = section.build_form(_post(section) | {f"f_{slug}_rules": "Skrevet nå"}, version=3)
    sent.is_valid()
    assert "Skrevet nå" in risk_factor_fields(sent, "egen")
    assert len(workbook_tags._kept_forms) == 4


def test_the_kept_risk_mappings_are_bounded(monkeypatch):
    workbook_tags._kept_forms.clear()
    monkeypatch.setattr(workbook_tags, "KEPT_FORMS", 2)
    for number in range(4):
        section = _section()
        section.data["own"][0]["title"] = f"Faktor {number}"
        risk_factor_fields(section.build_form(version=3), "egen")
    assert len(workbook_tags._kept_forms) == 2
