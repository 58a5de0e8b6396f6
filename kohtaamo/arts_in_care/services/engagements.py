"""Proposing, agreeing and moving an engagement along its state table."""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit, User
from kohtaamo.buyers.models import Answer
from kohtaamo.buyers.states import AnswerStatus
from kohtaamo.core.models import ArtForm, County, FundingSource, TargetGroup, WellbeingStep

from ..models import ContinuationPlan, Engagement, Goal, Kind, Setting
from ..states import EDITABLE, Move, Side, Status, TransitionNotAllowed, next_status
from .access import SIDE_PERMISSIONS, require_side

CHANGE_CALL = "buyers.change_callforoffers"

# The step of cultural wellbeing an artist working inside care stands for by default:
# cross-professional work in social and health care (step 4).
DEFAULT_STEP_NUMBER = 4


@dataclass
class Terms:
    """What the two sides agree on; everything but who they are."""

    name: str
    setting: str
    starts_on: date
    ends_on: date
    planned_sessions: int
    kind: str = Kind.PAIR_SERIES
    groups: str = ""
    hours_per_week: Decimal | None = None
    care_workers: str = ""
    goals: list[str] = field(default_factory=list)
    goals_other: str = ""
    funding: FundingSource | None = None
    fee: Decimal | None = None
    step: WellbeingStep | None = None
    art_forms: list[ArtForm] = field(default_factory=list)
    target_groups: list[TargetGroup] = field(default_factory=list)


_RELATED = ("art_forms", "target_groups")


def terms_problems(terms: Terms) -> dict[str, str]:
    """The fields of ``terms`` that cannot be agreed, with the reason (empty: fine)."""
    problems: dict[str, str] = {}
    if not terms.name.strip():
        problems["name"] = str(_("Give the engagement a name."))
    if terms.setting not in Setting.values:
        problems["setting"] = str(_("Choose where the sessions happen."))
    if terms.kind not in Kind.values:
        problems["kind"] = str(_("Choose the kind of engagement."))
    if terms.ends_on < terms.starts_on:
        problems["ends_on"] = str(_("The last day cannot be before the first day."))
    if not 0 < terms.planned_sessions <= 500:
        problems["planned_sessions"] = str(_("Plan between 1 and 500 sessions."))
    if terms.hours_per_week is not None and not 0 < terms.hours_per_week <= 168:
        problems["hours_per_week"] = str(_("Hours a week must be between 0 and 168."))
    if terms.fee is not None and terms.fee < 0:
        problems["fee"] = str(_("The fee cannot be negative."))
    unknown = set(terms.goals) - set(Goal.values)
    if unknown:
        problems["goals"] = str(_("Choose the goals from the list."))
    return problems


def _apply(engagement: Engagement, terms: Terms) -> None:
    for item in fields(terms):
        if item.name not in _RELATED:
            setattr(engagement, item.name, getattr(terms, item.name))
    engagement.goals = [goal for goal in Goal.values if goal in terms.goals]
    if engagement.step is None:
        engagement.step = WellbeingStep.objects.filter(number=DEFAULT_STEP_NUMBER).first()


def _county_of(unit: Unit) -> County | None:
    organisation = unit.organisation
    if organisation.county_id is not None:
        return organisation.county
    if unit.municipality is not None:
        return unit.municipality.county
    return None


@transaction.atomic
def propose_engagement(
    actor: User,
    *,
    side: str,
    care_unit: Unit,
    artist: Organisation,
    terms: Terms,
    answer: Answer | None = None,
) -> Engagement:
    """``actor`` proposes an engagement for ``side`` (the unit or the artist); the other
    side agrees to it (:func:`move`). Refused unless ``actor`` acts for ``side`` on it."""
    side = Side(side)
    problems = terms_problems(terms)
    county = _county_of(care_unit)
    if county is None:
        problems["care_unit"] = str(_("The care unit belongs to no wellbeing services county."))
    if artist.pk == care_unit.organisation_id:
        problems["artist"] = str(_("The artist must be another organisation than the unit."))
    if problems:
        raise ValidationError(problems)
    engagement = Engagement(
        care_unit=care_unit,
        county=county,
        artist=artist,
        proposed_by=side,
        created_by=actor,
        answer=answer,
    )
    _apply(engagement, terms)
    if not actor.has_perm(SIDE_PERMISSIONS[side], engagement.side(side)):
        raise PermissionDenied
    engagement.save()
    engagement.art_forms.set(terms.art_forms)
    engagement.target_groups.set(terms.target_groups)
    return engagement


def accepted_answers(actor: User) -> QuerySet[Answer]:
    """Accepted answers to ``actor``'s calls for offers that have no engagement yet."""
    from kohtaamo.buyers.models import CallForOffers

    calls = CallForOffers.objects.reachable_by(actor, CHANGE_CALL)
    return (
        Answer.objects.filter(call__in=calls, status=AnswerStatus.ACCEPTED, engagement__isnull=True)
        .select_related("call", "organisation")
        .order_by("-updated_at")
    )


