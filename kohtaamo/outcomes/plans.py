"""Measurement plans and the client's separate consent to answer (decision 0043).

A county says, per referral type and per card programme, which instrument is asked at
which point. Answering is optional and needs its own consent, recorded with its time
and the version of the words the client was shown; saying no changes nothing else.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.cards.models import Card, Programme
from kohtaamo.core.models import County
from kohtaamo.referrals.models import Referral, ReferralType

from .models import Instrument


class Point(models.TextChoices):
    BASELINE = "baseline", _("At the start, when the referral is accepted")
    THREE_MONTHS = "three_months", _("Three months after the start")
    COMPLETION = "completion", _("When the referral is completed")
    CARD_ISSUE = "card_issue", _("When the card is issued")
    CARD_RENEWAL = "card_renewal", _("When the card is renewed")


REFERRAL_POINTS = (Point.BASELINE, Point.THREE_MONTHS, Point.COMPLETION)
CARD_POINTS = (Point.CARD_ISSUE, Point.CARD_RENEWAL)


class MeasurementPlan(models.Model):
    # The county's own record, as its referral types are: its coordinators keep it.
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    referral_type = models.ForeignKey(
        ReferralType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurement_plans",
        verbose_name=_("referral type"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurement_plans",
        verbose_name=_("culture card programme"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="plans", verbose_name=_("instrument")
    )
    point = models.CharField(_("when"), max_length=16, choices=Point)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["county", "referral_type", "programme", "order", "pk"]
        verbose_name = _("measurement plan")
        verbose_name_plural = _("measurement plans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(referral_type__isnull=False) & Q(programme__isnull=True))
                | (Q(referral_type__isnull=True) & Q(programme__isnull=False)),
                name="plan_one_subject",
            ),
            models.CheckConstraint(
                condition=(Q(referral_type__isnull=False) & Q(point__in=REFERRAL_POINTS))
                | (Q(programme__isnull=False) & Q(point__in=CARD_POINTS)),
                name="plan_point_fits_subject",
            ),
            models.UniqueConstraint(
                fields=["referral_type", "instrument", "point"], name="plan_once_per_type"
            ),
            models.UniqueConstraint(
                fields=["programme", "instrument", "point"], name="plan_once_per_programme"
            ),
        ]

    def __str__(self):
        subject = self.referral_type or self.programme
        return f"{subject}: {self.instrument} – {self.get_point_display()}"

    def save(self, *args, **kwargs):
        # The county follows the subject, so that the permission rule can read it.
        subject = self.referral_type or self.programme
        if subject is not None:
            self.county_id = subject.county_id
        super().save(*args, **kwargs)

    @property
    def audit_organisation_id(self):
        return None


class OutcomeConsent(models.Model):
    """The client's yes or no to answering questions about their wellbeing. The latest
    row counts; a no can become a yes and back."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_consents",
        verbose_name=_("referral"),
    )
    card = models.ForeignKey(
        Card,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_consents",
        verbose_name=_("culture card"),
    )
    given = models.BooleanField(_("agreed to answer"))
    # Which words the client saw (services.CONSENT_WORDING), so a later change of the
    # words does not change what was agreed to.
    wording_version = models.CharField(_("version of the wording"), max_length=20)
    at = models.DateTimeField(_("when"))
    # A paper form typed in by staff.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consent to outcome questions")
        verbose_name_plural = _("consents to outcome questions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(referral__isnull=False) & Q(card__isnull=True))
                | (Q(referral__isnull=True) & Q(card__isnull=False)),
                name="outcomeconsent_one_subject",
            ),
        ]
