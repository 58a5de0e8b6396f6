"""The loop: every move of a referral, each through :func:`_move`.

:func:`_move` looks the move up in :mod:`..states`, checks that the acting side may make
it, stamps a :class:`~..models.StatusChange` and sends the one status-change event
(:mod:`..events`) that notifications and webhooks listen to. Who is which side comes
from :func:`.access.sides`; the client acts through their link (:mod:`.client_link`),
scheduled work as the system.
"""

import datetime as dt
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit, User
from kohtaamo.catalogue.models import Event, Service

from .. import events
from ..models import ContactLog, DeclineReason, Referral, ReferralType, StatusChange
from ..states import (
    AWAITING_RESPONSE,
    BOOKABLE,
    CLOSED,
    EXPIRABLE,
    TRANSITIONS,
    WORKING,
    Move,
    Side,
    Status,
    Step,
    TransitionNotAllowed,
    next_status,
)
from .access import require_side, sides
from .consent import has_consent_for, record_consent, shared_so_far


def _move(
    actor: User | None,  # None: the client or the system, named by ``side``
    referral: Referral,
    move: str,
    *,
    side: str | None = None,
    now: datetime | None = None,
    reason: str = "",
    note: str = "",
    changes: dict[str, Any] | None = None,
    from_unit: Unit | None = None,
) -> Referral:
    """Make ``move`` on ``referral`` for ``actor`` (or as ``side``), stamped, in one
    transaction. The one place a referral's status changes."""
    now = now or timezone.now()
    if side:
        held = {side}
    else:
        assert actor is not None, "a move without a side is a person's"
        held = sides(actor, referral)
    if not held:
        raise PermissionDenied
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        entry = TRANSITIONS.get((Status(locked.status), Move(move)))
        allowed = held & entry[1] if entry else set()
        if not allowed:
            raise TransitionNotAllowed(locked.status, move, ",".join(sorted(held)))
        acting = sorted(allowed)[0]
        new_status = next_status(locked.status, move, acting)
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        # A declined referral sent elsewhere is open again.
        locked.closed_at = now if new_status in CLOSED else None
        change = StatusChange.objects.create(
            referral=locked,
            from_status=locked.status,
            to_status=new_status,
            move=move,
            side=acting,
            actor=actor if actor is not None and actor.is_authenticated else None,
            at=now,
            reason=reason,
            receiver_note=note.strip(),
            from_unit=from_unit,
        )
        locked.status = new_status
        locked.save()
        # Heard inside the move's transaction: a rolled-back move tells nobody.
        events.status_changed.send(sender=Referral, change=change)
    referral.refresh_from_db()
    return referral


def issue_dates(referral_type: ReferralType, now: datetime) -> dict[str, datetime | None]:
    """When a referral of ``referral_type`` sent at ``now`` is due and expires."""
    return {
        "issued_at": now,
        "expires_at": now + timedelta(days=referral_type.expiry_days),
        "response_due_at": (
            now + timedelta(days=referral_type.response_days)
            if referral_type.response_days
            else None
        ),
    }


def issue_referral(actor: User, referral: Referral, now: datetime | None = None) -> Referral:
    """Send the draft: the response deadline and the expiry start now.

    A referral carrying personal data needs the client's recorded consent to share
    them with its receiver first; without it only an anonymous prescription goes out."""
    now = now or timezone.now()
    require_side(actor, referral, Side.ISSUER)
    if referral.referral_type.is_personal and not has_consent_for(
        referral, referral.receiving_unit, referral.receiving_service
    ):
        raise ValidationError(
            _("Record the client's consent before sending a referral with personal data."),
            code="consent_required",
        )
    changes = issue_dates(referral.referral_type, now)
    return _move(actor, referral, Move.ISSUE, side=Side.ISSUER, now=now, changes=changes)


def issue_self_referral(referral: Referral, now: datetime) -> Referral:
    """A resident's own request goes into the unit's queue at once; the resident, with
    no account, is its sender."""
    changes = issue_dates(referral.referral_type, now)
    return _move(None, referral, Move.ISSUE, side=Side.ISSUER, now=now, changes=changes)


def accept(actor: User, referral: Referral, note: str = "") -> Referral:
    side = require_side(actor, referral, Side.RECEIVER)
    changes = {"response_due_at": None}
    return _move(actor, referral, Move.ACCEPT, side=side, note=note, changes=changes)


def decline(actor: User, referral: Referral, reason: str, note: str = "") -> Referral:
    reason = DeclineReason(reason)
    side = require_side(actor, referral, Side.RECEIVER)
    changes = {"response_due_at": None}
    return _move(
        actor, referral, Move.DECLINE, side=side, reason=reason, note=note, changes=changes
    )


def record_contact(
    actor: User, referral: Referral, *, date: dt.date, kind: str, outcome: str = ""
) -> ContactLog:
    """Log a contact or meeting; the first one that reached the client moves an
    accepted referral into contact."""
    side = require_side(actor, referral, Side.RECEIVER)
    kind = ContactLog.Kind(kind)
    reached = kind != ContactLog.Kind.ATTEMPT
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in WORKING:
            raise TransitionNotAllowed(locked.status, Move.CONTACT, side)
        entry = ContactLog.objects.create(
            referral=locked, date=date, kind=kind, outcome=outcome.strip(), recorded_by=actor
        )
        if reached and locked.status == Status.ACCEPTED:
            _move(actor, locked, Move.CONTACT, side=side)
    referral.refresh_from_db()
    return entry


