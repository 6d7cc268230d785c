from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin
from balanse.core.models import User


class RequestLoginCodeForm(StyledFormMixin, AllauthRequestLoginCodeForm):
    """Log-in by e-mailed code is for organisation users and learners; staff use password + MFA."""

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email and User.objects.filter(email__iexact=email, is_staff=True).exists():
            raise forms.ValidationError(
                _(
                    "Balansekunst staff log in with password and a second factor. "
                    "Use “Log in with password” instead."
                ),
                code="staff_use_password",
            )
        return super().clean_email()


class LoginForm(StyledFormMixin, AllauthLoginForm):
    pass


def _numeric_code_field(field) -> None:
    """A phone shows the number pad and offers the code from the e-mail or SMS (one-time-code)."""
    field.widget.attrs.update(
        {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
    )
    field.widget.attrs.pop("placeholder", None)


class ConfirmLoginCodeForm(StyledFormMixin, AllauthConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _numeric_code_field(self.fields["code"])


class AuthenticateForm(StyledFormMixin, AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Authenticator codes are digits; recovery codes (letters and digits) are typed here too.
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})


class ActivateTOTPForm(StyledFormMixin, AllauthActivateTOTPForm):
    pass


class DeleteAccountForm(StyledFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and what is listed above are deleted, and that this cannot be undone"
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )


class PersonLookupForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Everything the registers hold about this address: accounts, members, invitations, sign-ups."
        ),
        error_messages={
            "invalid": _("Write a whole e-mail address, like ola@example.no."),
            "required": _("Write the e-mail address to look up."),
        },
    )


class EraseForm(PersonLookupForm):
    confirm = forms.BooleanField(
        label=_("Erase everything listed about this address"),
        required=True,
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class AuditFilterForm(StyledFormMixin, forms.Form):
    """Filters of the change log: who, what, which organisation, which period."""

    who = forms.CharField(
        label=_("Who"), required=False, max_length=200, help_text=_("Name or e-mail address")
    )
    what = forms.ChoiceField(label=_("What"), required=False, choices=[])
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("To and including"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", _("Everything")), *actions]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def filter(self, entries):
        from django.db.models import Q

        data = self.cleaned_data
        if data.get("who"):
            entries = entries.filter(
                Q(actor__email__icontains=data["who"]) | Q(actor__full_name__icontains=data["who"])
            )
        if data.get("what"):
            entries = entries.filter(action=data["what"])
        if data.get("organisation"):
            # The log names each object as it was then ("Black Box teater – Sertifisert"); the organisation's
            # name is part of it for everything done to it, its people, its mark and its course.
            entries = entries.filter(object_repr__icontains=data["organisation"])
        if data.get("start"):
            entries = entries.filter(at__date__gte=data["start"])
        if data.get("end"):
            entries = entries.filter(at__date__lte=data["end"])
        return entries
