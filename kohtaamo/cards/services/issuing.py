"""Issuing culture cards and their life after: renewal, replacement, cancellation, and
whether a card can be used today."""

import calendar
import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User
from kohtaamo.core import audit
from kohtaamo.core.models import Municipality

from .. import numbers
from ..models import Card, Distributor, Programme, ProgrammeMunicipality
from ..states import CardMove, CardStatus, ReservationState, next_card_status
from .errors import CardRefused, NotEligible, _require, _today

MINIMUM_AGE = 16


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _valid_until(programme: Programme, day: datetime.date) -> datetime.date:
    # "Valid one year" from 10 March means through 9 March next year.
    return add_months(day, programme.validity_months) - datetime.timedelta(days=1)


# Cards.


def _birth_year_and_age_check(
    born: datetime.date | int | str, today: datetime.date
) -> tuple[int, bool]:
    """``born`` is a year, or a date the distributor looked at (only its year is kept)."""
    if isinstance(born, datetime.date):
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return born.year, age >= MINIMUM_AGE
    # With the year alone, someone who turns 16 later this year passes: the distributor
    # meets the client and sees the age; the register never learns the birthday.
    return int(born), today.year - int(born) >= MINIMUM_AGE


def _check_eligibility(
    distributor: Distributor, municipality: Municipality, today: datetime.date
) -> Programme:
    # Read afresh: a coordinator may have just ended the enrolment or changed the validity.
    distributor = Distributor.objects.select_related("programme").get(pk=distributor.pk)
    if not distributor.covers(today):
        raise NotEligible(
            _("This unit is not an enrolled card distributor on %(day)s.")
            % {"day": today.isoformat()},
            code="distributor_not_enrolled",
        )
    programme = distributor.programme
    joined = ProgrammeMunicipality.objects.filter(
        ProgrammeMunicipality.covering(today), municipality=municipality, programme=programme
    ).exists()
    if not joined:
        raise NotEligible(
            _("%(municipality)s is not in the culture card programme on %(day)s.")
            % {"municipality": municipality, "day": today.isoformat()},
            code="municipality_not_in_programme",
        )
    return programme


def _new_card(**fields: Any) -> Card:
    # Nine random digits give 900 million numbers; a clash is rare but must not fail
    # the issue, so a fresh number is drawn inside a savepoint.
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Card.objects.create(number=numbers.random_number(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("no free card number after 10 draws")


def issue_card(
    actor: User,
    distributor: Distributor,
    home_municipality: Municipality,
    born: datetime.date | int | str,
    *,
    now: datetime.datetime | None = None,
    gender: str = "",
    language: str = "",
) -> Card:
    """Issue a card to a client of ``distributor``. Returns the card."""
    _require(actor, "cards.add_card", distributor)
    now = now or timezone.now()
    today = _today(now)
    birth_year, old_enough = _birth_year_and_age_check(born, today)
    if birth_year > today.year or birth_year < 1900:
        raise NotEligible(_("Check the year of birth."), code="birth_year")
    if not old_enough:
        raise NotEligible(
            _("A culture card can be issued from the age of %(age)s.") % {"age": MINIMUM_AGE},
            code="too_young",
        )
    with transaction.atomic():
        programme = _check_eligibility(distributor, home_municipality, today)
        card = _new_card(
            home_municipality=home_municipality,
            birth_year=birth_year,
            distributor=distributor,
            issued_at=now,
            valid_until=_valid_until(programme, today),
            gender=gender,
            language=language,
        )
        audit.record(audit.Action.CREATE, card, actor=actor, purpose="issue culture card")
    return card


def _locked_card(card: Card) -> Card:
    return (
        Card.objects.select_for_update(of=("self",))
        .select_related("distributor__programme")
        .get(pk=card.pk)
    )


def renew_card(actor: User, card: Card, *, now: datetime.datetime | None = None) -> Card:
    """Another validity period from today, for an active (possibly expired) card."""
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    today = _today(now)
    with transaction.atomic():
        locked = _locked_card(card)
        next_card_status(locked.status, CardMove.RENEW)
        programme = _check_eligibility(locked.distributor, locked.home_municipality, today)
        locked.valid_until = _valid_until(programme, today)
        locked.status_changed_at = now
        locked.save(update_fields=["valid_until", "status_changed_at"])
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["valid_until"])
    return locked


def replace_card(actor: User, card: Card, *, now: datetime.datetime | None = None) -> Card:
    """A new number for a lost card. The old number stops working at once; the holder's
    bookings and waiting-list places move to the new card."""
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_card(card)
        new_status = next_card_status(locked.status, CardMove.REPLACE)
        successor = _new_card(
            home_municipality=locked.home_municipality,
            birth_year=locked.birth_year,
            distributor=locked.distributor,
            issued_at=now,
            valid_until=locked.valid_until,
            activated_at=locked.activated_at,
            gender=locked.gender,
            language=locked.language,
        )
        locked.status, locked.replaced_by, locked.status_changed_at = new_status, successor, now
        locked.save(update_fields=["status", "replaced_by", "status_changed_at"])
        locked.reservations.filter(state=ReservationState.RESERVED).update(card=successor)
        locked.waiting_list_entries.update(card=successor)
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["status", "replaced_by"])
        audit.record(audit.Action.CREATE, successor, actor=actor, purpose="replace culture card")
    return successor


