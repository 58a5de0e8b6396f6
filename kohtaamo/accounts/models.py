"""People and the organisations they act for.

An organisation (a wellbeing services county, a municipality, an association, an
artist's business ...) has units such as a health station or a library. A person acts
through memberships: (user, organisation or unit, role). What a membership lets its
holder see and change is decided in one place, :mod:`kohtaamo.accounts.permissions`.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.core.i18n import LocalizedNameMixin
from kohtaamo.core.models import County, Municipality

from .roles import Role
from .scopes import Scope as Scope
from .scopes import ScopedMixin, ScopedQuerySet, ScopePath
from .validators import validate_business_id


class UserManager(BaseUserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(ScopedMixin, AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    class LanguageChoice(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=LanguageChoice, default=LanguageChoice.FINNISH
    )
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("Can open the administration pages."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    # Wherever they are members (closed memberships too: an administrator still finds
    # the person whose membership they closed).
    scope_paths = (ScopePath("organisation_id", unit="unit_id", via="memberships"),)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    def active_memberships(self):
        """Memberships with their organisation and unit, cached on this object."""
        cached = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = list(
                self.memberships.filter(
                    is_active=True, organisation__is_active=True
                ).select_related("organisation", "unit")
            )
            self._active_memberships = cached
        return cached

    def roles(self):
        return {membership.role for membership in self.active_memberships()}

    def organisation_ids(self):
        return {membership.organisation_id for membership in self.active_memberships()}

    @property
    def audit_organisation_id(self):
        return None


class Organisation(ScopedMixin, LocalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        MUNICIPALITY = "municipality", _("Municipality")
        ASSOCIATION = "association", _("Association or NGO")
        COMPANY = "company", _("Company")
        ARTIST = "artist", _("Independent artist")
        PARISH = "parish", _("Parish")
        EDUCATION = "education", _("Educational institution")
        NATIONAL_BODY = "national_body", _("National body")

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), if the organisation has one."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("home municipality"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("wellbeing services county"),
        help_text=_("Filled in from the home municipality when left empty."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = (ScopePath("id", county="county_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~models.Q(business_id=""),
                name="organisation_business_id_unique",
            )
        ]

    def save(self, *args, **kwargs):
        if self.county_id is None and self.municipality_id is not None:
            self.county_id = self.municipality.county_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.WELLBEING_COUNTY and not (self.county_id or self.municipality_id):
            raise ValidationError({"county": _("Choose the county this organisation runs.")})

    @property
    def audit_organisation_id(self):
        return self.pk


class Unit(ScopedMixin, LocalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        HEALTH_STATION = "health_station", _("Health station")
        SOCIAL_WORK = "social_work", _("Social work team")
        MENTAL_HEALTH = "mental_health", _("Mental health and substance abuse services")
        OLDER_PEOPLE = "older_people", _("Services for older people")
        FAMILY = "family", _("Family services")
        DISABILITY = "disability", _("Disability services")
        CULTURE_ADVICE = "culture_advice", _("Culture advice or link work")
        CULTURE_SERVICES = "culture_services", _("Cultural services")
        LIBRARY = "library", _("Library")
        MUSEUM = "museum", _("Museum")
        YOUTH = "youth", _("Youth services")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = (ScopePath("organisation_id", unit="id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "name_fi"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return f"{self.organisation} – {self.name}"

    @property
    def audit_organisation_id(self):
        return self.organisation_id


def check_unit_in_organisation(record):
    """Refuse a record (a membership, an API key) whose unit is in another organisation."""
    if (
        record.unit_id
        and record.organisation_id
        and record.unit.organisation_id != record.organisation_id
    ):
        raise ValidationError({"unit": _("The unit must belong to the chosen organisation.")})


class Membership(ScopedMixin, models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
        help_text=_("Leave empty when the role covers the whole organisation."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_paths = (ScopePath("organisation_id", unit="unit_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name_fi", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(unit__isnull=True),
                name="membership_unique_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.organisation}"

    def save(self, *args, **kwargs):
        if self.unit_id and not self.organisation_id:
            self.organisation_id = self.unit.organisation_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        check_unit_in_organisation(self)

    @property
    def audit_organisation_id(self):
        return self.organisation_id
