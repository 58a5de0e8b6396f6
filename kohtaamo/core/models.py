"""Reference data shared by every part of Kohtaamo, and the audit log.

Reference data are small code lists that classify catalogue content, referrals and
statistics. Each item has a ``code``: a stable slug (or an official code for areas)
that URLs, APIs and imports use, so renaming an item in the admin never breaks a link.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import LocalizedNameMixin


class ReferenceItem(LocalizedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Items no longer in use stay for old records.")
    )

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]


class County(LocalizedNameMixin, models.Model):
    """A wellbeing services county (hyvinvointialue), or Helsinki and Åland, which
    organise social and health care themselves."""

    class Kind(models.TextChoices):
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        CITY = "city", _("City organising its own services")
        AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("Use the two-digit official code."))],
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind, default=Kind.WELLBEING_COUNTY)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")


class Municipality(LocalizedNameMixin, models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("Use the three-digit Statistics Finland code."))],
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Municipalities merged into another one stay for old records."),
    )

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    @property
    def name_en(self):
        # Municipalities have no English names of their own; English uses the Finnish one.
        return self.name_fi


class WellbeingStep(ReferenceItem):
    """One of the five steps of cultural wellbeing (kulttuurihyvinvoinnin portaat)."""

    number = models.PositiveSmallIntegerField(
        _("step"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta(ReferenceItem.Meta):
        ordering = ["number"]
        verbose_name = _("step of cultural wellbeing")
        verbose_name_plural = _("steps of cultural wellbeing")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="wellbeing_step_1_to_5"
            )
        ]


class ArtForm(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("art form")
        verbose_name_plural = _("art forms")


class TargetGroup(ReferenceItem):
    is_priority_group = models.BooleanField(
        _("priority group"),
        default=False,
        help_text=_("One of the priority client groups of the Voimala network."),
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Language(ReferenceItem):
    """A language a service is offered in; ``code`` is the ISO 639 code."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class AccessibilityFeature(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")


class FundingSource(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly

    def delete(self):
        raise AuditLogIsAppendOnly


class AuditLogIsAppendOnly(Exception):
    def __str__(self):
        return "The audit log is append-only: events cannot be changed or deleted."


class AuditEvent(models.Model):
    """Who read or changed which record, when and from where.

    Written only through :mod:`kohtaamo.core.audit`. Rows are never updated or deleted:
    the model refuses, and database triggers refuse raw SQL too. The actor and target
    are kept as plain ids and labels, not foreign keys, so that erasing a person's data
    elsewhere never erases the trace of who looked at it.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        TWO_FACTOR = "two_factor", _("two-factor change")
        DENIED = "denied", _("access denied")

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    actor_organisation_id = models.BigIntegerField(_("actor's organisation"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action)
    target_type = models.CharField(_("record type"), max_length=100, db_index=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_organisation_id = models.BigIntegerField(
        _("record's organisation"), null=True, blank=True
    )
    fields = models.JSONField(_("fields"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"]),
            # The viewer lists an organisation's events newest first (see bench/results).
            models.Index(fields=["target_organisation_id", "-occurred_at", "-id"]),
            models.Index(fields=["actor_organisation_id", "-occurred_at", "-id"]),
        ]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"  # noqa: E501

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly

    def clean(self):
        if not self.target_type:
            raise ValidationError({"target_type": _("An audit event needs a record type.")})
