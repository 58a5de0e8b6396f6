"""Keys for other systems to call Kohtaamo's API, and webhooks that call them back.

An :class:`ApiKey` belongs to one organisation (and optionally one unit). It acts
through a user account of its own that holds a professional's membership in that unit or
organisation, so the referral services and the permission helper treat a client-
information system exactly as they treat the professionals who use it, and the audit log
names the key. Only a SHA-256 hash of the secret is stored; the key is shown once.

A :class:`WebhookEndpoint` is an organisation's address for status changes of its
referrals; each change becomes one :class:`WebhookDelivery` per endpoint, signed and
retried with backoff (docs/decisions/0018-api-keys-and-webhooks.md, docs/webhooks.md).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit, check_unit_in_organisation
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath, paths_through
from kohtaamo.core import http as outbound
from kohtaamo.referrals.states import Status

KEY_PREFIX = "kht"


def new_webhook_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def webhook_event_types():
    """One event per state a referral can move to: ``referral.accepted`` ..."""
    return [
        (f"referral.{status.value}", status.label) for status in Status if status != Status.DRAFT
    ]


# Why an address was refused, as the administrator reads it next to the field.
URL_REFUSALS = {
    "credentials": _(
        "Leave the user name and password out of the address: the receiver checks each "
        "message's signature instead."
    ),
    "port": _("Use the standard https port: leave the port number out of the address."),
    "private": _(
        "This address leads into a private network or to the server itself, where "
        "webhooks may not go. Give the receiver's public https address."
    ),
    "unresolved": _("The server name in this address was not found. Check the address."),
}


def webhook_address(host, port):
    """The checked address a delivery connects to (resolved anew for each one)."""
    return outbound.public_address(host, port, allow_loopback=settings.WEBHOOK_ALLOW_LOOPBACK)


def check_webhook_url(url):
    """Raise :class:`outbound.Refused` unless ``url`` is an https address on the standard
    port without credentials whose server is on the public internet (a development
    receiver on this machine only with ``WEBHOOK_ALLOW_LOOPBACK``). Also run before each
    delivery: what a name resolves to can change after it was saved."""
    host, port = outbound.check_public_url(url, allow_loopback=settings.WEBHOOK_ALLOW_LOOPBACK)
    webhook_address(host, port)


def validate_webhook_url(value):
    # Signed, but not encrypted: outside the machine itself the body travels over TLS.
    try:
        check_webhook_url(value)
    except outbound.Refused as refused:
        message = URL_REFUSALS.get(refused.code) or _("Use an https:// address.")
        raise ValidationError(message, code=refused.code) from refused
    except outbound.Unreachable as error:
        raise ValidationError(URL_REFUSALS["unresolved"], code="unresolved") from error


class ApiKey(ScopedMixin, models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="api_keys",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("unit"),
        help_text=_(
            "The unit the system writes referrals for. Empty: any unit of the "
            "organisation, named in each request."
        ),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses the key, for example its name.")
    )
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("hashed secret"), max_length=64, editable=False)
    # The account the key acts as: a professional's membership in the unit or organisation.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_key",
        editable=False,
        verbose_name=_("acts as"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    scope_paths = (ScopePath("organisation_id", unit="unit_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    def clean(self):
        super().clean()
        check_unit_in_organisation(self)

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class WebhookEndpoint(ScopedMixin, models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("organisation"),
    )
    url = models.URLField(_("address"), max_length=500, validators=[validate_webhook_url])
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("The receiver checks each message's signature with this."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    events = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("Which status changes to send, for example referral.accepted. Empty: all."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url

    def clean(self):
        super().clean()
        known = {code for code, _label in webhook_event_types()}
        if not isinstance(self.events, list) or any(e not in known for e in self.events):
            raise ValidationError(
                {
                    "events": _("Choose events from: %(events)s.")
                    % {"events": ", ".join(sorted(known))}
                }
            )

    def wants(self, event_type):
        return not self.events or event_type in self.events

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class WebhookDelivery(ScopedMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    event_id = models.CharField(_("event id"), max_length=64)
    event_type = models.CharField(_("event"), max_length=64)
    # The exact bytes that are signed and sent, fixed when the change happened.
    payload = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    scope_paths = paths_through("endpoint", WebhookEndpoint)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhookdelivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(next_attempt_at__isnull=False),
                name="webhookdelivery_pending_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint}"

    @property
    def audit_organisation_id(self):
        return self.endpoint.organisation_id
