"""Scheduling and logging sessions.

A session is logged in under a minute on a phone: whether it took place, how many took
part (a count, never names), how long it lasted, what was done, an anonymous mood
check before and after (one tap per participant on one of five faces), the staff
present and whether a care worker led part of it. The rules here are the ones a person
would notice: no log for a day outside the agreed period or in the future, no more
taps than participants.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User

from ..models import (
    FACES,
    MAX_PARTICIPANTS,
    MAX_PLANNED_SESSIONS,
    MAX_SESSION_MINUTES,
    MAX_STAFF_PRESENT,
    ArtSession,
    Engagement,
)
from ..states import LOGGABLE, SCHEDULABLE, Move, Status, TransitionNotAllowed, next_status
from .access import require_side

NO_TAPS = (0, 0, 0, 0, 0)


@dataclass
class SessionLog:
    """What the person logging a session tells."""

    took_place: bool
    participants: int | None = None
    minutes: int | None = None
    activity: str = ""
    staff_present: int = 0
    care_worker_led: bool = False
    notes: str = ""
    mood_before: tuple[int, ...] = field(default=NO_TAPS)
    mood_after: tuple[int, ...] = field(default=NO_TAPS)


def date_problems(engagement: Engagement, day: date, today: date) -> dict[str, str]:
    if day < engagement.starts_on or day > engagement.ends_on:
        return {"date": str(_("The day must be inside the engagement's period."))}
    if day > today:
        return {"date": str(_("A session cannot be logged before its day."))}
    return {}


def log_problems(log: SessionLog) -> dict[str, str]:
    """The fields of ``log`` that cannot be saved, with the reason (empty: fine)."""
    problems: dict[str, str] = {}
    if not log.took_place:
        if log.participants or log.minutes or any(log.mood_before) or any(log.mood_after):
            problems["took_place"] = str(
                _("A session that did not take place has no participants, minutes or mood check.")
            )
        return problems
    if log.participants is None or not 0 <= log.participants <= MAX_PARTICIPANTS:
        problems["participants"] = str(
            _("Participants: a number from 0 to %(max)s.") % {"max": MAX_PARTICIPANTS}
        )
    if log.minutes is None or not 1 <= log.minutes <= MAX_SESSION_MINUTES:
        problems["minutes"] = str(
            _("Minutes: a number from 1 to %(max)s.") % {"max": MAX_SESSION_MINUTES}
        )
    if not 0 <= log.staff_present <= MAX_STAFF_PRESENT:
        problems["staff_present"] = str(
            _("Staff present: a number from 0 to %(max)s.") % {"max": MAX_STAFF_PRESENT}
        )
    for moment, taps in (("mood_before", log.mood_before), ("mood_after", log.mood_after)):
        if len(taps) != len(FACES) or any(count < 0 for count in taps):
            problems[moment] = str(_("Tap a face once for each participant."))
        elif log.participants is not None and sum(taps) > log.participants:
            problems[moment] = str(_("More taps than participants: tap once per participant."))
    return problems


def _fill(session: ArtSession, log: SessionLog, actor: User) -> None:
    session.took_place = log.took_place
    session.participants = log.participants if log.took_place else None
    session.minutes = log.minutes if log.took_place else None
    session.activity = log.activity
    session.staff_present = log.staff_present if log.took_place else 0
    session.care_worker_led = log.care_worker_led if log.took_place else False
    session.notes = log.notes
    for moment, taps in (("before", log.mood_before), ("after", log.mood_after)):
        for face, count in zip(FACES, taps, strict=True):
            setattr(session, f"mood_{moment}_{face}", count if log.took_place else 0)
    session.logged_by = actor
    session.logged_at = timezone.now()


@transaction.atomic
def log_session(
    actor: User,
    engagement: Engagement,
    log: SessionLog,
    *,
    day: date | None = None,
    session: ArtSession | None = None,
    today: date | None = None,
) -> ArtSession:
    """Log a session of ``engagement`` (a scheduled one, or a new one on ``day``).
    Either side logs: the artist or the care worker. The first log of an agreed series
    starts it."""
    side = require_side(actor, engagement, _first_side(actor, engagement))
    today = today or timezone.localdate()
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status not in LOGGABLE:
        raise TransitionNotAllowed(locked.status, "log")
    if session is not None:
        session = ArtSession.objects.select_for_update().get(pk=session.pk, engagement=locked)
        day = session.date
    if day is None:
        raise ValidationError({"date": str(_("Choose the day of the session."))})
    problems = {**date_problems(locked, day, today), **log_problems(log)}
    if problems:
        raise ValidationError(problems)
    if session is None:
        session = ArtSession(engagement=locked, date=day)
    _fill(session, log, actor)
    session.save()
    if locked.status == Status.AGREED and log.took_place:
        locked.status = next_status(locked.status, Move.START, side)
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at", "updated_at"])
    return session


@transaction.atomic
def schedule_sessions(
    actor: User,
    engagement: Engagement,
    first_day: date,
    count: int,
    *,
    every_days: int = 7,
    starts_at: time | None = None,
    planned_minutes: int = 60,
) -> list[ArtSession]:
    """Schedule ``count`` sessions from ``first_day``, one every ``every_days`` days,
    all inside the engagement's period."""
    require_side(actor, engagement, _first_side(actor, engagement))
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.status not in SCHEDULABLE:
        raise TransitionNotAllowed(locked.status, "schedule")
    problems: dict[str, str] = {}
    if not 1 <= count <= MAX_PLANNED_SESSIONS:
        problems["count"] = str(_("Schedule between 1 and 500 sessions."))
    if not 1 <= every_days <= 31:
        problems["every_days"] = str(_("Sessions are 1 to 31 days apart."))
    if not 1 <= planned_minutes <= MAX_SESSION_MINUTES:
        problems["planned_minutes"] = str(
            _("Minutes: a number from 1 to %(max)s.") % {"max": MAX_SESSION_MINUTES}
        )
    if problems:
        raise ValidationError(problems)
    days = [first_day + timedelta(days=every_days * index) for index in range(count)]
    if days[0] < locked.starts_on or days[-1] > locked.ends_on:
        raise ValidationError(
            {"first_day": str(_("Every session must fall inside the engagement's period."))}
        )
    sessions = [
        ArtSession(
            engagement=locked, date=day, starts_at=starts_at, planned_minutes=planned_minutes
        )
        for day in days
    ]
    return ArtSession.objects.bulk_create(sessions)


def sessions_to_log(engagement: Engagement, today: date | None = None) -> QuerySet[ArtSession]:
    """Scheduled sessions whose day has come and that nobody has logged yet."""
    today = today or timezone.localdate()
    return engagement.sessions.filter(took_place__isnull=True, date__lte=today)


def upcoming_sessions(engagement: Engagement, today: date | None = None) -> QuerySet[ArtSession]:
    today = today or timezone.localdate()
    return engagement.sessions.filter(took_place__isnull=True, date__gte=today)


def _first_side(actor: User, engagement: Engagement) -> str | None:
    # Sessions are either side's to log; a person holding both logs as the unit.
    from .access import sides

    held = sorted(sides(actor, engagement), reverse=True)
    return held[0] if held else None
