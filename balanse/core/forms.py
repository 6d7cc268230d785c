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
