"""The culture card (Kaikukortti model): programmes, distributors, cards, free places.

The register holds no name and no personal identity code. A card is a random number
with a check digit, the home municipality, the birth year, the issuing distributor and
dates; the holder's name is printed on the card only. Quotas of free places are kept by
the database: ``places_taken`` can never pass ``places_offered`` whatever the code does.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath, paths_through
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core.models import County, Municipality

from .states import HOLDING_STATES, CardStatus, ReservationState

# Own children and grandchildren under 18 come free to the same event; a cap keeps one
# booking from emptying a concert's few card places.
MAX_CHILDREN = 6


def new_secret():
    # 256 bits: the link to a holder's mobile card is the only key to it.
    return secrets.token_urlsafe(32)


class Programme(ScopedMixin, models.Model):
    """One county's culture-card programme, run by an organisation (the county itself,
    or a city that coordinates the card for the area)."""

    county = models.OneToOneField(
        County, on_delete=models.PROTECT, related_name="card_programme", verbose_name=_("county")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="card_programmes",
        verbose_name=_("coordinating organisation"),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("card validity in months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    scope_paths = (ScopePath("organisation_id", county="county_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("culture card programme")
        verbose_name_plural = _("culture card programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gte=1) & Q(validity_months__lte=60),
                name="card_programme_validity_in_range",
            )
        ]

    def __str__(self):
        return str(self.county)


class DateRange(models.Model):
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        abstract = True

    def covers(self, day):
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @classmethod
    def covering(cls, day):
        return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class ProgrammeMunicipality(ScopedMixin, DateRange):
    """A municipality has joined the programme: its residents can hold a card."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="municipalities"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="card_programme_periods"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_paths = paths_through("programme", Programme)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_fi", "starts_on"]
        verbose_name = _("municipality in the programme")
        verbose_name_plural = _("municipalities in the programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="card_programme_municipality_dates_in_order",
            )
        ]


class Distributor(ScopedMixin, DateRange):
    """A unit or organisation that a coordinator has enrolled to issue cards."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="distributors")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="card_distributors"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="card_distributors"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The county is the programme's: a coordinator reaches distributors they enrolled
    # even when an NGO's home is in a neighbouring county.
    scope_paths = (ScopePath("organisation_id", unit="unit_id", county="programme__county_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("card distributor")
        verbose_name_plural = _("card distributors")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="card_distributor_dates_in_order",
            )
        ]

    def __str__(self):
        return str(self.unit or self.organisation)

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class Card(ScopedMixin, models.Model):
    class Gender(models.TextChoices):
        WOMAN = "f", _("Woman")
        MAN = "m", _("Man")
        OTHER = "x", _("Other")

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        OTHER = "other", _("Other language")

    number = models.CharField(_("card number"), max_length=10, unique=True)
    home_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cards", verbose_name=_("home")
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    distributor = models.ForeignKey(
        Distributor, on_delete=models.PROTECT, related_name="cards", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CardStatus, default=CardStatus.ACTIVE
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    # First booking or check-in: statistics count "activated" cards, not only issued ones.
    activated_at = models.DateTimeField(_("first used"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    mobile_token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    # Voluntary answers for statistics only; blank means not asked or declined.
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language, blank=True)

    scope_paths = paths_through("distributor", Distributor)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("culture card")
        verbose_name_plural = _("culture cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[1-9][0-9]{9}$"), name="card_number_ten_digits"
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900), name="card_birth_year_plausible"
            ),
            models.CheckConstraint(
                condition=~Q(status=CardStatus.REPLACED) | Q(replaced_by__isnull=False),
                name="card_replaced_names_its_successor",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def audit_organisation_id(self):
        return self.distributor.organisation_id


class CardOffer(ScopedMixin, models.Model):
    """A venue's free places for card holders."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        COURSE = "course", _("Course")
        STANDING = "standing", _("Standing offer, places per day")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="card_offers", verbose_name=_("venue")
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="card_offers"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="card_offers"
    )
    # For a standing offer these are per day; each day's count is an OfferDay.
    places_offered = models.PositiveIntegerField(_("places offered"))
    places_taken = models.PositiveIntegerField(_("places taken"), default=0)
    # Free tickets for a companion (a personal assistant, a friend or a volunteer guide)
    # who comes with a holder: without one, many holders cannot come at all. Kept apart
    # from the card places, with the same database check.
    companion_places_offered = models.PositiveIntegerField(
        _("companion tickets offered"), default=0
    )
    companion_places_taken = models.PositiveIntegerField(_("companion tickets taken"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("card offer")
        verbose_name_plural = _("card offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__gte=0) & Q(places_taken__lte=F("places_offered")),
                name="card_offer_places_taken_within_offered",
            ),
            models.CheckConstraint(
                condition=Q(companion_places_taken__gte=0)
                & Q(companion_places_taken__lte=F("companion_places_offered")),
                name="card_offer_companion_places_taken_within_offered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="event", event__isnull=False, service__isnull=True)
                    | Q(kind__in=["course", "standing"], event__isnull=True, service__isnull=False)
                ),
                name="card_offer_points_at_its_kind",
            ),
            models.UniqueConstraint(
                fields=["event"], condition=Q(event__isnull=False), name="card_offer_one_per_event"
            ),
        ]

    def __str__(self):
        return str(self.event or self.service)

    @property
    def places_left(self):
        return self.places_offered - self.places_taken

    @property
    def companion_places_left(self):
        return self.companion_places_offered - self.companion_places_taken

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class OfferDay(models.Model):
    """One day's count of a standing offer; ``places_offered`` is copied from the offer
    so that the database can hold the quota on this row."""

    offer = models.ForeignKey(CardOffer, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    places_offered = models.PositiveIntegerField()
    places_taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "day"], name="card_offer_day_unique"),
            models.CheckConstraint(
                condition=Q(places_taken__gte=0) & Q(places_taken__lte=F("places_offered")),
                name="card_offer_day_places_taken_within_offered",
            ),
        ]


