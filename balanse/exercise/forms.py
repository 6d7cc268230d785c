from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin
from balanse.core.numbers import AsciiIntegerField
from balanse.core.search_choice import SearchChoiceField
from balanse.exercise.models import ExerciseTemplate, Mode, normalise_code
from balanse.organisations.models import Organisation


class LinesField(forms.CharField):
    """One item per line: cleans to the non-empty lines, stripped, between `fewest` and `most` of them and each
    at most `longest` characters long (when given); otherwise the message given for it."""

    def __init__(
        self,
        *,
        fewest: int,
        most: int,
        wrong_count,
        longest: int | None = None,
        too_long="",
        rows: int,
        **kwargs,
    ):
        super().__init__(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)
        self.fewest, self.most, self.longest = fewest, most, longest
        self.wrong_count, self.too_long = wrong_count, too_long

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        items = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if not self.fewest <= len(items) <= self.most:
            raise forms.ValidationError(self.wrong_count)
        if self.longest is not None and any(len(item) > self.longest for item in items):
            raise forms.ValidationError(self.too_long)
        return items


def organisation_search_field(*, queryset, required: bool) -> SearchChoiceField:
    """An organisation among many (the operator's choice of every organisation), found by typing part of its
    name or its organisation number."""
    return SearchChoiceField(
        label=_("Organisation"),
        required=required,
        help_text=_("Type part of the name or the organisation number. Leave empty for Balansekunst's own.")
        if not required
        else _("Type part of the name or the organisation number."),
        queryset=queryset,
        name_field="name",
        number_field="org_number",
        label_from_instance=lambda organisation: organisation.name,
        no_match=_("No organisation matches “%(text)s”. Check the spelling, or type less of the name."),
        several=_(
            "Several organisations match “%(text)s”. Choose one of them below, then send the form again."
        ),
        too_many=_(
            "More than %(shown)s organisations match “%(text)s”. Choose one of the first %(shown)s below, or "
            "type more of the name."
        ),
        too_long=_("Type at most 200 characters of the name."),
        legend=_("Organisations that match"),
    )


def _choose_organisation_from(form: forms.Form, organisations, *, required: bool, search: bool) -> None:
    """Whose a session or an own exercise is: one of `organisations`; an organisation admin must choose one,
    an operator may leave it empty (Balansekunst's own). Both kinds take the organisation's name. `search`:
    among too many for a select (the operator's every organisation), typed and searched instead."""
    if search:
        form.fields["organisation"] = organisation_search_field(queryset=organisations, required=required)
        return
    field = form.fields["organisation"]
    field.queryset = organisations
    field.to_field_name = "name"  # the select posts the name, as the search field takes it
    field.required = required
    field.empty_label = None if required else _("None (Balansekunst)")


class JoinForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six characters shown on the big screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != 6:
            raise forms.ValidationError(_("The code has six characters, for example K7M 4PX."))
        return code


class StartSessionForm(StyledFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Exercise"),
        queryset=ExerciseTemplate.objects.none(),
        empty_label=None,
        help_text=_(
            "The default exercise starts in the language of this page (Norsk or English); your own copies "
            "start as you wrote them."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    mode = forms.ChoiceField(
        label=_("Pace"),
        choices=Mode.choices,
        initial=Mode.PRESENTER,
        widget=forms.RadioSelect,
        help_text=_(
            "Presenter-paced: you show one scenario at a time. Self-paced: everyone goes through all."
        ),
    )
    participant_cap = AsciiIntegerField(
        label=_("Most participants"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Leave empty for the platform's limit."),
    )

    def __init__(
        self,
        *args,
        templates,
        organisations,
        organisation_required: bool,
        search_organisation=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        _choose_organisation_from(
            self, organisations, required=organisation_required, search=search_organisation
        )


class TemplateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scenarios = LinesField(
        label=_("Scenarios"),
        help_text=_("One scenario per line."),
        rows=12,
        fewest=1,
        most=40,
        wrong_count=_("Write between 1 and 40 scenarios, one per line."),
        longest=300,
        too_long=_("Each scenario can be at most 300 characters."),
    )
    relations = LinesField(
        label=_("Where the attention comes from"),
        help_text=_("One per line, for example “A colleague”."),
        rows=4,
        fewest=1,
        most=5,
        wrong_count=_("Write between 1 and 5 relations, one per line."),
        longest=100,
        too_long=_("Each relation can be at most 100 characters."),
    )
    questions = LinesField(
        label=_("Questions for the conversation afterwards"),
        help_text=_("One per line."),
        required=False,
        rows=4,
        fewest=0,
        most=10,
        wrong_count=_("Write at most 10 questions."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(
        self, *args, organisations=None, organisation_required=False, search_organisation=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            _choose_organisation_from(
                self, organisations, required=organisation_required, search=search_organisation
            )

    @staticmethod
    def initial_from(template: ExerciseTemplate) -> dict:
        return {
            "title": template.title,
            "intro": template.intro,
            "scenarios": "\n".join(template.scenarios),
            "relations": "\n".join(template.relations),
            "questions": "\n".join(template.questions),
        }