def propose_from_answer(
    actor: User, answer: Answer, *, care_unit: Unit, terms: Terms
) -> Engagement:
    """The buyer turns an accepted answer to their call for offers into an engagement
    with the answering artist: the unit's proposal, which the artist then agrees to."""
    if not actor.has_perm(CHANGE_CALL, answer.call):
        raise PermissionDenied
    if answer.status != AnswerStatus.ACCEPTED:
        raise ValidationError({"answer": str(_("Only an accepted answer starts an engagement."))})
    if Engagement.objects.filter(answer=answer).exists():
        raise ValidationError({"answer": str(_("This answer already has an engagement."))})
    if not terms.art_forms:
        terms.art_forms = list(answer.call.art_forms.all())
    if not terms.target_groups:
        terms.target_groups = list(answer.call.target_groups.all())
    return propose_engagement(
        actor,
        side=Side.UNIT,
        care_unit=care_unit,
        artist=answer.organisation,
        terms=terms,
        answer=answer,
    )


@transaction.atomic
def change_proposal(
    actor: User, engagement: Engagement, terms: Terms, side: str | None = None
) -> Engagement:
    """Either side may change a proposal before it is agreed; the one who changed it
    has then proposed it, and the other side is the one to agree."""
    side = require_side(actor, engagement, side)
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status not in EDITABLE:
        raise TransitionNotAllowed(locked.status, "change", side)
    problems = terms_problems(terms)
    if problems:
        raise ValidationError(problems)
    _apply(locked, terms)
    locked.proposed_by = side
    locked.save()
    locked.art_forms.set(terms.art_forms)
    locked.target_groups.set(terms.target_groups)
    return locked


_STAMPS = {
    Move.AGREE: "agreed_at",
    Move.START: "started_at",
    Move.CLOSE: "closed_at",
    Move.COMPLETE: "completed_at",
    Move.CANCEL: "cancelled_at",
}


@transaction.atomic
def move(actor: User, engagement: Engagement, move: str, side: str | None = None) -> Engagement:
    """Make ``move`` on ``engagement`` for the side ``actor`` acts for."""
    move = Move(move)
    side = require_side(actor, engagement, side)
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    to_state = next_status(locked.status, move, side)
    if move == Move.AGREE and side == locked.proposed_by:
        # Saying yes to one's own proposal agrees nothing.
        raise TransitionNotAllowed(locked.status, move, side)
    if move == Move.COMPLETE and not ContinuationPlan.objects.filter(engagement=locked).exists():
        # Completed means the unit has said how it goes on without the artist.
        raise ValidationError({"plan": str(_("Write the plan to continue on your own first."))})
    locked.status = to_state
    setattr(locked, _STAMPS[move], timezone.now())
    locked.save(update_fields=["status", _STAMPS[move], "updated_at"])
    return locked


def available_moves(actor: User, engagement: Engagement) -> list[tuple[str, str]]:
    """(side, move) pairs ``actor`` may make now, for the page's buttons."""
    from ..states import allowed_moves
    from .access import sides

    pairs = []
    for side in sorted(sides(actor, engagement)):
        for possible in allowed_moves(engagement.status, side):
            if possible == Move.AGREE and side == engagement.proposed_by:
                continue
            pairs.append((side, possible))
    return pairs


@transaction.atomic
def record_signed(
    actor: User, engagement: Engagement, signed_on: date, today: date | None = None
) -> Engagement:
    """Either side records the day the printed agreement was signed by both."""
    require_side(actor, engagement, _any_side(actor, engagement))
    today = today or timezone.localdate()
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status in (Status.PLANNED, Status.CANCELLED):
        raise TransitionNotAllowed(locked.status, "sign")
    if signed_on > today:
        raise ValidationError({"signed_on": str(_("The signing day cannot be in the future."))})
    locked.signed_on = signed_on
    locked.signed_recorded_by = actor
    locked.save(update_fields=["signed_on", "signed_recorded_by", "updated_at"])
    return locked


def _any_side(actor: User, engagement: Engagement) -> str | None:
    from .access import sides

    held = sorted(sides(actor, engagement))
    return held[0] if held else None


def care_units_for(actor: User, side: str) -> QuerySet[Unit]:
    """The care units ``actor`` may name when proposing for ``side``: their own (or
    their county's) for the unit; any active unit of a wellbeing services county for
    an artist offering their work."""
    units = Unit.objects.filter(
        is_active=True, organisation__kind=Organisation.Kind.WELLBEING_COUNTY
    ).select_related("organisation")
    if Side(side) == Side.UNIT:
        units = units.filter(pk__in=Unit.objects.reachable_by(actor, SIDE_PERMISSIONS[Side(side)]))
    return units.order_by("organisation__name_fi", "name_fi")


def artists_for(actor: User, side: str) -> QuerySet[Organisation]:
    """The artists ``actor`` may name: their own provider organisations for the artist's
    side; any active organisation with a provider profile for the unit's."""
    organisations = Organisation.objects.filter(is_active=True)
    if Side(side) == Side.ARTIST:
        return organisations.filter(
            pk__in=Organisation.objects.reachable_by(actor, SIDE_PERMISSIONS[Side(side)])
        ).order_by("name_fi")
    return organisations.filter(provider_profile__isnull=False).order_by("name_fi")


def proposing_sides(actor: User) -> list[str]:
    """The sides ``actor`` may propose an engagement for at all."""
    return [side for side, perm in SIDE_PERMISSIONS.items() if actor.has_perm(perm)]
