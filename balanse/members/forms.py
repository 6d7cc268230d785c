from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core import stamps
from balanse.core.form_fields import DateInput, KronerField, MunicipalityFilterMixin
from balanse.core.form_markup import PlainFormMixin
from balanse.core.forms_rendering import StyledFormMixin
from balanse.core.search_choice import SearchChoiceField
from balanse.members import queries, services
from balanse.members.models import Contact, ContactKind, Member
from balanse.members.queries import FeeFilter
from balanse.organisations.models import ArtField, ArtFieldCode, Organisation


class OrgNumberField(forms.CharField):
    """The number as people type it (“923 609 016”); checked (MOD11) as the organisations app checks it."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return services.clean_org_number(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "15",
        }


def tier_choices(year: int) -> list[tuple]:
    return [
        (
            str(t.amount),
            f"{t.amount:,} kr".replace(",", "\u00a0") + (f" – {t.description}" if t.description else ""),
        )
        for t in queries.tiers_of(year)  # FeeTier.objects.filter(year=year), compiled once
    ]


def _application_choices(year: int) -> tuple[int, list[tuple], list[tuple]]:
    """The application form's choices for `year`: (the year whose tiers apply, their choices, the art fields'
    choices as the select lists them: the empty choice first, then each field's key and name)."""
    tier_year = queries.tier_year_for(year) or year
    fields = [
        (getattr(value, "value", value), str(label))
        for value, label in ApplicationForm.base_fields["field"].choices
    ]
    return tier_year, tier_choices(tier_year), fields


