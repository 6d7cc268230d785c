from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.form_fields import MunicipalityFilterMixin
from balanse.core.forms_rendering import StyledFormMixin
from balanse.organisations.models import ArtField, ArtFieldCode, Organisation, Role, art_field_label
from balanse.organisations.queries import art_field_rows
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
    """An organisation's profile. Its art fields are a field of the form, not of the model's (the services
    set them): the boxes shown come from the art fields kept until they change, and the boxes ticked from the
    organisation's own page read (`queries.page_organisation`, its `art_field_list`), so a form only shown
    asks no query for them (a model form asks two, each built anew); a choice sent is checked against the
    table."""

    art_fields = forms.ModelMultipleChoiceField(
        label=_("Art fields"),
        queryset=ArtField.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = ["name", "org_number", "art_fields", "municipality", "website", "description"]

    class Meta:
        model = Organisation
        fields = ["name", "org_number", "municipality", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"org_number": OrgNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = art_field_rows()
        field = self.fields["art_fields"]
        field.choices = [(pk, art_field_label(code)) for pk, code in rows]
        if self.instance.pk is not None and "art_fields" not in self.initial:
            codes = getattr(self.instance, "art_field_list", None)
            if codes is None:  # not read with the organisation: ask
                self.initial["art_fields"] = list(self.instance.art_fields.values_list("pk", flat=True))
            else:
                pks = {code: pk for pk, code in rows}
                self.initial["art_fields"] = [pks[code] for code in codes if code in pks]


class OperatorOrganisationForm(OrganisationForm):
    field_order = [*OrganisationForm.field_order, "is_member", "member_since"]

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
