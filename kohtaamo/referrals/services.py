"""What happens to a culture referral: each business action one function.

Every change of state goes through :func:`_move`, which looks the move up in
:mod:`.states`, checks that the acting side may make it, and stamps a
:class:`~.models.StatusChange`. Who is which side comes from the permission helper
(:mod:`kohtaamo.accounts.permissions`): the sending unit is the issuer side, the
receiving unit (or the organisation behind a named service) the receiver side. The
client acts only through the referral's public token; scheduled work acts as the system.

A client's personal data are read only through :func:`client_details` (which writes the
audit log) and erased only through :func:`_erase_personal_data`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.permissions import visible
from kohtaamo.core import audit

from .models import (
    Consent,
    ContactLog,
    DeclineReason,
    Need,
    Reason,
    Referral,
    ReferralClient,
    ReferralType,
    SharedData,
    StatusChange,
)
from .states import (
    AWAITING_RESPONSE,
    CLOSED,
    EXPIRABLE,
    OPEN,
    TRANSITIONS,
    Move,
    Side,
    Status,
    TransitionNotAllowed,
    next_status,
)

VIEW = "referrals.view_referral"
ADD = "referrals.add_referral"
AS_ISSUER = "referrals.act_as_issuer"
AS_RECEIVER = "referrals.act_as_receiver"
VIEW_CONTACTS = "referrals.view_contactlog"

CLIENT_FIELDS = ("full_name", "birth_date", "phone", "email", "contact_preference")


# --- Who is who -------------------------------------------------------------------


def sides(user, referral):
    """The sides of ``referral`` that ``user`` acts for (may be both, or none)."""
    held = set()
    if user.has_perm(AS_ISSUER, referral.issuing_side):
        held.add(Side.ISSUER)
    if referral.receiver_scope and user.has_perm(AS_RECEIVER, referral.receiving_side):
        held.add(Side.RECEIVER)
    return held


def visible_referrals(user):
    """The referrals ``user`` may see: those their unit sent or received."""
    queryset = Referral.objects.all()
    sent = visible(
        user,
        VIEW,
        queryset,
        organisation_id="issuing_unit__organisation_id",
        unit_id="issuing_unit_id",
        county_id="county_id",
    )
    to_unit = visible(
        user,
        VIEW,
        queryset.filter(receiving_unit__isnull=False).exclude(status=Status.DRAFT),
        organisation_id="receiving_unit__organisation_id",
        unit_id="receiving_unit_id",
        county_id="county_id",
    )
    to_service = visible(
        user,
        VIEW,
        queryset.filter(receiving_service__isnull=False).exclude(status=Status.DRAFT),
        organisation_id="receiving_service__organisation_id",
        county_id="county_id",
    )
    return Referral.objects.filter(
        Q(pk__in=sent.values("pk"))
        | Q(pk__in=to_unit.values("pk"))
        | Q(pk__in=to_service.values("pk"))
    )


def referral_for(user, pk):
    """One referral ``user`` may see; any other is as if it did not exist."""
    referral = (
        Referral.objects.select_related("issuing_unit", "receiving_unit", "receiving_service")
        .filter(pk=pk)
        .first()
    )
    if referral is None or not user.has_perm(VIEW, referral):
        raise Http404
    return referral


def client_details(request, referral, purpose):
    """The client's personal data, with the read written to the audit log.

    None for an anonymous prescription or once the data have been erased."""
    if not request.user.has_perm(VIEW, referral):
        raise PermissionDenied
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is None:
        return None
    return audit.read(request, client, fields=CLIENT_FIELDS, purpose=purpose)


def status_history(user, referral):
    """The stamped moves; the receiver's notes only for the receiving side."""
    if not user.has_perm(VIEW, referral):
        raise PermissionDenied
    changes = list(referral.status_changes.select_related("actor"))
    if Side.RECEIVER not in sides(user, referral):
        for change in changes:
            change.receiver_note = ""
    return changes


def contact_log(user, referral):
    """Contacts and meetings: the receiving side's working record, theirs alone."""
    if not user.has_perm(VIEW_CONTACTS, referral.receiving_side):
        raise PermissionDenied
    return list(referral.contacts.all())


