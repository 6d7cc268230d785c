from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.form_fields import MunicipalityFilterMixin
from balanse.core.forms_rendering import StyledFormMixin
from balanse.organisations.models import ArtField, ArtFieldCode, Organisation, Role
from balanse.organisations.validators import normalise_org_number


class OrgNumberField(forms.CharField):
    """Accepts the number the way people type it ("923 609 016") and keeps the 9 digits."""

    def to_python(self, value):
        return normalise_org_number(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = "15"
        attrs["inputmode"] = "numeric"
        attrs["autocomplete"] = "off"
        return attrs


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    art_fields = forms.ModelMultipleChoiceField(
        label=_("Art fields"),
        queryset=ArtField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "org_number", "art_fields", "municipality", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"org_number": OrgNumberField}


class OperatorOrganisationForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = [*OrganisationForm.Meta.fields, "is_member", "member_since"]


class OrganisationFilterForm(MunicipalityFilterMixin, StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, municipality or number"))
    field = forms.ChoiceField(
        label=_("Art field"), required=False, choices=[("", _("All fields")), *ArtFieldCode.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=[])


class InvitationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Administrators can edit the profile and invite others."),
    )


class AcceptInvitationForm(StyledFormMixin, forms.Form):
    """The name of a person accepting an invitation: others see it in lists of people, so it is required."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Others in the organisation see this name."),
        error_messages={"required": _("Write your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class RoleForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
