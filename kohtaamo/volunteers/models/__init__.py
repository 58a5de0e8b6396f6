"""Volunteer culture guides and companions (kulttuuriluotsit, kulttuurikaverit).

A coordinating unit (a municipality's, a library's or an association's) runs a
programme; people apply to it and are approved as volunteers. A request asks for a
companion for one person or a small group at a time and place; volunteers are offered
it or assigned to it, and each volunteer's part in one request is an ``Assignment``.

What a volunteer may know of a client is the least the visit needs: a first name or an
alias, the meeting point, the needs, and a phone number only when the client agreed.
The reasons of a referral never reach this app. The database keeps the rules that must
never break: one volunteer cannot hold two overlapping assignments, a kit cannot be
lent twice at once (exclusion constraints on PostgreSQL, added by migration; the
services check the same under a row lock on SQLite), and an offer is taken once.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath, paths_through
from kohtaamo.catalogue.models import Event, Place
from kohtaamo.core.i18n import Localized, translated_chars, translated_texts
from kohtaamo.core.models import ArtForm, Language, Municipality

from ..states import (
    CancelledBy,
    ExpenseState,
    OfferState,
    RequestStatus,
    VolunteerStatus,
)
from .kits import Kit as Kit
from .kits import KitLoan as KitLoan

# The most assignments a volunteer can be asked to take in a month, whatever they say.
MAX_MONTHLY_CAP = 31
# How many people one request may bring along with its volunteers.
MAX_PEOPLE = 30
MAX_VOLUNTEERS_PER_REQUEST = 5


def new_link_token():
    # The link in an offer's e-mail or text message is the key to answering it.
    return secrets.token_urlsafe(32)


class HelpKind(models.TextChoices):
    ACCOMPANY = "accompany", _("Going along to an event or a place")
    GROUP_VISIT = "group_visit", _("Visiting a group in a care unit with a kit")
    PERFORM = "perform", _("Performing or reading aloud in a hospital or care home")
    CULTURE_WALK = "culture_walk", _("A culture walk")


class Mobility(models.TextChoices):
    CAR = "car", _("By car")
    PUBLIC_TRANSPORT = "public_transport", _("By public transport")
    ON_FOOT = "on_foot", _("On foot or by bicycle")


class Assistance(models.TextChoices):
    """Help a volunteer can give and a request can need."""

    WHEELCHAIR = "wheelchair", _("Pushing a wheelchair")
    WALKING_SUPPORT = "walking_support", _("Support in walking")
    SIGHTED_GUIDE = "sighted_guide", _("Sighted guide")
    MEMORY = "memory", _("Company for a person with a memory disorder")
    SIGN_LANGUAGE = "sign_language", _("Sign language")


class TrainingKind(models.TextChoices):
    BASIC = "basic", _("Basic culture guide training")
    FIRST_AID = "first_aid", _("First aid")
    MEMORY = "memory", _("Meeting people with memory disorders")
    OTHER = "other", _("Other training")


class RequestSource(models.TextChoices):
    REFERRAL = "referral", _("From a culture referral")
    CARD_BOOKING = "card_booking", _("From a culture card booking")
    PROFESSIONAL = "professional", _("From a professional or culture advisor")
    RESIDENT = "resident", _("From a resident")
    CARE_UNIT = "care_unit", _("From a care unit, for a group")


class Programme(ScopedMixin, Localized, models.Model):
    """A volunteer programme run by one coordinating unit for its area."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="volunteer_programmes",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_programmes",
        verbose_name=_("coordinating unit"),
    )
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    name_fi, name_sv, name_en = translated_chars(_("name"), required_fi=True)
    description_fi, description_sv, description_en = translated_texts(_("description"))
    municipalities = models.ManyToManyField(
        Municipality, related_name="volunteer_programmes", verbose_name=_("area")
    )
    help_kinds = models.JSONField(_("kinds of help"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accepts_applications = models.BooleanField(_("takes new volunteers"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_paths = (ScopePath("organisation_id", unit="unit_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("volunteer programme")
        verbose_name_plural = _("volunteer programmes")

    def __str__(self):
        return self.name

    @property
    def audit_organisation_id(self):
        return self.organisation_id


class Volunteer(ScopedMixin, models.Model):
    """One person in one programme, from the application on."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("programme")
    )
    # Set when the coordinator approves the application (an account is made or found).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteering",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VolunteerStatus, default=VolunteerStatus.APPLIED
    )
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    # E.164, as phonenumbers formats it (the same check as a referral's client phone).
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("where I can help")
    )
    interests = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art interests"))
    mobility = models.JSONField(_("how I move"), default=list, blank=True)
    assistance = models.JSONField(_("help I can give"), default=list, blank=True)
    help_kinds = models.JSONField(_("kinds of help"), default=list, blank=True)
    monthly_cap = models.PositiveSmallIntegerField(
        _("most assignments a month"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_CAP)],
    )
    motivation = models.TextField(_("why I want to volunteer"), max_length=2000, blank=True)
    # The criminal-record check for work with minors: the date and who saw the
    # extract, never the document itself.
    record_checked_on = models.DateField(_("criminal record checked on"), null=True, blank=True)
    record_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criminal record checked by"),
    )
    agreement_signed_on = models.DateField(
        _("volunteer agreement signed on"), null=True, blank=True
    )
    consent_at = models.DateTimeField(_("consent to keep my data given"))
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("approved or declined"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or declined by"),
    )
    # The private iCal feed of my assignments is read by a calendar app without a login.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_link_token)

    scope_paths = paths_through("programme", Programme)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VolunteerStatus.values), name="volunteer_status_known"
            ),
            models.CheckConstraint(
                condition=Q(monthly_cap__gte=1, monthly_cap__lte=MAX_MONTHLY_CAP),
                name="volunteer_monthly_cap_in_range",
            ),
            models.UniqueConstraint(
                fields=["programme", "user"],
                condition=Q(user__isnull=False),
                name="volunteer_once_per_programme",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def audit_organisation_id(self):
        return self.programme.organisation_id


class WeeklyAvailability(models.Model):
    """A time of the week the volunteer is usually free (Monday is 0)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="weekly")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="volunteer_weekday_valid"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="volunteer_slot_ends"),
        ]


class Absence(models.Model):
    """Dates the volunteer is away, both days included."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="volunteer_absence_ends"
            )
        ]


class Training(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("training"), max_length=16, choices=TrainingKind)
    title = models.CharField(_("name of the training"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("completed_on")),
                name="volunteer_training_expires_after",
            )
        ]


class HelpRequest(ScopedMixin, models.Model):
    """A request for a companion (or a group visit) at one time and place."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="requests", verbose_name=_("programme")
    )
    source = models.CharField(_("came from"), max_length=16, choices=RequestSource)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus, default=RequestStatus.REQUESTED
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("referral"),
    )
    reservation = models.ForeignKey(
        "cards.Reservation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("card booking"),
    )
    # The unit that asked (a referral's issuer, a care unit, an advisor's unit); none
    # when a resident or a card holder asked for themself.
    requesting_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("asked by unit"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    help_kind = models.CharField(
        _("kind of help"), max_length=16, choices=HelpKind, default=HelpKind.ACCOMPANY
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what = models.CharField(_("what"), max_length=200, blank=True)
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # By when a volunteer must be found; after it the request is unfilled.
    fill_by = models.DateTimeField(_("find a volunteer by"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    meeting_point = models.CharField(_("where to meet"), max_length=200)
    people = models.PositiveSmallIntegerField(
        _("how many people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)],
    )
    volunteers_needed = models.PositiveSmallIntegerField(
        _("volunteers needed"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOLUNTEERS_PER_REQUEST)],
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("language")
    )
    needs = models.JSONField(_("help needed"), default=list, blank=True)
    needs_note = models.CharField(_("about the needs"), max_length=200, blank=True)
    involves_minors = models.BooleanField(_("children or young people take part"), default=False)
    # What the volunteer sees of the client: the least the visit needs.
    client_alias = models.CharField(_("client's first name or alias"), max_length=60)
    client_phone = models.CharField(_("client's phone"), max_length=20, blank=True)
    client_agreed_to_share_phone = models.BooleanField(
        _("the client agreed that the volunteer may call them"), default=False
    )
    # For the coordinator (who to tell about the request): never shown to volunteers.
    contact_email = models.EmailField(_("e-mail for news about the request"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    unfilled_alert_at = models.DateTimeField(_("unfilled alert sent"), null=True, blank=True)
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=16, choices=CancelledBy, blank=True
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    # The coordinating programme's unit, and the unit that asked for it, reach it.
    scope_paths = (
        *paths_through("programme", Programme),
        ScopePath("requesting_unit__organisation_id", unit="requesting_unit_id"),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("companion request")
        verbose_name_plural = _("companion requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="help_request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="help_request_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(fill_by__lte=F("starts_at")), name="help_request_fill_by_before_start"
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=MAX_PEOPLE),
                name="help_request_people_in_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    volunteers_needed__gte=1, volunteers_needed__lte=MAX_VOLUNTEERS_PER_REQUEST
                ),
                name="help_request_volunteers_in_range",
            ),
            # A phone number is kept only when the client agreed to share it.
            models.CheckConstraint(
                condition=Q(client_phone="") | Q(client_agreed_to_share_phone=True),
                name="help_request_phone_needs_agreement",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.CANCELLED) | ~Q(cancelled_by=""),
                name="help_request_cancelled_says_by_whom",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="help_request_open")]

    def __str__(self):
        return f"{self.get_help_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def audit_organisation_id(self):
        return self.programme.organisation_id


class Offer(models.Model):
    """A request offered to one volunteer, answered through a link."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="offers")
    state = models.CharField(max_length=16, choices=OfferState, default=OfferState.OPEN)
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="offer_once_per_person"),
            models.CheckConstraint(
                condition=Q(state__in=OfferState.values), name="offer_state_known"
            ),
        ]


class Assignment(models.Model):
    """One volunteer's part in one request, and their report of the visit.

    ``starts_at`` and ``ends_at`` are copied from the request so that the database can
    refuse two overlapping assignments of one volunteer (an exclusion constraint on
    PostgreSQL over the held rows, ``is_active``)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # False once the volunteer stepped back or the request was cancelled.
    is_active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The volunteer's report after the visit.
    took_place = models.BooleanField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    people_reached = models.PositiveSmallIntegerField(_("people"), null=True, blank=True)
    what_was_done = models.CharField(_("what we did"), max_length=500, blank=True)
    how_it_went = models.PositiveSmallIntegerField(
        _("how it went"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    report_note = models.CharField(_("note"), max_length=500, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    # The client's rating, from their referral or card page.
    client_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    client_comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "volunteer"],
                condition=Q(is_active=True),
                name="assignment_once_per_request",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="assignment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=1440),
                name="assignment_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(how_it_went__isnull=True) | Q(how_it_went__gte=1, how_it_went__lte=5),
                name="assignment_how_it_went_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(client_rating__isnull=True)
                | Q(client_rating__gte=1, client_rating__lte=5),
                name="assignment_client_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "starts_at"], name="assignment_volunteer_time")
        ]


class Expense(models.Model):
    """Travel or ticket costs of one assignment, for the coordinator to approve."""

    class Kind(models.TextChoices):
        TRAVEL = "travel", _("Travel")
        TICKET = "ticket", _("Ticket")
        OTHER = "other", _("Other cost")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="expenses")
    kind = models.CharField(_("cost"), max_length=16, choices=Kind)
    amount = models.DecimalField(_("amount (€)"), max_digits=7, decimal_places=2)
    kilometres = models.PositiveIntegerField(_("kilometres"), null=True, blank=True)
    description = models.CharField(_("what for"), max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=ExpenseState, default=ExpenseState.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=1000), name="volunteer_expense_amount"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ExpenseState.values), name="volunteer_expense_state"
            ),
        ]
