"""Arts inside care: an artist's series of sessions in a care unit, and what each gave.

An :class:`Engagement` is the agreement between a care unit (or its county) and an
artist or arts organisation: an artist-care worker pair series (the Takuulla model),
artist visits, a residency or a performance series. Its :class:`ArtSession` rows are
the sessions, first scheduled, then logged on a phone: how many took part (a count,
never names), how long, what was done, and an anonymous before/after mood check of the
group on a 1-5 faces scale. Nothing here names a participant; the care professionals of
a pair are named because their learning is recorded.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.scopes import ScopedMixin, ScopedQuerySet, ScopePath
from kohtaamo.core.models import ArtForm, County, FundingSource, TargetGroup, WellbeingStep

from .states import Side, Status

# The limits a logged session must stay within (also database constraints below).
MAX_SESSION_MINUTES = 600
MAX_PARTICIPANTS = 200
MAX_STAFF_PRESENT = 50
MAX_PLANNED_SESSIONS = 500
FACES = (1, 2, 3, 4, 5)
MOMENTS = ("before", "after")


class Kind(models.TextChoices):
    PAIR_SERIES = "pair_series", _("Artist–care worker pair series")
    VISITS = "visits", _("Artist visits")
    RESIDENCY = "residency", _("Artist residency")
    PERFORMANCES = "performances", _("Performance series")


class Setting(models.TextChoices):
    """Where in care the sessions happen (the unit's own kind says which service)."""

    DAY_GROUP = "day_group", _("Day group")
    HOUSING = "housing", _("Housing unit")
    WARD = "ward", _("Hospital ward")
    CARE_HOME = "care_home", _("Care home")
    AT_HOME = "at_home", _("People living at home")
    OTHER = "other", _("Other setting")


class Goal(models.TextChoices):
    INTERACTION = "interaction", _("Interaction")
    MOOD = "mood", _("Mood")
    MEMORY = "memory", _("Memory")
    SELF_EXPRESSION = "self_expression", _("Self-expression")
    STAFF_SKILLS = "staff_skills", _("Staff skills")


# A pair series takes 15-30 sessions so that the new ways of working take root.
PAIR_SERIES_SESSIONS = (15, 30)


class Engagement(ScopedMixin, models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.PAIR_SERIES)
    name = models.CharField(_("name"), max_length=200)
    care_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="art_engagements", verbose_name=_("care unit")
    )
    # The care unit's county, kept on the row: the county inventory and the county's
    # reach both ask for it, and a unit never moves between counties.
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    setting = models.CharField(_("setting"), max_length=16, choices=Setting)
    groups = models.CharField(
        _("group or groups"),
        max_length=300,
        blank=True,
        help_text=_("For example the Tuesday day group, or ward 3."),
    )
    artist = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="art_engagements",
        verbose_name=_("artist or arts organisation"),
    )
    # An engagement that started from an accepted answer to a call for offers.
    answer = models.OneToOneField(
        "buyers.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagement",
        verbose_name=_("answer to a call for offers"),
    )
    art_forms = models.ManyToManyField(ArtForm, blank=True, verbose_name=_("art forms"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    step = models.ForeignKey(
        WellbeingStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("step of cultural wellbeing"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"))
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    care_workers = models.CharField(
        _("care professionals in the pair"),
        max_length=300,
        blank=True,
        help_text=_("Names of the staff who work with the artist, separated by commas."),
    )
    goals = models.JSONField(_("goals"), default=list, blank=True)
    goals_other = models.TextField(_("other goals"), blank=True)
    funding = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding source"),
    )
    fee = models.DecimalField(
        _("fee (euros, VAT 0 %)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PLANNED, db_index=True
    )
    proposed_by = models.CharField(_("proposed by"), max_length=8, choices=Side)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The printed agreement, once both have signed it on paper.
    signed_on = models.DateField(_("agreement signed"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = (
        ScopePath(
            "care_unit__organisation_id", unit="care_unit_id", county="county_id", side=Side.UNIT
        ),
        # The artist's own county does not matter: a county reaches what happens in its
        # own care units.
        ScopePath("artist_id", county="county_id", side=Side.ARTIST),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        permissions = [
            ("act_for_unit", "Can act for the care unit of an engagement"),
            ("act_for_artist", "Can act for the artist of an engagement"),
            ("view_inventory", "Can see the county inventory of arts in care"),
        ]
        indexes = [models.Index(fields=["county", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_sessions__gt=0, planned_sessions__lte=MAX_PLANNED_SESSIONS),
                name="engagement_planned_sessions_positive",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="engagement_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(fee__isnull=True) | Q(fee__gte=0), name="engagement_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gt=0, hours_per_week__lte=168),
                name="engagement_hours_a_week_in_range",
            ),
            models.CheckConstraint(
                condition=Q(proposed_by__in=Side.values), name="engagement_proposed_by_a_side"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_organisation_id(self):
        return self.care_unit.organisation_id

    def side(self, side):
        """One side of the engagement, for asking the permission helper about it alone."""
        return _SideOf(self.scopes_of_side(side))

    def care_worker_names(self) -> list[str]:
        return [name.strip() for name in self.care_workers.split(",") if name.strip()]


class _SideOf:
    def __init__(self, scopes):
        self.permission_scopes = scopes


def _mood_sum(moment):
    total = F(f"mood_{moment}_1")
    for face in FACES[1:]:
        total = total + F(f"mood_{moment}_{face}")
    return total


class ArtSession(models.Model):
    """One session of an engagement: scheduled ahead, logged after it took place (or
    did not). The mood check counts taps on five faces (1 = very sad, 5 = very happy),
    one tap per participant before and after, so its counts never exceed the number of
    participants and never say who tapped which face."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("engagement")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(_("planned length (minutes)"), default=60)
    # None until logged; then whether it took place.
    took_place = models.BooleanField(_("took place"), null=True, blank=True)
    participants = models.PositiveSmallIntegerField(_("participants"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    activity = models.TextField(_("what was done"), blank=True)
    staff_present = models.PositiveSmallIntegerField(_("staff present"), default=0)
    care_worker_led = models.BooleanField(_("a care worker led part of it"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    mood_before_1 = models.PositiveSmallIntegerField(default=0)
    mood_before_2 = models.PositiveSmallIntegerField(default=0)
    mood_before_3 = models.PositiveSmallIntegerField(default=0)
    mood_before_4 = models.PositiveSmallIntegerField(default=0)
    mood_before_5 = models.PositiveSmallIntegerField(default=0)
    mood_after_1 = models.PositiveSmallIntegerField(default=0)
    mood_after_2 = models.PositiveSmallIntegerField(default=0)
    mood_after_3 = models.PositiveSmallIntegerField(default=0)
    mood_after_4 = models.PositiveSmallIntegerField(default=0)
    mood_after_5 = models.PositiveSmallIntegerField(default=0)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["engagement", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True)
                | Q(minutes__gte=1, minutes__lte=MAX_SESSION_MINUTES),
                name="art_session_minutes_1_to_600",
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__gte=1, planned_minutes__lte=MAX_SESSION_MINUTES),
                name="art_session_planned_minutes_1_to_600",
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__lte=MAX_PARTICIPANTS),
                name="art_session_participants_0_to_200",
            ),
            models.CheckConstraint(
                condition=Q(staff_present__lte=MAX_STAFF_PRESENT),
                name="art_session_staff_present_in_range",
            ),
            # A session that took place has its count and length; one that did not has
            # neither, so no sum ever counts minutes that were not delivered.
            models.CheckConstraint(
                condition=Q(took_place__isnull=True)
                | Q(took_place=True, participants__isnull=False, minutes__isnull=False)
                | Q(took_place=False, participants__isnull=True, minutes__isnull=True),
                name="art_session_logged_consistently",
            ),
            models.CheckConstraint(
                condition=Q(
                    participants__isnull=True,
                    **{f"mood_{moment}_{face}": 0 for moment in MOMENTS for face in FACES},
                )
                | (
                    Q(participants__gte=_mood_sum("before"))
                    & Q(participants__gte=_mood_sum("after"))
                ),
                name="art_session_mood_taps_within_participants",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} {self.date}"

    @property
    def is_logged(self) -> bool:
        return self.took_place is not None

    def mood(self, moment: str) -> tuple[int, ...]:
        """The counts of the five faces, ``moment`` "before" or "after"."""
        return tuple(getattr(self, f"mood_{moment}_{face}") for face in FACES)


class EvaluationRole(models.TextChoices):
    ARTIST = "artist", _("Artist")
    UNIT_LEAD = "unit_lead", _("Lead of the care unit")
    STAFF = "staff", _("Member of staff")


class Evaluation(models.Model):
    """One short end evaluation: how well the goals were met (1-5), what worked and what
    to change. The artist and the unit's lead write one each; the staff one each (the
    lead types in what the staff answered on paper, without names)."""

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("engagement"),
    )
    role = models.CharField(_("written as"), max_length=16, choices=EvaluationRole)
    goals_met = models.PositiveSmallIntegerField(_("goals met (1-5)"))
    what_worked = models.TextField(_("what worked"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["role", "written_at", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(goals_met__gte=1, goals_met__lte=5), name="evaluation_goals_met_1_to_5"
            ),
            # One artist's and one lead's evaluation per engagement; staff write many.
            models.UniqueConstraint(
                fields=["engagement", "role"],
                condition=Q(role__in=["artist", "unit_lead"]),
                name="evaluation_one_per_artist_and_lead",
            ),
        ]


class ContinuationPlan(models.Model):
    """How the unit goes on without the artist (step 5: culture as part of care)."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="plan", verbose_name=_("engagement")
    )
    methods = models.TextField(_("which methods"))
    who = models.TextField(_("who leads them"))
    how_often = models.CharField(_("how often"), max_length=200)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan to continue")
        verbose_name_plural = _("plans to continue")


FOLLOW_UP_MONTHS = (3, 6)


class FollowUp(models.Model):
    """The unit's answer 3 and 6 months after the end: does it still happen?"""

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("engagement"),
    )
    months = models.PositiveSmallIntegerField(_("months after the end"))
    still_happening = models.BooleanField(_("still happening"))
    notes = models.TextField(_("notes"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_on = models.DateField(_("answered"))

    class Meta:
        ordering = ["months"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "months"], name="follow_up_once"),
            models.CheckConstraint(
                condition=Q(months__in=FOLLOW_UP_MONTHS), name="follow_up_at_3_or_6_months"
            ),
        ]
