from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is wrong. Check them and try again. After five "
            "wrong tries the account is locked for a while."
        ),
        "inactive": _("This account has been closed."),
    }


def _clean_code(value):
    return "".join(value.split()).lower()


class TokenForm(forms.Form):
    """The one-time code from an authenticator app, or one of the backup codes."""

    token = forms.CharField(
        label=_("Code"),
        help_text=_("The six-digit code from your authenticator app, or a backup code."),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = _clean_code(self.cleaned_data["token"])
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "The code is wrong or has expired. Codes change every 30 seconds: check "
                    "that your phone's clock is right and try again with the newest code."
                ),
                code="invalid",
            )
        return token


class DeviceConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        help_text=_("Enter the six-digit code the app shows after you have added Kohtaamo."),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = _clean_code(self.cleaned_data["token"])
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code did not match. Check the phone's clock and enter the newest code."),
                code="invalid",
            )
        return token


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}