def agree_activity(
    actor: User,
    referral: Referral,
    note: str = "",
    service: Service | None = None,
    event: Event | None = None,
) -> Referral:
    """The receiver and the client agreed on an activity: the service or event from the
    catalogue is recorded on the referral (for booking and for the numbers)."""
    if service is not None and event is not None:
        raise ValidationError(_("Choose one service or one event."), code="one_activity")
    side = require_side(actor, referral, Side.RECEIVER)
    changes = {"agreed_service": service, "agreed_event": event}
    return _move(actor, referral, Move.AGREE_ACTIVITY, side=side, note=note, changes=changes)


def record_booking(actor: User, referral: Referral, now: datetime | None = None) -> Referral:
    """The receiver booked the agreed activity (a place, a ticket): stamped, no move."""
    require_side(actor, referral, Side.RECEIVER)
    if referral.status not in BOOKABLE:
        raise TransitionNotAllowed(referral.status, Step.BOOK, Side.RECEIVER)
    if not (referral.agreed_service_id or referral.agreed_event_id):
        raise ValidationError(_("Agree an activity from the catalogue first."), code="no_activity")
    Referral.objects.filter(pk=referral.pk).update(booked_at=now or timezone.now())
    referral.refresh_from_db()
    return referral


def mark_attending(actor: User, referral: Referral, note: str = "") -> Referral:
    side = require_side(actor, referral, Side.RECEIVER)
    return _move(actor, referral, Move.MARK_ATTENDING, side=side, note=note)


def complete(actor: User, referral: Referral, note: str = "") -> Referral:
    side = require_side(actor, referral, Side.RECEIVER)
    return _move(actor, referral, Move.COMPLETE, side=side, note=note)


def reroute(
    actor: User, referral: Referral, new_unit: Unit, note: str = "", now: datetime | None = None
) -> Referral:
    """Send the referral to another receiving unit, which must react next.

    Personal data move with it only if the client consented to that unit."""
    now = now or timezone.now()
    if new_unit == referral.receiving_unit:
        raise ValidationError({"receiving_unit": _("Choose a different unit.")}, code="same_unit")
    if referral.referral_type.receiver_kind != ReferralType.ReceiverKind.UNIT:
        raise ValidationError(_("Only a referral to a unit can be sent to another unit."))
    if referral.referral_type.is_personal and not has_consent_for(referral, unit=new_unit):
        raise ValidationError(
            _("Record the client's consent to share their data with the new unit first."),
            code="consent_required",
        )
    response_days = referral.referral_type.response_days
    # A type with a receiving unit always has response days (a database constraint).
    assert response_days is not None
    return _move(
        actor,
        referral,
        Move.REROUTE,
        now=now,
        note=note,
        from_unit=referral.receiving_unit,
        changes={
            "receiving_unit": new_unit,
            "response_due_at": now + timedelta(days=response_days),
            "nudged_at": None,
        },
    )


def reroute_with_consent(
    actor: User,
    referral: Referral,
    new_unit: Unit,
    *,
    method: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Referral:
    """Send the referral to ``new_unit``; for personal data the client's consent to
    that unit (how it was given) is recorded first, in the same transaction."""
    with transaction.atomic():
        if referral.referral_type.is_personal and method:
            record_consent(
                actor, referral, shared=shared_so_far(referral), method=method, with_unit=new_unit
            )
        return reroute(actor, referral, new_unit, note=note, now=now)


def withdraw(referral: Referral, now: datetime) -> Referral:
    """The client withdraws (through their link, :mod:`.client_link`)."""
    return _move(None, referral, Move.WITHDRAW, side=Side.CLIENT, now=now)


# --- Scheduled work -----------------------------------------------------------------


def return_to_sender(referral: Referral, now: datetime | None = None) -> Referral:
    """The receiver did not react in time: the referral goes back to the sender."""
    return _move(
        None, referral, Move.RETURN, side=Side.SYSTEM, now=now, changes={"response_due_at": None}
    )


def expire(referral: Referral, now: datetime | None = None) -> Referral:
    return _move(
        None, referral, Move.EXPIRE, side=Side.SYSTEM, now=now, changes={"response_due_at": None}
    )


def awaiting_response_soon(
    now: datetime | None = None, within: timedelta = timedelta(days=3)
) -> QuerySet[Referral]:
    """Referrals whose receiver should be nudged: the response deadline is near."""
    now = now or timezone.now()
    return Referral.objects.filter(
        status__in=AWAITING_RESPONSE, response_due_at__gt=now, response_due_at__lte=now + within
    ).select_related("receiving_unit", "receiving_service")


def process_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Expire referrals past their expiry, and return to the sender those whose
    receiver let the response deadline pass. Run daily by a scheduled task."""
    now = now or timezone.now()
    expired = returned = 0
    overdue = Referral.objects.filter(status__in=EXPIRABLE, expires_at__lte=now)
    for referral in overdue.order_by("pk").iterator():
        expire(referral, now)
        expired += 1
    late = Referral.objects.filter(status__in=AWAITING_RESPONSE, response_due_at__lte=now)
    for referral in late.order_by("pk").iterator():
        return_to_sender(referral, now)
        returned += 1
    return {"expired": expired, "returned": returned}


def nudge_receivers(now: datetime | None = None, within: timedelta | None = None) -> int:
    """Remind receiving units of referrals whose response deadline is near, once per
    deadline. Returns how many referrals were reminded of."""
    from .. import notify

    now = now or timezone.now()
    if within is None:
        within = timedelta(days=settings.REFERRAL_NUDGE_DAYS)
    nudged = 0
    for referral in awaiting_response_soon(now, within).filter(nudged_at__isnull=True):
        with transaction.atomic():
            claimed = Referral.objects.filter(pk=referral.pk, nudged_at__isnull=True).update(
                nudged_at=now
            )
            if claimed:
                notify.response_due(referral)
                nudged += 1
    return nudged
