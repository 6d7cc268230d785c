from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from balanse.activities import queries
from balanse.activities.models import Activity, ActivityType, SupplementaryEntry
from balanse.activities.services import ACTIVITY_FIELDS
from balanse.core.form_fields import DateInput, TimeInput
from balanse.core.form_markup import PlainFormMixin
from balanse.core.forms_rendering import StyledFormMixin


class TypeChoices(ModelChoiceIterator):
    """Every activity type in its order, read from SQL compiled once (not built at each form's rendering)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for activity_type in queries.types():
            yield self.choice(activity_type)


class TypeField(forms.ModelChoiceField):
    """A choice among all the activity types (the queryset checks what is sent)."""

    iterator = TypeChoices


class ActivityFilterForm(PlainFormMixin, StyledFormMixin, forms.Form):
    DIGITAL_CHOICES = [("", _("All")), ("yes", _("Digital")), ("no", _("In person"))]
    ar = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
    type = TypeField(
        label=_("Type"), queryset=ActivityType.objects.all(), required=False, empty_label=_("All types")
    )
    place = forms.ChoiceField(label=_("Place"), required=False, choices=[])
    digital = forms.ChoiceField(label=_("Digital"), required=False, choices=DIGITAL_CHOICES)
    organiser = forms.CharField(label=_("Organiser"), required=False, max_length=200)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, help_text=_("Title, topic or description")
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", _("All places"))] + [(p, p) for p in places]


class ActivityForm(PlainFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS
        field_classes = {"type": TypeField}
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].empty_label = _("Choose a type")

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("digital") and "place" not in self.errors:
            self.add_error("place", _("Give the place, or mark the activity as held digitally."))
        if data.get("capacity") == 0 and "capacity" not in self.errors:
            self.add_error("capacity", _("Give at least one place, or leave it empty for no limit."))
        if data.get("registration") and not data.get("start_time") and "start_time" not in self.errors:
            self.add_error("start_time", _("An activity that takes registrations needs a start time."))
        return data


class ActivityTypeForm(PlainFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["name", "label", "order"]


class SupplementaryEntryForm(PlainFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupplementaryEntry
        fields = ["year", "type", "count", "participants", "streaming_audience", "note"]
        field_classes = {"type": TypeField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].empty_label = _("Choose a type")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1900 <= year <= 2200:
            raise forms.ValidationError(_("Give a year between 1900 and 2200."))
        return year


class RegistrationForm(PlainFormMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("We send the confirmation and a reminder here.")
    )
