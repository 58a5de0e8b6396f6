"""The catalogue (palvelutarjotin): providers, services, events and places.

Content comes in Finnish, Swedish and English, any of which may be missing: each text
has a column per language and the ``localized`` helper picks the best one. Services,
events and places belong to a provider organisation; imported content also remembers
where it came from (``source`` + ``external_id``) so a re-import updates, not duplicates.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath
from kohtaamo.core.i18n import Localized, localized, translated_chars, translated_texts
from kohtaamo.core.models import (
    AccessibilityFeature,
    ArtForm,
    FundingSource,
    Language,
    Municipality,
    TargetGroup,
    WellbeingStep,
)

from .states import Status

# The Sámi languages of Finland, which PTV carries beside fi/sv/en, by their codes.
SAMI_LANGUAGES = {
    "se": _("Northern Sámi"),
    "smn": _("Inari Sámi"),
    "sms": _("Skolt Sámi"),
}
SAMI_FIELDS = ("name", "summary", "description")


class Source(models.TextChoices):
    LOCAL = "local", _("Entered in Kohtaamo")
    PTV = "ptv", _("Finnish Service Catalogue (PTV)")
    LINKED_EVENTS = "linkedevents", _("Linked Events")
    IMPORT = "import", _("File import")


class Imported(models.Model):
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.LOCAL)
    external_id = models.CharField(_("id at the source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ProviderProfile(ScopedMixin, Localized, models.Model):
    """What an organisation offers as a culture provider, for buyers and professionals."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="provider_profile",
        verbose_name=_("organisation"),
    )
    description_fi, description_sv, description_en = translated_texts(_("description"))
    experience_fi, experience_sv, experience_en = translated_texts(
        _("experience with special groups")
    )
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, verbose_name=_("experience with target groups")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, verbose_name=_("areas served")
    )
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("working languages"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")

    @property
    def name(self):
        return self.organisation.name

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class Place(ScopedMixin, Localized, Imported):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="places",
        verbose_name=_("owner"),
        help_text=_("The organisation that keeps this place's details up to date."),
    )
    name_fi, name_sv, name_en = translated_chars(_("name"), required_fi=True)
    street_address_fi, street_address_sv, street_address_en = translated_chars(_("street address"))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="places",
        verbose_name=_("municipality"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(59), MaxValueValidator(71)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(19), MaxValueValidator(32)],
    )
    accessibility = models.ManyToManyField(
        AccessibilityFeature, blank=True, verbose_name=_("accessibility")
    )
    accessibility_info_fi, accessibility_info_sv, accessibility_info_en = translated_texts(
        _("accessibility details")
    )

    # A place of no organisation (imported) is reference data: national reach only.
    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="place_unique_external_id",
            )
        ]