# --- Writing and issuing ----------------------------------------------------------


def _check_codes(values, choices, field):
    values = list(dict.fromkeys(values))
    unknown = [value for value in values if value not in choices.values]
    if unknown:
        raise ValidationError(
            {field: _("Unknown code: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}},
            code="unknown_code",
        )
    return values


def _check_receiver(referral_type, receiving_unit, receiving_service):
    kind = referral_type.receiver_kind
    if kind == ReferralType.ReceiverKind.UNIT and (receiving_unit is None or receiving_service):
        raise ValidationError(
            {"receiving_unit": _("Choose the unit that receives this referral.")},
            code="receiver",
        )
    if kind == ReferralType.ReceiverKind.SERVICE and (receiving_service is None or receiving_unit):
        raise ValidationError(
            {"receiving_service": _("Choose the service this referral is for.")},
            code="receiver",
        )
    if kind == ReferralType.ReceiverKind.NOBODY and (receiving_unit or receiving_service):
        raise ValidationError(
            _("The client uses this referral on their own: it has no receiver."), code="receiver"
        )


def draft_referral(
    actor,
    *,
    referral_type,
    issuing_unit,
    receiving_unit=None,
    receiving_service=None,
    reasons=(),
    reason_note="",
    interests=(),
    language=None,
    needs=(),
    needs_note="",
    preferred_municipality=None,
    suggested_services=(),
    suggested_events=(),
    client=None,
):
    """Write a referral as a draft for the professional's unit.

    ``client`` holds the personal data (a dict of :data:`CLIENT_FIELDS`) and is required
    for a personal type and refused for an anonymous prescription."""
    if not actor.has_perm(ADD, issuing_unit):
        raise PermissionDenied
    if (
        not referral_type.is_active
        or referral_type.county_id != issuing_unit.organisation.county_id
    ):
        raise ValidationError(
            {"referral_type": _("This referral type is not in use in your county.")},
            code="referral_type",
        )
    _check_receiver(referral_type, receiving_unit, receiving_service)
    reasons = _check_codes(reasons, Reason, "reasons")
    needs = _check_codes(needs, Need, "needs")
    if referral_type.is_personal and not (client and client.get("full_name", "").strip()):
        raise ValidationError(
            {"client": _("Write the client's name: this referral type contacts the client.")},
            code="client_required",
        )
    if not referral_type.is_personal and client:
        raise ValidationError(
            {"client": _("An anonymous prescription carries no personal data.")},
            code="client_not_allowed",
        )
    with transaction.atomic():
        referral = Referral.objects.create(
            referral_type=referral_type,
            county_id=referral_type.county_id,
            issuing_unit=issuing_unit,
            issued_by=actor,
            receiving_unit=receiving_unit,
            receiving_service=receiving_service,
            reasons=reasons,
            reason_note=reason_note.strip(),
            language=language,
            needs=needs,
            needs_note=needs_note.strip(),
            preferred_municipality=preferred_municipality,
        )
        referral.interests.set(interests)
        referral.suggested_services.set(suggested_services)
        referral.suggested_events.set(suggested_events)
        if client:
            details = {field: client[field] for field in CLIENT_FIELDS if field in client}
            details["full_name"] = " ".join(details["full_name"].split())
            ReferralClient.objects.create(referral=referral, **details)
        audit.record(audit.Action.CREATE, referral, actor=actor, purpose="draft referral")
    return referral


def record_consent(actor, referral, *, shared, method, given_at=None, with_unit=None):
    """Record the client's consent to share ``shared`` with the current receiver, or
    with ``with_unit`` before the referral is sent there."""
    if not sides(actor, referral):
        raise PermissionDenied
    if referral.status not in OPEN | {Status.DRAFT}:
        raise ValidationError(_("This referral is closed."), code="closed")
    shared = _check_codes(shared, SharedData, "shared")
    if not shared:
        raise ValidationError({"shared": _("Choose what the client agreed to share.")})
    return Consent.objects.create(
        referral=referral,
        shared=shared,
        receiving_unit=with_unit or referral.receiving_unit,
        receiving_service=None if with_unit else referral.receiving_service,
        method=Consent.Method(method),
        given_at=given_at or timezone.now(),
        recorded_by=actor,
    )


def _has_consent_for(referral, unit=None, service=None):
    return referral.consents.filter(receiving_unit=unit, receiving_service=service).exists()


def issue_referral(actor, referral, now=None):
    """Send the draft: the response deadline and the expiry start now.

    A referral carrying personal data needs the client's recorded consent to share
    them with its receiver first; without it only an anonymous prescription goes out."""
    now = now or timezone.now()
    if Side.ISSUER not in sides(actor, referral):
        raise PermissionDenied
    if referral.referral_type.is_personal and not _has_consent_for(
        referral, referral.receiving_unit, referral.receiving_service
    ):
        raise ValidationError(
            _("Record the client's consent before sending a referral with personal data."),
            code="consent_required",
        )
    referral_type = referral.referral_type
    changes = {
        "issued_at": now,
        "expires_at": now + timedelta(days=referral_type.expiry_days),
        "response_due_at": (
            now + timedelta(days=referral_type.response_days)
            if referral_type.response_days
            else None
        ),
    }
    return _move(actor, referral, Move.ISSUE, side=Side.ISSUER, now=now, changes=changes)


def find_possible_duplicates(request, county, full_name, birth_date):
    """Earlier referrals in ``county`` for someone with the same name and birth date.

    The professional decides whether it is the same person; nothing is merged. Only
    referrals the asker may already see are searched, so the check never tells one
    unit about another unit's clients; every candidate's data read is audited."""
    name = " ".join(full_name.split())
    candidates = (
        visible_referrals(request.user)
        .filter(county=county, client__full_name__iexact=name, client__birth_date=birth_date)
        .select_related("client", "referral_type", "issuing_unit")
        .order_by("-created_at")
    )
    found = []
    for referral in candidates:
        audit.read(
            request, referral.client, fields=("full_name", "birth_date"), purpose="duplicate check"
        )
        found.append(referral)
    return found


# --- The loop ---------------------------------------------------------------------


def _move(
    actor, referral, move, *, side=None, now=None, reason="", note="", changes=None, from_unit=None
):
    """Make ``move`` on ``referral`` for ``actor`` (or as ``side``), stamped, in one
    transaction. The one place a referral's status changes."""
    now = now or timezone.now()
    held = {side} if side else sides(actor, referral)
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
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        if new_status in CLOSED:
            locked.closed_at = now
        StatusChange.objects.create(
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
    referral.refresh_from_db()
    return referral


def _as_receiver(actor, referral):
    if Side.RECEIVER not in sides(actor, referral):
        raise PermissionDenied
    return Side.RECEIVER


def accept(actor, referral, note=""):
    return _move(
        actor,
        referral,
        Move.ACCEPT,
        side=_as_receiver(actor, referral),
        note=note,
        changes={"response_due_at": None},
    )


def decline(actor, referral, reason, note=""):
    reason = DeclineReason(reason)
    return _move(
        actor,
        referral,
        Move.DECLINE,
        side=_as_receiver(actor, referral),
        reason=reason,
        note=note,
        changes={"response_due_at": None},
    )


def record_contact(actor, referral, *, date, kind, outcome=""):
    """Log a contact or meeting; the first one that reached the client moves an
    accepted referral into contact."""
    side = _as_receiver(actor, referral)
    kind = ContactLog.Kind(kind)
    reached = kind != ContactLog.Kind.ATTEMPT
    working = {Status.ACCEPTED, Status.IN_CONTACT, Status.ACTIVITY_AGREED, Status.ATTENDING}
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in working:
            raise TransitionNotAllowed(locked.status, Move.CONTACT, side)
        entry = ContactLog.objects.create(
            referral=locked, date=date, kind=kind, outcome=outcome.strip(), recorded_by=actor
        )
        if reached and locked.status == Status.ACCEPTED:
            _move(actor, locked, Move.CONTACT, side=side)
    referral.refresh_from_db()
    return entry


def agree_activity(actor, referral, note=""):
    return _move(
        actor, referral, Move.AGREE_ACTIVITY, side=_as_receiver(actor, referral), note=note
    )


def mark_attending(actor, referral, note=""):
    return _move(
        actor, referral, Move.MARK_ATTENDING, side=_as_receiver(actor, referral), note=note
    )


def complete(actor, referral, note=""):
    return _move(actor, referral, Move.COMPLETE, side=_as_receiver(actor, referral), note=note)


def reroute(actor, referral, new_unit, note="", now=None):
    """Send the referral to another receiving unit, which must react next.

    Personal data move with it only if the client consented to that unit."""
    now = now or timezone.now()
    if new_unit == referral.receiving_unit:
        raise ValidationError({"receiving_unit": _("Choose a different unit.")}, code="same_unit")
    if referral.referral_type.receiver_kind != ReferralType.ReceiverKind.UNIT:
        raise ValidationError(_("Only a referral to a unit can be sent to another unit."))
    if referral.referral_type.is_personal and not _has_consent_for(referral, unit=new_unit):
        raise ValidationError(
            _("Record the client's consent to share their data with the new unit first."),
            code="consent_required",
        )
    response_days = referral.referral_type.response_days
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
        },
    )


def withdraw_by_client(token, now=None):
    """The client withdraws with their referral's link: the referral closes and their
    personal data are erased at once; the referral stays countable."""
    now = now or timezone.now()
    referral = Referral.objects.filter(public_token=token).first() if token else None
    if referral is None:
        raise Http404
    with transaction.atomic():
        _move(None, referral, Move.WITHDRAW, side=Side.CLIENT, now=now)
        _erase_personal_data(referral, now, purpose="withdrawn by the client")
    referral.refresh_from_db()
    return referral


def return_to_sender(referral, now=None):
    """The receiver did not react in time: the referral goes back to the sender."""
    return _move(
        None, referral, Move.RETURN, side=Side.SYSTEM, now=now, changes={"response_due_at": None}
    )


def expire(referral, now=None):
    return _move(
        None, referral, Move.EXPIRE, side=Side.SYSTEM, now=now, changes={"response_due_at": None}
    )


def awaiting_response_soon(now=None, within=timedelta(days=3)):
    """Referrals whose receiver should be nudged: the response deadline is near."""
    now = now or timezone.now()
    return Referral.objects.filter(
        status__in=AWAITING_RESPONSE, response_due_at__gt=now, response_due_at__lte=now + within
    ).select_related("receiving_unit", "receiving_service")


def process_deadlines(now=None):
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


# --- Erasure ----------------------------------------------------------------------


def _erase_personal_data(referral, now, purpose):
    """Delete the client row and the free texts that may name or describe them."""
    with transaction.atomic():
        ReferralClient.objects.filter(referral=referral).delete()
        Referral.objects.filter(pk=referral.pk).update(
            reason_note="", needs_note="", personal_data_erased_at=now
        )
        ContactLog.objects.filter(referral=referral).update(outcome="")
        StatusChange.objects.filter(referral=referral).update(receiver_note="")
        audit.record(
            audit.Action.ERASE,
            target_type=Referral._meta.label_lower,
            target_id=referral.pk,
            target_organisation_id=referral.issuing_unit.organisation_id,
            fields=CLIENT_FIELDS,
            purpose=purpose,
        )


def erase_closed_personal_data(now=None, after=None):
    """Erase personal data of referrals closed longer ago than ``after`` (default
    ``settings.REFERRAL_RETENTION_DAYS``). Returns how many referrals were erased."""
    now = now or timezone.now()
    if after is None:
        after = timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    due = Referral.objects.filter(
        status__in=CLOSED, closed_at__lte=now - after, personal_data_erased_at__isnull=True
    ).select_related("issuing_unit")
    erased = 0
    for referral in due.order_by("pk").iterator():
        _erase_personal_data(referral, now, purpose="retention period ended")
        erased += 1
    return erased
