"""Culture referrals: the types a county offers, the referral itself, and its trail.

Personal data live in one place only, :class:`ReferralClient`, one row per referral:
erasing it (on withdrawal, or a retention period after the loop closed) leaves the
referral, its consent record and its status trail as anonymous statistics. Everything
else a referral holds is coded (reasons, needs, interests, area) so that it can be
counted without reading free text.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kohtaamo.accounts.models import Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath, paths_through
from kohtaamo.catalogue.models import Event, Service
from kohtaamo.core.i18n import LocalizedNameMixin
from kohtaamo.core.models import ArtForm, County, Language, Municipality

from .states import Move, Side, Status


def new_public_token():
    # The client's page opens with this alone (no login): long and unguessable.
    return secrets.token_urlsafe(32)


class Reason(models.TextChoices):
    LONELINESS = "loneliness", _("Loneliness")
    LOW_MOOD = "low_mood", _("Low mood")
    RECOVERY = "recovery", _("Recovery")
    FAMILY_INTERACTION = "family_interaction", _("Family interaction")
    PHYSICAL_ACTIVITY = "physical_activity", _("Physical activity")
    SOCIAL_CONTACTS = "social_contacts", _("Social contacts")
    STRESS = "stress", _("Stress")
    OTHER = "other", _("Other reason")


class Need(models.TextChoices):
    MOBILITY = "mobility", _("Moves with difficulty or uses a mobility aid")
    COMPANION = "companion", _("Needs a companion")
    HEARING = "hearing", _("Hearing")
    SIGHT = "sight", _("Sight")
    INTERPRETER = "interpreter", _("Needs an interpreter")
    TRANSPORT = "transport", _("Needs transport")
    OTHER = "other", _("Other need")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NOT_REACHABLE = "not_reachable", _("Client could not be reached")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    CLIENT_DECLINED = "client_declined", _("Client did not want it")
    OTHER = "other", _("Other reason")


class SharedData(models.TextChoices):
    """What the client agreed to share with the receiving unit."""

    CONTACT_DETAILS = "contact_details", _("Name and contact details")
    BIRTH_DATE = "birth_date", _("Date of birth")
    REASONS = "reasons", _("Reasons for the referral")
    NEEDS = "needs", _("Needs and accessibility")
    INTERESTS = "interests", _("Interests")


class ReferralType(LocalizedNameMixin, models.Model):
    """A kind of referral a county offers (kulttuurilähete, kulttuuriresepti ...)."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal: a named client who will be contacted")
        PRESCRIPTION = "prescription", _("Anonymous prescription: a code only")

    class ReceiverKind(models.TextChoices):
        UNIT = "unit", _("A culture-advice or link-work unit")
        SERVICE = "service", _("A named service")
        NOBODY = "nobody", _("Nobody: the client goes on their own")

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="referral_types", verbose_name=_("county")
    )
    code = models.SlugField(_("code"), max_length=64)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    receiver_kind = models.CharField(_("received by"), max_length=16, choices=ReceiverKind)
    # The county's usual culture-advice unit for this type: offered first to the
    # professional, who may still choose another.
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    grants_free_place = models.BooleanField(_("grants a free place"), default=False)
    response_days = models.PositiveSmallIntegerField(
        _("days to respond"),
        null=True,
        blank=True,
        help_text=_("The receiver must accept or decline within this many days."),
    )
    expiry_days = models.PositiveSmallIntegerField(
        _("valid for days"), help_text=_("The referral expires if not used by then.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    self_referral = models.BooleanField(
        _("residents may ask for it themselves"),
        default=False,
        help_text=_("A request for a culture advisor from the public site becomes this type."),
    )

    class Meta:
        ordering = ["county__code", "name_fi"]
        verbose_name = _("referral type")
        verbose_name_plural = _("referral types")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="referraltype_code_per_county"),
            models.CheckConstraint(
                condition=Q(expiry_days__gte=1), name="referraltype_expiry_positive"
            ),
            # A response deadline needs someone to respond; nobody else may have one.
            models.CheckConstraint(
                condition=(Q(receiver_kind="nobody") & Q(response_days__isnull=True))
                | (
                    ~Q(receiver_kind="nobody")
                    & Q(response_days__isnull=False)
                    & Q(response_days__gte=1)
                ),
                name="referraltype_response_days_iff_receiver",
            ),
            # Nobody contacts the holder of an anonymous prescription: a receiving unit
            # would have no one to call.
            models.CheckConstraint(
                condition=Q(kind="personal")
                | Q(receiver_kind="nobody")
                | Q(receiver_kind="service"),
                name="referraltype_prescription_not_to_unit",
            ),
        ]

    @property
    def is_personal(self):
        return self.kind == self.Kind.PERSONAL

    @property
    def audit_organisation_id(self):
        # A county's own record: no organisation's administrators read it in their log.
        return None


