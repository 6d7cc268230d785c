from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.advisory.models import Help, Inquiry
from balanse.core.form_fields import DateInput
from balanse.core.forms_rendering import StyledFormMixin


class InquiryForm(StyledFormMixin, forms.ModelForm):
    help_given = forms.MultipleChoiceField(
        label=_("Help given"), choices=Help.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Encrypted, and deleted after the retention period. No name or contact is needed; "
            "if the person gives one, write it here and nowhere else."
        ),
    )

    class Meta:
        model = Inquiry
        fields = ["date", "channel", "topic", "caller_role", "field", "help_given", "follow_up", "ref"]
        widgets = {"date": DateInput}
        help_texts = {"ref": _("The line's own case number, if it has one.")}

    def __init__(self, *args, notes: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("notes", notes)
        self.fields["caller_role"].required = False
        if self.instance.notes_deleted_at:
            self.fields["notes"].disabled = True
            self.fields["notes"].help_text = _("The notes were deleted after the retention period.")

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        if ref and Inquiry.objects.exclude(pk=self.instance.pk).filter(ref=ref).exists():
            raise forms.ValidationError(_("Another inquiry has this case number."))
        return ref

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AdviserForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address of a staff member"))
