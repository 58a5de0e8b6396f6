"""The end of a series: evaluations, the plan to go on, and the follow-ups at 3 and 6
months that tell whether the arts stayed part of care (step 5)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User

from ..models import (
    FOLLOW_UP_MONTHS,
    ContinuationPlan,
    Engagement,
    Evaluation,
    EvaluationRole,
    FollowUp,
)
from ..states import EVALUABLE, Side, Status, TransitionNotAllowed
from .access import sides

# Which side writes which evaluation.
ROLE_SIDE = {
    EvaluationRole.ARTIST: Side.ARTIST,
    EvaluationRole.UNIT_LEAD: Side.UNIT,
    EvaluationRole.STAFF: Side.UNIT,
}
# A follow-up may be answered from two weeks before its month is due.
FOLLOW_UP_EARLY_DAYS = 14


def evaluation_roles(actor: User, engagement: Engagement) -> list[str]:
    """The evaluations ``actor`` may write now (the artist's, or the lead's and staff's)."""
    held = sides(actor, engagement)
    if engagement.status not in EVALUABLE:
        return []
    written = set(engagement.evaluations.values_list("role", flat=True))
    return [
        role
        for role, side in ROLE_SIDE.items()
        if side in held and (role == EvaluationRole.STAFF or role not in written)
    ]


@transaction.atomic
def write_evaluation(
    actor: User,
    engagement: Engagement,
    role: str,
    goals_met: int,
    what_worked: str = "",
    what_to_change: str = "",
) -> Evaluation:
    role = EvaluationRole(role)
    if ROLE_SIDE[role] not in sides(actor, engagement):
        raise PermissionDenied
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status not in EVALUABLE:
        raise TransitionNotAllowed(locked.status, "evaluate")
    if not 1 <= goals_met <= 5:
        raise ValidationError({"goals_met": str(_("Choose a number from 1 to 5."))})
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                engagement=locked,
                role=role,
                goals_met=goals_met,
                what_worked=what_worked,
                what_to_change=what_to_change,
                written_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"role": str(_("This evaluation has already been written."))}
        ) from None


@transaction.atomic
def write_plan(
    actor: User, engagement: Engagement, *, methods: str, who: str, how_often: str
) -> ContinuationPlan:
    """The unit writes (or rewrites) how it goes on on its own."""
    if Side.UNIT not in sides(actor, engagement):
        raise PermissionDenied
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status not in EVALUABLE:
        raise TransitionNotAllowed(locked.status, "plan")
    problems = {
        name: str(_("Fill this in."))
        for name, value in (("methods", methods), ("who", who), ("how_often", how_often))
        if not value.strip()
    }
    if problems:
        raise ValidationError(problems)
    plan, _created = ContinuationPlan.objects.update_or_create(
        engagement=locked,
        defaults={"methods": methods, "who": who, "how_often": how_often, "written_by": actor},
    )
    return plan


def follow_up_due(engagement: Engagement, months: int) -> date | None:
    """The day the ``months`` follow-up is due: that many months after the end."""
    if engagement.completed_at is None:
        return None
    end = timezone.localdate(engagement.completed_at)
    return end + timedelta(days=round(months * 30.44))


@transaction.atomic
def answer_follow_up(
    actor: User,
    engagement: Engagement,
    months: int,
    still_happening: bool,
    notes: str = "",
    today: date | None = None,
) -> FollowUp:
    """The unit answers whether what it planned still happens."""
    if Side.UNIT not in sides(actor, engagement):
        raise PermissionDenied
    if months not in FOLLOW_UP_MONTHS:
        raise ValidationError({"months": str(_("Follow-ups are at 3 and 6 months."))})
    today = today or timezone.localdate()
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status != Status.COMPLETED:
        raise TransitionNotAllowed(locked.status, "follow up")
    due = follow_up_due(locked, months)
    if due is None or today < due - timedelta(days=FOLLOW_UP_EARLY_DAYS):
        raise ValidationError({"months": str(_("This follow-up is not due yet."))})
    follow_up, _created = FollowUp.objects.update_or_create(
        engagement=locked,
        months=months,
        defaults={
            "still_happening": still_happening,
            "notes": notes,
            "answered_by": actor,
            "answered_on": today,
        },
    )
    return follow_up


@dataclass(frozen=True)
class StepFiveRate:
    """Of the completed engagements followed up at ``months``, how many still go on."""

    months: int
    followed_up: int
    still_happening: int

    @property
    def percent(self) -> int | None:
        if not self.followed_up:
            return None
        return round(100 * self.still_happening / self.followed_up)


def step_five_rates(engagements: QuerySet[Engagement]) -> list[StepFiveRate]:
    """The step-5 rate of ``engagements`` (already narrowed to a county) at 3 and 6 months."""
    rates = []
    for months in FOLLOW_UP_MONTHS:
        counts = FollowUp.objects.filter(engagement__in=engagements, months=months).aggregate(
            total=Count("id"), going_on=Count("id", filter=Q(still_happening=True))
        )
        rates.append(StepFiveRate(months, counts["total"], counts["going_on"]))
    return rates
