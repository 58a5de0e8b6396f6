"""What the logged sessions add up to: art minutes, mood checks and staff learning.

These are the functions other parts of Kohtaamo read arts in care through (the summary
page, the county inventory, and the outcome statistics that count the "minutes of art a
week"). They take a queryset of engagements that the caller has already narrowed to
what its reader may see (``access.visible_engagements(user)``), and count only sessions
that took place. Every number is a count or a sum: no row here names a participant.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, QuerySet, Sum

from ..models import FACES, MOMENTS, ArtSession, Engagement


@dataclass(frozen=True)
class SessionMeasure:
    """One logged session as the outcome statistics see it."""

    session_id: int
    engagement_id: int
    county_id: int
    care_unit_id: int
    date: date
    participants: int
    minutes: int
    mood_before: tuple[int, ...]
    mood_after: tuple[int, ...]

    @property
    def participant_minutes(self) -> int:
        """Minutes of art delivered: each participant's minutes, added up."""
        return self.participants * self.minutes


@dataclass(frozen=True)
class ArtMinutes:
    sessions: int
    minutes: int
    participant_sessions: int
    participant_minutes: int


@dataclass(frozen=True)
class MoodCheck:
    """How many taps each face (1 = very sad ... 5 = very happy) had before and after."""

    before: tuple[int, ...]
    after: tuple[int, ...]

    @staticmethod
    def _mean(taps: tuple[int, ...]) -> float | None:
        total = sum(taps)
        if not total:
            return None
        return sum(face * count for face, count in zip(FACES, taps, strict=True)) / total

    @property
    def mean_before(self) -> float | None:
        return self._mean(self.before)

    @property
    def mean_after(self) -> float | None:
        return self._mean(self.after)

    @property
    def change(self) -> float | None:
        """The change in the group's average face, after minus before."""
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


def held_sessions(
    engagements: QuerySet[Engagement], since: date | None = None, until: date | None = None
) -> QuerySet[ArtSession]:
    """The sessions of ``engagements`` that took place, between ``since`` and ``until``."""
    sessions = ArtSession.objects.filter(engagement__in=engagements, took_place=True)
    if since is not None:
        sessions = sessions.filter(date__gte=since)
    if until is not None:
        sessions = sessions.filter(date__lte=until)
    return sessions


def session_measures(
    engagements: QuerySet[Engagement], since: date | None = None, until: date | None = None
) -> Iterator[SessionMeasure]:
    """Each session that took place: its minutes, participants and mood check."""
    rows = held_sessions(engagements, since, until).select_related("engagement")
    for session in rows.order_by("date", "id").iterator():
        yield SessionMeasure(
            session_id=session.pk,
            engagement_id=session.engagement_id,
            county_id=session.engagement.county_id,
            care_unit_id=session.engagement.care_unit_id,
            date=session.date,
            participants=session.participants or 0,
            minutes=session.minutes or 0,
            mood_before=session.mood("before"),
            mood_after=session.mood("after"),
        )


def art_minutes(
    engagements: QuerySet[Engagement], since: date | None = None, until: date | None = None
) -> ArtMinutes:
    """Sessions held, their minutes, participant-sessions and participant-minutes."""
    sessions = held_sessions(engagements, since, until)
    totals = sessions.aggregate(
        total_minutes=Sum("minutes"),
        total_participants=Sum("participants"),
        total_participant_minutes=Sum(F("participants") * F("minutes")),
    )
    return ArtMinutes(
        sessions=sessions.count(),
        minutes=totals["total_minutes"] or 0,
        participant_sessions=totals["total_participants"] or 0,
        participant_minutes=totals["total_participant_minutes"] or 0,
    )


def mood_checks(
    engagements: QuerySet[Engagement], since: date | None = None, until: date | None = None
) -> MoodCheck:
    """All taps of the mood checks of the sessions held, per face, before and after."""
    names = [f"mood_{moment}_{face}" for moment in MOMENTS for face in FACES]
    totals = held_sessions(engagements, since, until).aggregate(
        **{f"total_{name}": Sum(name) for name in names}
    )
    return MoodCheck(
        before=tuple(totals[f"total_mood_before_{face}"] or 0 for face in FACES),
        after=tuple(totals[f"total_mood_after_{face}"] or 0 for face in FACES),
    )


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def learning_hours(engagement: Engagement) -> Decimal:
    """Hours of continuing education at work for each named care professional of the
    pair: the minutes of the sessions held in which a care worker led a part."""
    minutes = (
        engagement.sessions.filter(took_place=True, care_worker_led=True).aggregate(
            total=Sum("minutes")
        )["total"]
        or 0
    )
    return _hours(minutes)


def staff_hours(engagement: Engagement) -> Decimal:
    """Hours the unit's staff spent in the sessions: each session's minutes times the
    staff present."""
    minutes = (
        engagement.sessions.filter(took_place=True).aggregate(
            total=Sum(F("minutes") * F("staff_present"))
        )["total"]
        or 0
    )
    return _hours(minutes)
