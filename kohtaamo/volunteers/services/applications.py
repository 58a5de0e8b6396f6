"""Becoming a volunteer: the application, the coordinator's decision, and what the
volunteer keeps up to date (availability, trainings, the record check).

Approving makes or finds the person's account, gives it the volunteer role in the
programme's organisation (or its coordinating unit) and e-mails a link to set a
password (:func:`welcome_path`; the page reads it with :func:`welcomed_user`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Membership, User
from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import ArtForm, Language, Municipality
from kohtaamo.notifications import Message

from ..models import (
    MAX_MONTHLY_CAP,
    Absence,
    Assistance,
    HelpKind,
    Mobility,
    Programme,
    Training,
    TrainingKind,
    Volunteer,
    WeeklyAvailability,
)
from ..states import VolunteerMove, VolunteerStatus, next_volunteer_status
from . import notify
from .phones import check_phone

# Who may make which move on a volunteer: the coordinator decides on applications; the
# volunteer may take a break, come back or leave by themself.
SELF_MOVES = frozenset({VolunteerMove.PAUSE, VolunteerMove.RESUME, VolunteerMove.LEAVE})


@dataclass
class ApplicationData:
    full_name: str
    email: str
    consent: bool
    phone: str = ""
    languages: Sequence[Language] = ()
    municipalities: Sequence[Municipality] = ()
    interests: Sequence[ArtForm] = ()
    mobility: Sequence[str] = ()
    assistance: Sequence[str] = ()
    help_kinds: Sequence[str] = ()
    monthly_cap: int = 4
    motivation: str = ""
    weekly: Sequence[tuple[int, time, time]] = field(default_factory=list)


def _codes(values: Iterable[str], choices: Iterable[str], name: str, errors: dict) -> list[str]:
    values = list(dict.fromkeys(values))
    if set(values) - set(choices):
        errors[name] = ValidationError(_("Choose from the list."), code="unknown_choice")
    return values


def apply(programme: Programme, *, data: ApplicationData, now: datetime | None = None) -> Volunteer:
    """Save an application to ``programme`` and tell its coordinator."""
    now = now or timezone.now()
    if not (programme.is_active and programme.accepts_applications):
        raise ValidationError(_("This programme is not taking new volunteers now."), code="closed")
    errors: dict = {}
    name = data.full_name.strip()
    if not name:
        errors["full_name"] = ValidationError(_("Write your name."), code="required")
    email = data.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ValidationError(_("Check the e-mail address."), code="email")
    if not data.consent:
        errors["consent"] = ValidationError(
            _("We can keep your application only with your consent."), code="consent"
        )
    try:
        phone = check_phone(data.phone)
    except ValidationError as error:
        errors.update(error.error_dict)
        phone = ""
    area = {m.pk for m in programme.municipalities.all()}
    if not data.municipalities:
        errors["municipalities"] = ValidationError(_("Choose where you can help."), code="required")
    elif any(m.pk not in area for m in data.municipalities):
        errors["municipalities"] = ValidationError(
            _("Choose municipalities of the programme's area."), code="outside_area"
        )
    mobility = _codes(data.mobility, Mobility.values, "mobility", errors)
    assistance = _codes(data.assistance, Assistance.values, "assistance", errors)
    kinds = _codes(data.help_kinds, programme.help_kinds or HelpKind.values, "help_kinds", errors)
    if not 1 <= data.monthly_cap <= MAX_MONTHLY_CAP:
        errors["monthly_cap"] = ValidationError(
            _("Choose from 1 to %(most)s.") % {"most": MAX_MONTHLY_CAP}, code="cap"
        )
    if Volunteer.objects.filter(
        programme=programme,
        email__iexact=email,
        status__in=[VolunteerStatus.APPLIED, VolunteerStatus.APPROVED, VolunteerStatus.PAUSED],
    ).exists():
        errors["email"] = ValidationError(
            _("You have already applied to this programme with this e-mail address."),
            code="already_applied",
        )
    weekly = _check_weekly(data.weekly, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            programme=programme,
            full_name=name[:200],
            email=email,
            phone=phone,
            mobility=mobility,
            assistance=assistance,
            help_kinds=kinds,
            monthly_cap=data.monthly_cap,
            motivation=data.motivation.strip()[:2000],
            consent_at=now,
        )
        volunteer.languages.set(data.languages)
        volunteer.municipalities.set(data.municipalities)
        volunteer.interests.set(data.interests)
        WeeklyAvailability.objects.bulk_create(
            [
                WeeklyAvailability(volunteer=volunteer, weekday=d, starts=s, ends=e)
                for d, s, e in weekly
            ]
        )
        transaction.on_commit(lambda: _tell_applied(volunteer))
    return volunteer


def _tell_applied(volunteer: Volunteer) -> None:
    def build(language: str) -> Message:
        return Message(
            _("A new volunteer application"),
            notify.lines(
                _("%(name)s has applied to be a volunteer in %(programme)s.")
                % {"name": volunteer.full_name, "programme": volunteer.programme},
                notify.link(f"/{language}/volunteers/applicants/{volunteer.pk}/"),
            ),
        )

    notify.to_coordinators(volunteer.programme, build)


def _check_weekly(
    weekly: Iterable[tuple[int, time, time]], errors: dict
) -> list[tuple[int, time, time]]:
    slots = list(weekly)
    for weekday, starts, ends in slots:
        if not (0 <= weekday <= 6 and starts < ends):
            errors["weekly"] = ValidationError(
                _("Check the times: each must end after it starts."), code="weekly"
            )
    return slots


def is_coordinator_of(user: User | None, programme: Programme) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_perm("volunteers.change_volunteer", programme)
    )


def decide(volunteer: Volunteer, move: str, *, by: User, now: datetime | None = None) -> Volunteer:
    """Approve or decline an application (the coordinator); pause, resume or leave
    (the coordinator, or the volunteer themself)."""
    now = now or timezone.now()
    move = VolunteerMove(move)
    own = volunteer.user_id is not None and volunteer.user_id == by.pk
    if not (is_coordinator_of(by, volunteer.programme) or (own and move in SELF_MOVES)):
        raise PermissionDenied
    with transaction.atomic():
        row = Volunteer.objects.select_for_update().select_related("programme").get(pk=volunteer.pk)
        row.status = next_volunteer_status(row.status, move)
        if move in (VolunteerMove.APPROVE, VolunteerMove.DECLINE):
            row.decided_at, row.decided_by = now, by
        if move == VolunteerMove.APPROVE:
            user, fresh = _account_for(row)
            row.user = user
            _membership(row, user, active=True)
            transaction.on_commit(lambda: _welcome(row, user, fresh))
        if move == VolunteerMove.LEAVE and row.user is not None:
            _membership(row, row.user, active=False)
        row.save()
    volunteer.refresh_from_db()
    return volunteer


def _account_for(volunteer: Volunteer) -> tuple[User, bool]:
    existing = User.objects.filter(email__iexact=volunteer.email).first()
    if existing is not None:
        return existing, not existing.has_usable_password()
    # The site's language the volunteer speaks (they can change it in their profile).
    language = notify.language_of(volunteer)
    user = User.objects.create_user(
        email=volunteer.email, full_name=volunteer.full_name, preferred_language=language
    )
    return user, True


def _membership(volunteer: Volunteer, user: User, *, active: bool) -> None:
    programme = volunteer.programme
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=programme.organisation,
        unit=programme.unit,
        role=Role.VOLUNTEER,
        defaults={"is_active": active},
    )
    if membership.is_active != active and (
        active
        or not Volunteer.objects.filter(
            user=user,
            programme__organisation_id=programme.organisation_id,
            status__in=[VolunteerStatus.APPROVED, VolunteerStatus.PAUSED],
        )
        .exclude(pk=volunteer.pk)
        .exists()
    ):
        membership.is_active = active
        membership.save(update_fields=["is_active"])
    user._active_memberships = None


def welcome_path(user: User, language: str) -> str:
    """The one-time link to set a password (Django's password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"/{language}/volunteers/welcome/{uid}/{token}/"


def welcomed_user(uidb64: str, token: str) -> User | None:
    """The account a welcome link is for, while the link is valid."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    return user if default_token_generator.check_token(user, token) else None


def _welcome(volunteer: Volunteer, user: User, fresh: bool) -> None:
    def build(language: str) -> Message:
        parts = [
            _("Welcome! You are now a volunteer in %(programme)s.")
            % {"programme": volunteer.programme},
        ]
        if fresh:
            parts.append(_("Set your password here (the link works once):"))
            parts.append(notify.link(welcome_path(user, language)))
        else:
            parts.append(_("Log in with your usual account:"))
            parts.append(notify.link(f"/{language}/accounts/login/"))
        return Message(_("Your volunteer application was approved"), notify.lines(*parts))

    notify.to_address(user.email, user.preferred_language, build)


def set_availability(
    volunteer: Volunteer,
    weekly: Iterable[tuple[int, time, time]],
    absences: Iterable[tuple[date, date]] = (),
) -> Volunteer:
    """Replace the volunteer's weekly times and dates away."""
    errors: dict = {}
    slots = _check_weekly(weekly, errors)
    away = list(absences)
    if any(ends < starts for starts, ends in away):
        errors["absences"] = ValidationError(
            _("A time away must end on or after the day it starts."), code="absences"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        volunteer.weekly.all().delete()
        volunteer.absences.all().delete()
        WeeklyAvailability.objects.bulk_create(
            [
                WeeklyAvailability(volunteer=volunteer, weekday=d, starts=s, ends=e)
                for d, s, e in slots
            ]
        )
        Absence.objects.bulk_create(
            [Absence(volunteer=volunteer, starts_on=s, ends_on=e) for s, e in away]
        )
    return volunteer


def add_training(
    volunteer: Volunteer,
    *,
    kind: str,
    completed_on: date,
    expires_on: date | None = None,
    title: str = "",
    today: date | None = None,
) -> Training:
    kind = TrainingKind(kind)
    today = today or timezone.localdate()
    if completed_on > today:
        raise ValidationError(
            {"completed_on": _("The date of the training cannot be in the future.")},
            code="future",
        )
    if expires_on is not None and expires_on < completed_on:
        raise ValidationError(
            {"expires_on": _("A training is valid until a day after it was completed.")},
            code="expires",
        )
    return Training.objects.create(
        volunteer=volunteer,
        kind=kind,
        completed_on=completed_on,
        expires_on=expires_on,
        title=title.strip()[:200],
    )


def record_check(
    volunteer: Volunteer, *, checked_on: date, by: User, today: date | None = None
) -> Volunteer:
    """The coordinator saw the volunteer's criminal-record extract (for work with
    minors): only the date and who saw it are kept, never the document."""
    today = today or timezone.localdate()
    if not is_coordinator_of(by, volunteer.programme):
        raise PermissionDenied
    if checked_on > today:
        raise ValidationError(
            {"record_checked_on": _("The date cannot be in the future.")}, code="future"
        )
    Volunteer.objects.filter(pk=volunteer.pk).update(
        record_checked_on=checked_on, record_checked_by=by
    )
    volunteer.refresh_from_db()
    return volunteer
