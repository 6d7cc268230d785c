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


class ConfirmLoginCodeForm(StyledFormMixin, AllauthConfirmLoginCodeForm):
    pass


class AuthenticateForm(StyledFormMixin, AllauthAuthenticateForm):
    pass


class ActivateTOTPForm(StyledFormMixin, AllauthActivateTOTPForm):
    pass
