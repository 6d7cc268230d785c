"""Fields, widgets and the year parameter that the apps' forms share."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A browser date picker, written as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class KronerField(forms.IntegerField):
    """Whole kroner as people write them: “15 000”, “15000”, “15 000,-” and “kr 15 000” all work."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Write the amount in whole kroner, such as 15 000."),
        "min_value": _("The amount must be more than 0 kroner."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value).lower().removeprefix("kr").removesuffix(",-")
            value = value.removesuffix(",00").removesuffix("kr")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)
        return attrs | {"inputmode": "numeric", "autocomplete": "off"}


class MunicipalityFilterMixin:
    """For a filter form with a `municipality` choice: it offers all of them (empty) and the municipalities
    given as `municipalities=`."""

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m, m) for m in municipalities
        ]


class YearForm(forms.Form):
    """The `?ar=` of a page that shows one year."""

    ar = forms.IntegerField(min_value=1900, max_value=2200, required=False)


def year_from(request, default: int | None = None) -> int:
    """The year a page asks for in `?ar=`; else `default`, else this year."""
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["ar"]:
        return form.cleaned_data["ar"]
    return default or timezone.localdate().year
