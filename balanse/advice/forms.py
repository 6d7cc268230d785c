from django import forms
from django.utils.text import slugify

from balanse.advice import hours, services
from balanse.advice.models import AdviceContact
from balanse.core.forms_rendering import StyledFormMixin


class AdviceContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AdviceContact
        fields = services.FIELDS  # what the operator edits is what the service writes
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_weekly_hours(self):
        try:
            return hours.normalise(self.cleaned_data["weekly_hours"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def save_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not self.instance.pk:
            base = slugify(data["name"])[:40] or "kontakt"
            slug, n = base, 2
            while AdviceContact.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            self.instance.slug = slug
        return data