def cancel_card(actor: User, card: Card, *, now: datetime.datetime | None = None) -> Card:
    _require(actor, "cards.change_card", card)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_card(card)
        locked.status = next_card_status(locked.status, CardMove.CANCEL)
        locked.status_changed_at = now
        locked.save(update_fields=["status", "status_changed_at"])
        audit.record(audit.Action.CHANGE, locked, actor=actor, fields=["status"])
    return locked


def validate_card(number: str, *, today: datetime.date | None = None) -> Card:
    """The card behind a typed or scanned number, or :class:`CardRefused` saying why."""
    today = today or timezone.localdate()
    number = numbers.normalise(number)
    if not (len(number) == numbers.LENGTH and number.isascii() and number.isdigit()):
        raise CardRefused(
            _("A card number has %(length)s digits.") % {"length": numbers.LENGTH},
            code="bad_format",
        )
    if not numbers.is_valid(number):
        raise CardRefused(
            _("This is not a valid card number: check the digits."), code="bad_check_digit"
        )
    card = Card.objects.filter(number=number).first()
    if card is None:
        raise CardRefused(_("No card has this number."), code="unknown")
    return _usable(card, today)


def _usable(card: Card, today: datetime.date) -> Card:
    if card.status == CardStatus.REPLACED:
        raise CardRefused(
            _("This card has been replaced by a new card and no longer works."), code="replaced"
        )
    if card.status == CardStatus.CANCELLED:
        raise CardRefused(_("This card has been cancelled."), code="cancelled")
    if card.valid_until < today:
        raise CardRefused(
            _("This card expired on %(day)s. The distributor can renew it.")
            % {"day": date_format(card.valid_until, "SHORT_DATE_FORMAT")},
            code="expired",
        )
    return card


def refusal(card: Card, *, today: datetime.date | None = None) -> CardRefused | None:
    """Why ``card`` cannot be used today (a :class:`CardRefused`), or ``None``."""
    try:
        _usable(card, today or timezone.localdate())
    except CardRefused as refused:
        return refused
    return None


def card_for_mobile_token(token: str | None, *, today: datetime.date | None = None) -> Card:
    """The holder's own card behind their secret link, refused like a scanned number."""
    card = (
        Card.objects.filter(mobile_token=token).first() if token and "\x00" not in token else None
    )
    if card is None:
        raise CardRefused(_("No card has this number."), code="unknown")
    return _usable(card, today or timezone.localdate())
