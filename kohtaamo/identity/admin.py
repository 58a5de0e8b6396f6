from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import discovery
from .models import IdentityProvider


class IdentityProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the saved secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "slug",
            "is_active",
            "issuer",
            "client_id",
            "client_secret",
            "signing_algorithm",
            "organisations",
            "two_step",
            "mfa_acr_values",
        ]

    def clean_client_secret(self):
        secret = self.cleaned_data["client_secret"]
        if not secret and self.instance.pk:
            return self.instance.client_secret
        if not secret:
            raise forms.ValidationError(_("Enter the client secret the provider gave."))
        return secret

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"]
        # Read the provider's settings now, so a mistyped issuer is caught while the
        # form is open and not at someone's first sign-in.
        discovery.forget(issuer)
        try:
            discovery.configuration(issuer)
        except discovery.DiscoveryError as error:
            raise forms.ValidationError(
                _("The provider's settings could not be read from %(url)s."),
                params={"url": discovery.discovery_url(issuer)},
            ) from error
        return issuer


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """Only platform operators (superusers) manage providers: an entry decides who may
    vouch for every member of the organisations it serves."""

    form = IdentityProviderForm
    list_display = ["name_fi", "slug", "issuer", "two_step", "is_active"]
    list_filter = ["two_step", "is_active"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug", "issuer"]
    filter_horizontal = ["organisations"]
    prepopulated_fields = {"slug": ["name_fi"]}
    fieldsets = [
        (None, {"fields": ["name_fi", "name_sv", "name_en", "slug", "is_active"]}),
        (
            _("Provider"),
            {"fields": ["issuer", "client_id", "client_secret", "signing_algorithm"]},
        ),
        (_("Who and how"), {"fields": ["organisations", "two_step", "mfa_acr_values"]}),
    ]