class ApplicationForm(PlainFormMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    org_number = OrgNumberField(
        label=_("Organisation number"),
        required=False,
        help_text=_("9 digits from the Brønnøysund Register Centre. Leave empty if you have none."),
    )
    field = forms.ModelChoiceField(
        label=_("Art field"), queryset=ArtField.objects.all(), empty_label=_("Choose a field")
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100)
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_email = forms.EmailField(
        label=_("Contact person's e-mail"),
        help_text=_(
            "We send the receipt here, and an invitation to manage the organisation when you are a member."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    invoice_email = forms.EmailField(
        label=_("Invoice e-mail"),
        required=False,
        help_text=_("Leave empty to use the contact person's e-mail."),
    )
    tier = forms.TypedChoiceField(
        label=_("Size band"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("The yearly fee follows the size of the organisation. Choose the band that fits you."),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices (the tiers that apply and the art fields) are kept until a register changes
        # (`balanse.core.stamps`); a posted art field is still checked against the table.
        self.year, choices, fields = stamps.kept(
            ("members.application_choices", year), partial(_application_choices, year)
        )
        self.fields["field"].choices = fields
        if choices:
            self.fields["tier"].choices = choices
            self.fields["tier"].required = True
        else:
            del self.fields["tier"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def application_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["tier_year"] = self.year if data.get("tier") else None
        return data


class DecisionForm(PlainFormMixin, StyledFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by e-mail with the decision. Required when you decline."),
    )


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose choices, fixed in the form's class, every form shares instead of deep-copying them
    when it is made (Django copies each form's fields; these choices' lazy labels were most of the filter form's
    construction). Nothing changes such choices in place: a form that wanted other ones would set them anew."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the field and its widget, the choices shared


class MemberFilterForm(PlainFormMixin, MunicipalityFilterMixin, StyledFormMixin, forms.Form):
    FEE_CHOICES = [
        ("", _("All")),
        (FeeFilter.PAID, _("Paid")),
        (FeeFilter.UNPAID, _("Not paid")),
        (FeeFilter.AGREEMENT, _("Special agreement")),
        (FeeFilter.NONE, _("No fee")),
    ]
    ar = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name or organisation number"))
    field = FixedChoiceField(
        label=_("Art field"), required=False, choices=[("", _("All fields")), *ArtFieldCode.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=[])
    tier = forms.TypedChoiceField(label=_("Tier"), required=False, coerce=int, choices=[], empty_value=None)
    fee = FixedChoiceField(label=_("Fee"), required=False, choices=FEE_CHOICES)
    new = forms.BooleanField(label=_("Only new this year"), required=False)

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [("", _("All tiers"))] + [
            (str(t), f"{t:,}".replace(",", "\u00a0")) for t in tiers
        ]


class MemberForm(PlainFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["field", "joined", "left", "left_reason", "contact_name", "contact_email", "invoice_email"]
        widgets = {
            "joined": DateInput(),
            "left": DateInput(),
            "left_reason": forms.Textarea(attrs={"rows": 3}),
        }


class NewMemberForm(MemberForm):
    """An organisation already in the register that is not a member, found by typing part of its name or its
    organisation number (the register holds hundreds: too many for a select, and a page that read them all
    would grow with the register)."""

    organisation = SearchChoiceField(
        label=_("Organisation"),
        help_text=_(
            "Type part of the name or the organisation number of an organisation already in the register that "
            "is not a member. New ones join through “Become a member”."
        ),
        queryset=Organisation.objects.filter(member__isnull=True),
        name_field="name",
        number_field="org_number",
        no_match=_(
            "No organisation that is not a member matches “%(text)s”. Check the spelling, or type less of the "
            "name. New ones join through “Become a member”."
        ),
        several=_(
            "Several organisations that are not members match “%(text)s”. Choose one of them below, then send "
            "the form again."
        ),
        too_many=_(
            "More than %(shown)s organisations that are not members match “%(text)s”. Choose one of the first "
            "%(shown)s below, or type more of the name."
        ),
        too_long=_("Type at most 200 characters of the name."),
        legend=_("Organisations that match"),
    )

    class Meta(MemberForm.Meta):
        fields = ["organisation", "field", "joined", "contact_name", "contact_email", "invoice_email"]


class FeeForm(PlainFormMixin, StyledFormMixin, forms.Form):
    tier = forms.TypedChoiceField(label=_("Tier"), coerce=int, required=False, empty_value=None, choices=[])
    agreement = forms.CharField(
        label=_("Special agreement"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Collaboration instead of a fee: what was agreed. Leave the tier empty then."),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [("", _("No tier"))] + tier_choices(year)


class PaymentForm(PlainFormMixin, StyledFormMixin, forms.Form):
    amount = KronerField(label=_("Amount (kroner)"), min_value=1, max_value=10_000_000)
    booked_on = forms.DateField(label=_("Paid on"), widget=DateInput())


def member_search_field(**kwargs) -> SearchChoiceField:
    """A member of the year, found by typing part of its name or its organisation number."""
    return SearchChoiceField(
        label=_("Member"),
        help_text=_("Type part of the name or the organisation number."),
        queryset=Member.objects.none(),
        name_field="organisation__name",
        number_field="organisation__org_number",
        label_from_instance=lambda member: member.organisation.name,
        no_match=_("No member of the year matches “%(text)s”. Check the spelling, or type less of the name."),
        several=_("Several members match “%(text)s”. Choose one of them below, then send the form again."),
        too_many=_(
            "More than %(shown)s members match “%(text)s”. Choose one of the first %(shown)s below, or type more "
            "of the name."
        ),
        too_long=_("Type at most 200 characters of the name."),
        legend=_("Members that match"),
        **kwargs,
    )


class ContactForm(PlainFormMixin, StyledFormMixin, forms.ModelForm):
    member = member_search_field()

    class Meta:
        model = Contact
        fields = ["member", "date", "kind", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, year: int, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.of_year(year).select_related("organisation")
        self.fields["kind"].choices = ContactKind.choices
        if member is not None:
            self.fields["member"].initial = member
        today = timezone.localdate()
        self.fields["date"].initial = today if today.year == year else None


class FeeYearForm(PlainFormMixin, StyledFormMixin, forms.Form):
    cutoff = forms.DateField(
        label=_("Cut-off date"),
        widget=DateInput(),
        help_text=_("Members who join after this date pay no fee for the year."),
    )
    decided = forms.CharField(
        label=_("Decided"),
        required=False,
        max_length=200,
        help_text=_("For example: the annual meeting on 28 May 2020."),
    )


class TierForm(PlainFormMixin, StyledFormMixin, forms.Form):
    amount = KronerField(label=_("Amount (kroner)"), min_value=1, max_value=10_000_000)
    description = forms.CharField(label=_("Who pays it"), required=False, max_length=300)


class ClaimsForm(PlainFormMixin, StyledFormMixin, forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class StatementForm(PlainFormMixin, StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "camt.053 (XML) as the bank exports it, or a CSV file with the columns date, amount and KID."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,.txt"}),
    )

    def clean_file(self):
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s. Split it into smaller files.")
                % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        if not upload.name.lower().endswith((".xml", ".csv", ".txt")):
            raise ValidationError(_("Choose a .xml (camt.053) or .csv file."))
        return upload


class PlacePaymentForm(PlainFormMixin, StyledFormMixin, forms.Form):
    fee = forms.ModelChoiceField(label=_("Fee"), queryset=None, empty_label=_("Choose the fee it pays"))

    def __init__(self, *args, fees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee"].queryset = fees
        self.fields["fee"].label_from_instance = lambda fee: (
            f"{fee.member} – {fee.year} – {fee.kid or '–'} ({fee.tier or 0} kr)"
        )


class SupportingSignUpForm(PlainFormMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=100,
        help_text=_("Optional. Only used to count where our supporters live."),
    )


class ConfirmForm(forms.Form):
    """A form with only a button (the CSRF token does the work)."""
