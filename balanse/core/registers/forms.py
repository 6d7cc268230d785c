from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon, as Excel saves it) or an Excel workbook (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s. Split it into smaller files.")
                % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class ExportForm(StyledFormMixin, forms.Form):
    FORMATS = [("csv", _("CSV for Excel (semicolons)")), ("xlsx", _("Excel workbook (.xlsx)"))]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="csv", widget=forms.RadioSelect)
    year = forms.IntegerField(
        label=_("Year (empty: every year)"), required=False, min_value=1900, max_value=2200
    )
