import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup, escape

from balanse.core.form_fields import DateInput
from balanse.core.forms_rendering import StyledFormMixin
from balanse.report.models import FinanceLine, Position, QuestionKind, Section, YearFacts
from balanse.report.models.board import ROLES_OF_BODY


class DecimalCommaField(forms.DecimalField):
    """A number with a decimal comma or point (“0,6”)."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace(" ", "").removesuffix("%")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs | {"inputmode": "decimal", "autocomplete": "off"}


class SignedKronerField(forms.IntegerField):
    """Whole kroner, income positive and expense negative: “-2 991 847” and “−2 991 847” both work."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Write the amount in whole kroner, such as 15 000 or -2 500.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value).replace("\u2212", "-").lower()
            value = value.removeprefix("kr").removesuffix(",-").removesuffix(",00").removesuffix("kr")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs | {"inputmode": "text", "autocomplete": "off"}


class YearForm(forms.Form):
    ar = forms.IntegerField(min_value=1990, max_value=2200, required=False)


class PositionForm(StyledFormMixin, forms.ModelForm):
    fte = DecimalCommaField(
        label=_("Full-time equivalent"),
        required=False,
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("1"),
        help_text=_("Staff only, such as 0,6."),
    )

    class Meta:
        model = Position
        fields = ["body", "role", "name", "email", "gender", "elected_at", "fte"]
        widgets = {"elected_at": DateInput()}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["gender"].choices = [("", _("Not stated"))] + list(self.fields["gender"].choices)[1:]

    def clean(self):
        data = super().clean()
        body, role = data.get("body"), data.get("role")
        if body and role and role not in ROLES_OF_BODY.get(body, []):
            self.add_error("role", _("This role does not belong in that body."))
        if body and data.get("fte") is not None and body != "staff":
            self.add_error("fte", _("Only staff have a full-time equivalent."))
        name = (data.get("name") or "").strip()
        if body and name:
            same = Position.objects.filter(year=self.year, body=body, name=name).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", _("This person is already in that body this year."))
        return data

    def save(self, commit=True):
        self.instance.year = self.year
        return super().save(commit=commit)


class YearFactsForm(StyledFormMixin, forms.ModelForm):
    sick_leave_percent = DecimalCommaField(
        label=_("Sick leave (percent)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
    )

    class Meta:
        model = YearFacts
        fields = ["sick_leave_percent", "certification_target"]


class FinanceLineForm(StyledFormMixin, forms.ModelForm):
    amount = SignedKronerField(label=_("Amount (kr)"), help_text=_("Income positive, expense negative."))

    class Meta:
        model = FinanceLine
        fields = ["line", "amount", "report_line"]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise ValidationError(_("A line of 0 kroner says nothing; leave it out."))
        if abs(amount) > 10**12:
            raise ValidationError(_("The amount is too large."))
        return amount

    def clean_line(self):
        line = self.cleaned_data["line"].strip()
        if FinanceLine.objects.filter(year=self.year, line=line).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("The year already has a line with this name."))
        return line

    def save(self, commit=True):
        self.instance.year = self.year
        return super().save(commit=commit)


class MappingForm(StyledFormMixin, forms.Form):
    source = forms.CharField(label=_("Line in the accounts"), max_length=200)
    report_line = forms.CharField(
        label=_("Line in the report"), max_length=200, required=False, help_text=_("Empty: show it as it is.")
    )


class SectionTextForm(StyledFormMixin, forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=[("nb", "Norsk"), ("en", "English")], widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Blank line between paragraphs; *italic*, **bold**, lists with “- ”, links as [text](address)."
        ),
    )


def form_fields_html(form: forms.Form) -> Markup:
    """A form's fields as the edit page lays them out: the hidden ones, then each visible field's group."""
    return Markup(  # noqa: S704 - Django's and core's own rendering, escaped there
        "".join(str(field) for field in form.hidden_fields())
        + "".join(str(field.as_field_group()) for field in form.visible_fields())
    )


# Stand-ins for the values that differ between one section text form and another: letters only, so that
# escaping leaves them as they are and they are found again in the markup.
_STAND_INS = {
    "prefix": "zqprefixqz",
    "section": "zqsectionqz",
    "language": "zqlanguageqz",
    "body": "zqbodyqz",
}
_SPLIT = re.compile("(" + "|".join(_STAND_INS.values()) + ")")
_NAMES = {stand_in: name for name, stand_in in _STAND_INS.items()}
_section_text_parts: dict[str, tuple[str, ...]] = {}


def _parts_of_section_text_form() -> tuple[str, ...]:
    """An unbound SectionTextForm's fields, rendered once per process and language with stand-ins for the
    prefix, section, language and text, split where they stand: the fixed markup at even places, the names of
    the values at odd ones. The markup is the form's own (core's field template, Django's widgets), so it stays
    the same as a form's when either changes."""
    language = get_language() or ""
    parts = _section_text_parts.get(language)
    if parts is None:
        form = SectionTextForm(
            initial={
                "section": _STAND_INS["section"],
                "language": _STAND_INS["language"],
                "body": _STAND_INS["body"],
            },
            prefix=_STAND_INS["prefix"],
        )
        parts = tuple(_NAMES.get(part, part) for part in _SPLIT.split(str(form_fields_html(form))))
        _section_text_parts[language] = parts
    return parts