class Offering(Localized, Imported):
    """What services and events share: texts, classification, price and status."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("provider"),
    )
    name_fi, name_sv, name_en = translated_chars(_("name"))
    summary_fi, summary_sv, summary_en = translated_chars(_("summary"), max_length=300)
    description_fi, description_sv, description_en = translated_texts(_("description"))
    steps = models.ManyToManyField(
        WellbeingStep, blank=True, verbose_name=_("steps of cultural wellbeing")
    )
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    accessibility = models.ManyToManyField(
        AccessibilityFeature, blank=True, verbose_name=_("accessibility")
    )
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_free = models.BooleanField(_("free of charge"), default=False)
    price_fi, price_sv, price_en = translated_chars(_("price"), max_length=300)
    booking_url = models.URLField(_("booking or registration address"), blank=True, max_length=500)
    contact_phone = models.CharField(_("phone for joining"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail for joining"), blank=True)
    keywords_fi, keywords_sv, keywords_en = translated_chars(_("keywords"), max_length=500)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    moderation_reason = models.TextField(
        _("reason for removal"),
        blank=True,
        help_text=_("Shown to the provider when a coordinator removes content from the catalogue."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    moderated_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Every broken rule at once, so a form shows them all together.
        errors = self.invariant_errors()
        if errors:
            raise ValidationError(errors)

    def invariant_errors(self):
        """Broken rules of this content, as {field: message}."""
        errors = {}
        if not (self.name_fi or self.name_sv or self.name_en):
            errors["name_fi"] = _("Give a name in at least one language.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age is below the minimum age.")
        return errors

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class Service(ScopedMixin, Offering):
    """An ongoing activity: a course, a group, a guide service, artist visits ..."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        GROUP = "group", _("Group")
        WORKSHOP_SERIES = "workshop_series", _("Workshop series")
        GUIDE_SERVICE = "guide_service", _("Culture guide service")
        MUSEUM_VISIT = "museum_visit", _("Museum or exhibition visit")
        PERFORMANCE = "performance", _("Performances")
        ARTIST_VISIT = "artist_visit", _("Artist visits to care units")
        HOSPITAL_CLOWNS = "hospital_clowns", _("Hospital clowns")
        ARTIST_RESIDENCY = "artist_residency", _("Artist residency")
        CULTURE_ADVICE = "culture_advice", _("Culture advice")
        REFERRAL_GROUP = "referral_group", _("Culture referral group")
        OTHER = "other", _("Other")

    class Lifecycle(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        PILOT = "pilot", _("Pilot")
        FIXED_TERM = "fixed_term", _("Fixed-term")
        PLANNED = "planned", _("Planned")

    class Quality(models.TextChoices):
        GOALS = "goals", _("Goals and intended wellbeing effects are written down")
        TARGET_GROUP = "target_group", _("The target group and its needs are defined")
        PROFESSIONALS = "professionals", _("Led by arts professionals with relevant training")
        COOPERATION = "cooperation", _("Planned together with social and health care")
        ACCESSIBILITY = "accessibility", _("Accessibility has been checked")
        SAFETY = "safety", _("Safety and confidentiality practices are agreed")
        FEEDBACK = "feedback", _("Participants' feedback is collected")
        EVALUATION = "evaluation", _("Outcomes are evaluated")

    kind = models.CharField(_("type of service"), max_length=32, choices=Kind, default=Kind.OTHER)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="services", verbose_name=_("municipalities served")
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="services", verbose_name=_("places")
    )
    card_places = models.BooleanField(
        _("free places for culture card holders"),
        default=False,
        help_text=_("Kaikukortti holders can get free places."),
    )
    # One number, not a quota per period: what providers know and say when a referral
    # coordinator asks. Empty means the service has not said it takes referrals.
    referral_places = models.PositiveIntegerField(
        _("places for clients with a culture referral"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many clients who come with a culture referral the service can take at a "
            "time or per season. Leave empty if you do not keep places for them."
        ),
    )
    how_to_join_fi, how_to_join_sv, how_to_join_en = translated_texts(_("how to join"))
    schedule_fi, schedule_sv, schedule_en = translated_chars(_("schedule"), max_length=500)
    lifecycle = models.CharField(
        _("stage"), max_length=16, choices=Lifecycle, default=Lifecycle.ESTABLISHED
    )
    funding_sources = models.ManyToManyField(
        FundingSource, blank=True, verbose_name=_("funding sources")
    )
    quality_criteria = models.JSONField(
        _("quality criteria met"),
        default=list,
        blank=True,
        help_text=_("Codes of the criteria met."),
    )
    # Texts in the Sámi languages PTV carries, shown on the service page as they came:
    # {"se": {"name": ..., "summary": ..., "description": ...}, "smn": ..., "sms": ...}.
    # One column, not one per language and field (docs/decisions/0029).
    sami_texts = models.JSONField(
        _("texts in the Sámi languages"),
        default=dict,
        blank=True,
        help_text=_("Imported from PTV: name, summary and description by language code."),
    )

    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="service_unique_external_id",
            )
        ]
        indexes = [models.Index(fields=["status", "-updated_at"])]
        permissions = [("moderate_service", "Can remove services from the public catalogue")]

    def invariant_errors(self):
        errors = super().invariant_errors()
        unknown = set(self.quality_criteria or []) - set(self.Quality.values)
        if unknown:
            errors["quality_criteria"] = _("Unknown quality criterion.")
        return errors


class Event(ScopedMixin, Offering):
    """A dated occurrence, on its own or as one session of a service."""

    class Registration(models.TextChoices):
        NONE = "none", _("No registration")
        REQUIRED = "required", _("Registration required")
        RECOMMENDED = "recommended", _("Registration recommended")

    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("service"),
    )
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
        help_text=_("Filled in from the place; set it for events without a place."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration = models.CharField(
        _("registration"), max_length=16, choices=Registration, default=Registration.NONE
    )
    registration_ends = models.DateTimeField(_("registration ends"), null=True, blank=True)
    card_places = models.PositiveIntegerField(
        _("free places for culture card holders"),
        default=0,
        help_text=_("How many Kaikukortti holders can get a free ticket."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    super_event = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_events",
        verbose_name=_("part of"),
    )

    scope_paths = (ScopePath("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="event_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]
        permissions = [("moderate_event", "Can remove events from the public catalogue")]

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.place_id is not None:
            self.municipality_id = self.place.municipality_id
        super().save(*args, **kwargs)

    def invariant_errors(self):
        errors = super().invariant_errors()
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("The event ends before it starts.")
        if self.capacity is not None and self.card_places > self.capacity:
            errors["card_places"] = _("There are more card places than places in all.")
        return errors

    def text(self, field):
        # An event of a service borrows the service's texts where it has none of its own.
        own = localized(self, field)
        if own or self.service_id is None:
            return own
        return localized(self.service, field)


class OfferingReference:
    """For rows that point at exactly one service or one event (a favourite, a list
    item ...): the model has nullable ``service`` and ``event`` foreign keys and adds
    :func:`one_offering_constraints` to its Meta."""

    @property
    def offering(self):
        return self.service if self.service_id else self.event

    @property
    def kind(self):
        return "service" if self.service_id else "event"


def one_offering_constraints(prefix, owner):
    """Exactly one of service/event is set, and each is referenced once per ``owner``."""
    return [
        models.CheckConstraint(
            condition=(
                models.Q(service__isnull=False, event__isnull=True)
                | models.Q(service__isnull=True, event__isnull=False)
            ),
            name=f"{prefix}_is_service_or_event",
        ),
        models.UniqueConstraint(
            fields=[owner, "service"],
            condition=models.Q(service__isnull=False),
            name=f"{prefix}_service_once",
        ),
        models.UniqueConstraint(
            fields=[owner, "event"],
            condition=models.Q(event__isnull=False),
            name=f"{prefix}_event_once",
        ),
    ]
