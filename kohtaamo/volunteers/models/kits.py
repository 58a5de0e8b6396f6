"""Kits to lend (museum kits, memory cases, art) and their loans, one calendar per kit."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath
from kohtaamo.core.i18n import Localized, translated_chars, translated_texts


class Kit(ScopedMixin, Localized, models.Model):
    """Something to lend: a museum kit, a memory case, a work of art."""

    class Kind(models.TextChoices):
        MUSEUM_KIT = "museum_kit", _("Museum kit")
        MEMORY_CASE = "memory_case", _("Memory case")
        ART_LOAN = "art_loan", _("Art to lend")
        OTHER = "other", _("Other kit")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="kits", verbose_name=_("lender")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="kits"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    name_fi, name_sv, name_en = translated_chars(_("name"), required_fi=True)
    description_fi, description_sv, description_en = translated_texts(_("description"))
    pickup = models.CharField(_("where to pick it up"), max_length=200, blank=True)
    is_active = models.BooleanField(_("can be borrowed"), default=True)

    scope_paths = (ScopePath("organisation_id", unit="unit_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("kit")
        verbose_name_plural = _("kits")

    def __str__(self):
        return self.name

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class KitLoan(models.Model):
    """One loan of a kit, both days included; a volunteer or a care unit borrows it.

    The database refuses two loans of one kit whose days overlap (an exclusion
    constraint on PostgreSQL over the loans that are not cancelled)."""

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="loans")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kit_loans",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="kit_loans"
    )
    request = models.ForeignKey(
        "volunteers.HelpRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kit_loans",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_cancelled = models.BooleanField(default=False)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("kit loan")
        verbose_name_plural = _("kit loans")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="kit_loan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False, unit__isnull=True)
                | Q(volunteer__isnull=True, unit__isnull=False),
                name="kit_loan_one_borrower",
            ),
        ]