class Reservation(models.Model):
    offer = models.ForeignKey(CardOffer, on_delete=models.PROTECT, related_name="reservations")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="reservations")
    adults = models.PositiveSmallIntegerField(default=1, editable=False)
    children = models.PositiveSmallIntegerField(_("children under 18"), default=0)
    # The booking holds one of the offer's free companion tickets.
    companion = models.BooleanField(_("with a companion"), default=False)
    state = models.CharField(
        max_length=16, choices=ReservationState, default=ReservationState.RESERVED
    )
    token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    # The short code read out at the door (codes.py); set when the booking is made.
    code = models.CharField(_("booking code"), max_length=8, editable=False)
    idempotency_key = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "idempotency_key"], name="card_reservation_idempotency_key"
            ),
            models.UniqueConstraint(
                fields=["offer", "card"],
                condition=Q(state__in=HOLDING_STATES),
                name="card_reservation_one_ticket_per_offer",
            ),
            models.UniqueConstraint(
                fields=["offer", "code"],
                condition=Q(state__in=HOLDING_STATES),
                name="card_reservation_code_unique_in_offer",
            ),
            models.CheckConstraint(condition=Q(adults=1), name="card_reservation_one_adult"),
            models.CheckConstraint(
                condition=Q(children__lte=MAX_CHILDREN), name="card_reservation_children_capped"
            ),
        ]
        indexes = [models.Index(fields=["state", "offer"], name="card_reservation_state_offer")]

    @property
    def places(self):
        return self.adults + self.children


class Use(models.Model):
    """A check-in at the door: what the statistics count as a use of the card."""

    offer = models.ForeignKey(CardOffer, on_delete=models.PROTECT, related_name="uses")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="uses")
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="uses"
    )
    day = models.DateField()
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # A second scan of the same card at the same door on the same day is the
            # same visit.
            models.UniqueConstraint(fields=["offer", "card", "day"], name="card_use_once_a_day"),
        ]


class WaitingListEntry(models.Model):
    offer = models.ForeignKey(CardOffer, on_delete=models.CASCADE, related_name="waiting_list")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="waiting_list_entries")
    children = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    # When a place freed up for this holder; shown on their mobile card page.
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "card"], name="card_waiting_once_per_offer"),
        ]
