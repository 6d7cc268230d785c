import re

from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.certification.models import Application, ChecklistKey, MarkRequest, SchemeSettings
from balanse.certification.requests import REQUEST_FIELDS
from balanse.core.form_fields import DateInput, MunicipalityFilterMixin
from balanse.core.forms_rendering import StyledFormMixin
from balanse.organisations.models import ArtFieldCode, validate_org_number


class VersionedForm(StyledFormMixin, forms.Form):
    """Carries the certification's version so a stale form is refused instead of overwriting."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ConfirmForm(VersionedForm):
    pass


class CourseForm(VersionedForm):
    date = forms.DateField(label=_("Date of the course"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"), required=False, help_text=_("For a course held as a video meeting.")
    )
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200)
    participants = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_link") and not self.errors:
            raise forms.ValidationError(_("Give a place or a video link for the course."))
        return data


class CourseHeldForm(VersionedForm):
    participants = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)


class MeetingForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date of the meeting"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class ChecklistForm(VersionedForm):
    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = {item.key: item for item in (items or [])}
        for key, label in ChecklistKey.choices:
            item = items.get(key)
            self.fields[f"complete_{key}"] = forms.BooleanField(
                label=_("%(measure)s is in place") % {"measure": label},
                required=False,
                initial=bool(item and item.complete),
                widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("What is missing in %(measure)s") % {"measure": str(label).lower()},
                max_length=500,
                required=False,
                initial=item.note if item else "",
                widget=forms.TextInput(attrs={"class": "ds-input"}),
            )

    def complete(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"complete_{key}"] for key in ChecklistKey.values}

    def notes(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"note_{key}"] for key in ChecklistKey.values}


class ReviewForm(VersionedForm):
    """The operator's review: a comment per required measure, then send back or award."""

    def __init__(self, *args, requirements=(), drafts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_keys = []
        drafts = drafts or {}
        for requirement in requirements:
            self.requirement_keys.append(requirement.key)
            self.fields[f"comment_{requirement.key}"] = forms.CharField(
                label=_("Comment on %(measure)s") % {"measure": requirement.label.lower()},
                widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
                max_length=4000,
                required=False,
                initial=drafts.get(requirement.key, ""),
            )

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}", "") for key in self.requirement_keys}

    def rows(self, requirements, earlier_comments) -> list[dict]:
        """Each measure beside its comment box, with the earlier comments and answers on it."""
        return [
            {
                "requirement": requirement,
                "field": self[f"comment_{requirement.key}"],
                "earlier": [c for c in earlier_comments if c.requirement_key == requirement.key],
            }
            for requirement in requirements
        ]


class AwardForm(VersionedForm):
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DateInput,
        required=False,
        help_text=_("Empty means today. The mark is valid for one year."),
    )


class AnswerForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_(
            "What you changed, or why you keep the measure as it is. Balansekunst reads it in the review."
        ),
    )


class FollowUpForm(VersionedForm):
    date = forms.DateField(label=_("Date of the follow-up meeting"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class RenewForm(VersionedForm):
    valid_from = forms.DateField(
        label=_("New period starts"),
        widget=DateInput,
        required=False,
        help_text=_("Empty means the day after the current period ends."),
    )


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the history. The verification page shows that the mark is withdrawn."),
    )


class TargetForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    target = forms.IntegerField(
        label=_("Target"),
        min_value=0,
        max_value=10000,
        help_text=_("Organisations to take through the scheme"),
    )


class RegistryFilterForm(MunicipalityFilterMixin, StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, help_text=_("Name or certificate number")
    )
    field = forms.ChoiceField(
        label=_("Art field"), required=False, choices=[("", _("All fields")), *ArtFieldCode.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=[])


class OrgNumberField(forms.CharField):
    """An organisation number as people type it ("923 609 016"), stored as 9 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(validators=[validate_org_number], **kwargs)

    def to_python(self, value):
        return re.sub(r"[\s.\-]", "", super().to_python(value) or "")


class ApplicationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["contact_name", "contact_email", "contact_phone", "size", "hopes", "preferred_course_time"]
        widgets = {"hopes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "contact_name": _("The person Balansekunst contacts to plan the course."),
            "preferred_course_time": _(
                "For example “a weekday morning in March” or “before the season starts”."
            ),
        }


class ResponseTimeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SchemeSettings
        fields = ["response_time"]


class MarkRequestForm(StyledFormMixin, forms.ModelForm):
    org_number = OrgNumberField(label=_("Organisation number"), help_text=_("9 digits, if you have one."))

    class Meta:
        model = MarkRequest
        fields = list(REQUEST_FIELDS)
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        labels = {"message": _("What would you like to know? (optional)")}


class ConvertRequestForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    org_number = OrgNumberField(label=_("Organisation number"))
    municipality = forms.CharField(label=_("Municipality or city"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("Invite as administrator"), help_text=_("The contact person gets an invitation by e-mail.")
    )

    def clean_org_number(self):
        return (self.cleaned_data.get("org_number") or "").replace(" ", "")
