from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core.form_fields import DateInput
from balanse.core.forms_rendering import StyledFormMixin


class EntryFilterForm(StyledFormMixin, forms.Form):
    ar = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EntryType.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("Title or outlet"))


class EntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["date", "type", "title", "outlet", "link"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Choose a type")), *EntryType.choices]


def _check_year(year: int) -> int:
    if not 1900 <= year <= 2200:
        raise forms.ValidationError(_("Give a year between 1900 and 2200."))
    return year


class SupplementaryCountForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupplementaryCount
        fields = ["year", "type", "count", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Choose a type")), *EntryType.choices]

    def clean_year(self):
        return _check_year(self.cleaned_data["year"])


class KeyFigureForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = KeyFigure
        fields = ["year", "name", "value", "unit", "source", "note"]

    def clean_year(self):
        return _check_year(self.cleaned_data["year"])