def section_text_fields(*, section: str, language: str, body: str) -> Markup:
    """The fields of `SectionTextForm(initial={section, language, body}, prefix="<section>-<language>")`, unbound,
    as `form_fields_html` writes them, without making the form (the edit page shows 24 of them).
    tests/report/test_edit_page_reads.py holds the two equal."""
    values = {"prefix": f"{section}-{language}", "section": section, "language": language, "body": body}
    parts = _parts_of_section_text_form()
    return Markup(  # noqa: S704 - every value is escaped here, as the form's templates escape it
        "".join(str(escape(values[part])) if index % 2 else part for index, part in enumerate(parts))
    )


class ThresholdForm(StyledFormMixin, forms.Form):
    threshold = forms.IntegerField(
        label=_("Smallest count shown"),
        min_value=1,
        max_value=20,
        help_text=_("Default 3. Lower only if the board agrees: on a small board people may be recognised."),
    )
    understood = forms.BooleanField(
        label=_("I understand that a threshold under 3 may let people on the board be recognised."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("threshold") is not None and data["threshold"] < 3 and not data.get("understood"):
            self.add_error(
                "understood", _("Confirm that you understand the risk before lowering the threshold.")
            )
        return data


class RecipientsForm(StyledFormMixin, forms.Form):
    recipients = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One address a line. Each gets their own single-use link."),
    )

    def clean_recipients(self):
        addresses = [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]
        if len(addresses) > 100:
            raise ValidationError(_("At most 100 addresses at a time."))
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(_("Not e-mail addresses: %(bad)s") % {"bad": ", ".join(bad)})
        return addresses


class QuestionForm(StyledFormMixin, forms.Form):
    text_nb = forms.CharField(label=_("Question (Norwegian)"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    options = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: Norwegian | English. “Prefer not to answer” is always added."),
    )

    def clean(self):
        data = super().clean()
        pairs = []
        for number, line in enumerate((data.get("options") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 2 or not all(parts) or any(len(p) > 200 for p in parts):
                self.add_error("options", _("Line %(n)s: write “Norwegian | English”.") % {"n": number})
                continue
            pairs.append((parts[0], parts[1]))
        if data.get("kind") == QuestionKind.CHOICE and not pairs and "options" not in self.errors:
            self.add_error("options", _("A question with a list needs at least one answer to choose."))
        data["pairs"] = pairs
        return data


def question_initial(question) -> dict:
    lines = [f"{o.text_nb} | {o.text_en}" for o in question.options.all() if not o.declines]
    return {
        "text_nb": question.text_nb,
        "text_en": question.text_en,
        "kind": question.kind,
        "options": "\n".join(lines),
    }


def survey_answer_form(survey, *, language: str):
    """A form with one field per question of `survey` (radio buttons, or a number for age); every field is
    optional: a question left empty counts as “did not answer”."""
    fields = {}
    for question in survey.questions.prefetch_related("options"):
        label = question.text_en if language == "en" else question.text_nb
        name = f"q{question.pk}"
        options = list(question.options.all())
        choices = [(o.pk, o.text_en if language == "en" else o.text_nb) for o in options]
        if question.kind == QuestionKind.NUMBER:
            fields[name] = forms.IntegerField(label=label, required=False, min_value=16, max_value=110)
            decline = next((o for o in options if o.declines), None)
            if decline:
                fields[f"{name}_decline"] = forms.BooleanField(
                    label=decline.text_en if language == "en" else decline.text_nb, required=False
                )
        else:
            fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=False, widget=forms.RadioSelect
            )

    def clean(self):
        data = forms.Form.clean(self)
        for question in survey.questions.all():
            if question.kind == QuestionKind.NUMBER:
                name = f"q{question.pk}"
                if data.get(name) is not None and data.get(f"{name}_decline"):
                    self.add_error(name, _("Give a number or choose not to answer, not both."))
        return data

    def answers(self) -> dict[int, dict]:
        result = {}
        for question in survey.questions.prefetch_related("options"):
            name = f"q{question.pk}"
            value = self.cleaned_data.get(name)
            if question.kind == QuestionKind.NUMBER:
                if self.cleaned_data.get(f"{name}_decline"):
                    decline = next(o for o in question.options.all() if o.declines)
                    result[question.pk] = {"option": decline.pk}
                elif value is not None:
                    result[question.pk] = {"number": value}
            elif value not in (None, ""):
                result[question.pk] = {"option": value}
        return result

    form_class = type(
        "SurveyAnswerForm", (StyledFormMixin, forms.Form), {**fields, "clean": clean, "answers": answers}
    )
    return form_class