class Referral(ScopedMixin, models.Model):
    referral_type = models.ForeignKey(
        ReferralType, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("type")
    )
    # Copied from the type so that statistics and duplicate checks need no join.
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("county")
    )
    issuing_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="referrals_issued",
        verbose_name=_("sent by unit"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional"),
    )
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiving unit"),
    )
    receiving_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("receiving service"),
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    reason_note = models.CharField(_("about the reasons"), max_length=200, blank=True)
    interests = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("interests"))
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("language")
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    needs_note = models.CharField(_("about the needs"), max_length=200, blank=True)
    preferred_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred municipality"),
    )
    suggested_services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="suggested_in_referrals",
        verbose_name=_("suggested services"),
    )
    suggested_events = models.ManyToManyField(
        Event, blank=True, related_name="suggested_in_referrals", verbose_name=_("suggested events")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    public_token = models.CharField(
        _("public link code"), max_length=64, unique=True, default=new_public_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # A resident asked for it on the public site: the receiving unit is also its sender.
    is_self_referral = models.BooleanField(_("asked for by the resident"), default=False)
    # What the receiver and the client agreed on, from the catalogue.
    agreed_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed service"),
    )
    agreed_event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed event"),
    )
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)
    # The receiving unit was reminded of the response deadline (once per deadline).
    nudged_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    # Who reaches a referral: the unit that sent it and, once it is sent, the unit (or
    # the organisation behind the named service) that receives it. Nobody else.
    scope_paths = (
        ScopePath(
            "issuing_unit__organisation_id",
            unit="issuing_unit_id",
            county="county_id",
            side=Side.ISSUER,
        ),
        ScopePath(
            "receiving_unit__organisation_id",
            unit="receiving_unit_id",
            county="county_id",
            side=Side.RECEIVER,
            unless={"status": Status.DRAFT},
        ),
        ScopePath(
            "receiving_service__organisation_id",
            county="county_id",
            side=Side.RECEIVER,
            unless={"status": Status.DRAFT},
        ),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="referral_status_known"
            ),
            models.CheckConstraint(
                condition=Q(receiving_unit__isnull=True) | Q(receiving_service__isnull=True),
                name="referral_one_receiver",
            ),
            models.CheckConstraint(condition=~Q(public_token=""), name="referral_token_not_empty"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issued_at__isnull=False),
                name="referral_issued_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.referral_type} #{self.pk}"

    @property
    def receiving_organisation_id(self):
        if self.receiving_unit_id:
            return self.receiving_unit.organisation_id
        if self.receiving_service_id:
            return self.receiving_service.organisation_id
        return None

    @property
    def audit_organisation_id(self):
        return self.issuing_unit.organisation_id

    @property
    def issuing_side(self):
        return _SideOf(self, self.scopes_of_side(Side.ISSUER))

    @property
    def receiving_side(self):
        """The receiver's side: nobody's (``[None]``) for a draft or a referral with no
        receiver."""
        return _SideOf(self, self.scopes_of_side(Side.RECEIVER))

    @property
    def has_receiver(self):
        return self.receiving_side.permission_scopes != [None]


class _SideOf:
    """One side of a referral, for asking the permission helper about that side only."""

    def __init__(self, referral, scopes):
        self.referral = referral
        self.permission_scopes = scopes


class ReferralClient(ScopedMixin, models.Model):
    """The client's personal data: the one row erased on withdrawal or after retention."""

    class ContactPreference(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")
        DO_NOT_CONTACT = "none", _("Do not contact")

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="client", verbose_name=_("referral")
    )
    full_name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_preference = models.CharField(
        _("how to contact"),
        max_length=8,
        choices=ContactPreference,
        default=ContactPreference.PHONE,
    )

    scope_paths = paths_through("referral", Referral)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="referralclient_has_name"),
        ]
        indexes = [models.Index(fields=["birth_date"], name="referralclient_birth_date")]

    def __str__(self):
        return self.full_name

    @property
    def audit_organisation_id(self):
        return self.referral.audit_organisation_id


class Consent(models.Model):
    """The client's consent to share their data with a receiving unit, as it was given."""

    class Method(models.TextChoices):
        VERBAL = "verbal", _("Verbally")
        WRITTEN = "written", _("In writing")
        ELECTRONIC = "electronic", _("Electronically")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="consents", verbose_name=_("referral")
    )
    shared = models.JSONField(_("what is shared"), default=list)
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared with"),
    )
    receiving_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared with service"),
    )
    method = models.CharField(_("how it was given"), max_length=16, choices=Method)
    given_at = models.DateTimeField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(receiving_unit__isnull=True) | Q(receiving_service__isnull=True),
                name="consent_one_receiver",
            ),
        ]

    @property
    def receiver_name(self):
        receiver = self.receiving_unit or self.receiving_service
        return receiver.name if receiver else ""


class StatusChange(models.Model):
    """One stamped move of a referral: who, when, from where to where, and why."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("referral"),
    )
    from_status = models.CharField(
        pgettext_lazy("previous status", "from"), max_length=16, choices=Status, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Status)
    move = models.CharField(_("move"), max_length=16, choices=Move)
    side = models.CharField(_("by"), max_length=16, choices=Side)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), db_index=True)
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    # Seen only on the receiving side: the sender follows the status, not the work.
    receiver_note = models.CharField(_("note for the receiving unit"), max_length=500, blank=True)
    # For reroutes: where the referral went from (kept for the funnel per unit).
    from_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from unit"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class ContactLog(ScopedMixin, models.Model):
    """A contact or meeting between the link worker and the client (receiver only)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Phone call")
        MESSAGE = "message", _("Message")
        ATTEMPT = "attempt", _("Attempt, not reached")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("referral")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # The receiving side's working record, theirs alone.
    scope_paths = paths_through("referral", Referral, side=Side.RECEIVER)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class Feedback(models.Model):
    """The client's rating of their referral: anonymous, kept for statistics."""

    class Rating(models.IntegerChoices):
        VERY_POOR = 1, _("1 – very poor")
        POOR = 2, _("2 – poor")
        FAIR = 3, _("3 – fair")
        GOOD = 4, _("4 – good")
        VERY_GOOD = 5, _("5 – very good")

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("referral")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    given_at = models.DateTimeField(_("given"), auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]
