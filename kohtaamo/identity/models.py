"""Organisations' own identity services (OpenID Connect providers) that staff sign in with.

A provider only vouches for who someone is. It never creates an account or a role: the
person must already have a Kohtaamo account with the same, verified e-mail address and an
active membership in one of the organisations the provider serves
(docs/decisions/0036-sign-in-with-an-identity-provider.md).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from kohtaamo.accounts.models import Organisation
from kohtaamo.core.i18n import Localized


class IdentityProvider(Localized, models.Model):  # type: ignore[django-manager-missing]
    class TwoStep(models.TextChoices):
        KOHTAAMO = "kohtaamo", _("Kohtaamo's own one-time code")
        ASSERTED = "asserted", _("The provider's, when it reports a multi-factor sign-in")
        ALWAYS = "always", _("The provider's, always (it requires multi-factor from everyone)")

    class Algorithm(models.TextChoices):
        RS256 = "RS256", "RS256"
        RS384 = "RS384", "RS384"
        RS512 = "RS512", "RS512"
        ES256 = "ES256", "ES256"
        ES384 = "ES384", "ES384"
        ES512 = "ES512", "ES512"

    name_fi = models.CharField(
        _("name in Finnish"),
        max_length=100,
        help_text=_('Shown on the login page as "Sign in with <name>".'),
    )
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        unique=True,
        help_text=_("Used in the sign-in address, such as 'pirkanmaa'."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The provider's issuer URL. Its settings are read from "
            "<issuer>/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret = models.CharField(_("client secret"), max_length=500)
    signing_algorithm = models.CharField(
        _("signing algorithm"),
        max_length=5,
        choices=Algorithm,
        default=Algorithm.RS256,
        help_text=_("The algorithm the provider signs its ID tokens with, from its key set."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="identity_providers",
        verbose_name=_("organisations served"),
        help_text=_("Only members of these organisations can sign in through this provider."),
    )
    two_step = models.CharField(
        _("two-step login"),
        max_length=10,
        choices=TwoStep,
        default=TwoStep.KOHTAAMO,
        help_text=_(
            "Whether a sign-in through this provider also counts as the second step. "
            "Otherwise staff enter Kohtaamo's one-time code after it."
        ),
    )
    mfa_acr_values = models.CharField(
        _("multi-factor acr values"),
        max_length=500,
        blank=True,
        validators=[RegexValidator(r"^\S+( \S+)*$", _("Separate the values with one space."))],
        help_text=_(
            "Authentication context (acr) values, separated by spaces, that mean a "
            "multi-factor sign-in at this provider. An amr claim with 'mfa' always counts."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.two_step == self.TwoStep.KOHTAAMO or not self.is_active:
            # Sessions this provider verified stop counting as verified at once: their
            # next request asks for Kohtaamo's own code.
            self.devices.update(confirmed=False)

    def acr_values_for_mfa(self) -> set[str]:
        return set(self.mfa_acr_values.split())


class ProviderDevice(Device):
    """The provider's own multi-factor sign-in, as django-otp sees it.

    Signing in through a provider that asserted a multi-factor sign-in marks the session
    as verified with this device, exactly as an authenticator code would; it takes no
    codes of its own.
    """

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="devices",
        verbose_name=_("identity provider"),
    )

    class Meta:
        verbose_name = _("identity provider sign-in")
        verbose_name_plural = _("identity provider sign-ins")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="provider_device_unique")
        ]

    def verify_token(self, token):
        return False
