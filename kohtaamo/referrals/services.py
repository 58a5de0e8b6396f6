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
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Membership, Unit
from kohtaamo.accounts.permissions import REFERRAL_STAFF
from kohtaamo.core import audit

from .models import (
    Consent,
    ContactLog,
    DeclineReason,
    Feedback,
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
    if referral.has_receiver and user.has_perm(AS_RECEIVER, referral.receiving_side):
        held.add(Side.RECEIVER)
    return held


def visible_referrals(user):
    """The referrals ``user`` may see: those their unit sent or received."""
    return Referral.objects.reachable_by(user, VIEW)


def referral_for(user, pk):
    """One referral ``user`` may see; any other is as if it did not exist."""
    referral = (
        Referral.objects.select_related("issuing_unit", "receiving_unit", "receiving_service")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    if not user.has_perm(VIEW, referral):
        # Someone reached for another unit's referral: which one and who, nothing more.
        audit.record(
            audit.Action.DENIED, referral, actor=user, purpose="not within the user's units"
        )
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


# Fewer ratings than this are not summarised: one client's rating could be told apart.
FEEDBACK_MIN_COUNT = 5


def feedback_summary(referrals):
    """How many clients rated ``referrals`` and their average rating, or None when too
    few did for the summary to stay anonymous."""
    summary = Feedback.objects.filter(referral__in=referrals).aggregate(
        count=Count("pk"), average=Avg("rating")
    )
    if summary["count"] < FEEDBACK_MIN_COUNT:
        return None
    return {"count": summary["count"], "average": round(summary["average"], 1)}


def issuing_units(user):
    """The units ``user`` may write referrals for."""
    if not user.is_authenticated:
        return []
    memberships = (
        Membership.objects.filter(
            user=user, is_active=True, role__in=REFERRAL_STAFF, unit__isnull=False
        )
        .select_related("unit__organisation")
        .order_by("unit__name_fi")
    )
    units = [m.unit for m in memberships if m.unit.is_active]
    return [unit for unit in dict.fromkeys(units) if user.has_perm(ADD, unit)]


def referral_types_for(unit):
    """The referral types in use in ``unit``'s county."""
    return ReferralType.objects.filter(county_id=unit.organisation.county_id, is_active=True)


def receiving_units(county, exclude=None):
    """Culture-advice and link-work units in ``county`` that can receive a referral."""
    units = Unit.objects.filter(
        kind=Unit.Kind.CULTURE_ADVICE, is_active=True, organisation__county=county
    ).select_related("organisation")
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    return units.order_by("name_fi")


def _unit_ids(user):
    return list(
        Membership.objects.filter(
            user=user, is_active=True, role__in=REFERRAL_STAFF, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )


def sent_by_units_of(user):
    """Referrals written in ``user``'s units, newest first (self-referrals excluded)."""
    return (
        visible_referrals(user)
        .filter(issuing_unit_id__in=_unit_ids(user), is_self_referral=False)
        .select_related("referral_type", "receiving_unit", "receiving_service")
        .order_by("-created_at")
    )


def received_by_units_of(user):
    """Issued referrals waiting for or worked on by ``user``'s units: the queue."""
    units = _unit_ids(user)
    return (
        visible_referrals(user)
        .filter(
            Q(receiving_unit_id__in=units) | Q(is_self_referral=True, issuing_unit_id__in=units)
        )
        .exclude(status=Status.DRAFT)
        .select_related("referral_type", "issuing_unit", "receiving_unit")
        .order_by("response_due_at", "-issued_at")
    )


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
    # A declined referral is closed, but its sender may still send it elsewhere.
    if referral.status not in OPEN | {Status.DRAFT, Status.DECLINED}:
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


def write_referral(actor, issuing_unit, referral_type, data, *, issue, now=None):
    """The professional's form in one transaction: the draft, the client's consent
    (recorded first when given) and, with ``issue``, the sending.

    ``data`` holds the form's fields; the consent fields are ``consent_shared``,
    ``consent_method`` and ``consent_given_at``."""
    now = now or timezone.now()
    client = None
    if referral_type.is_personal:
        client = {field: data.get(field) or "" for field in CLIENT_FIELDS}
        client["birth_date"] = data.get("birth_date") or None
    with transaction.atomic():
        referral = draft_referral(
            actor,
            referral_type=referral_type,
            issuing_unit=issuing_unit,
            receiving_unit=data.get("receiving_unit"),
            receiving_service=data.get("receiving_service"),
            reasons=data.get("reasons") or (),
            reason_note=data.get("reason_note") or "",
            interests=data.get("interests") or (),
            language=data.get("language"),
            needs=data.get("needs") or (),
            needs_note=data.get("needs_note") or "",
            preferred_municipality=data.get("preferred_municipality"),
            suggested_services=data.get("suggested_services") or (),
            suggested_events=data.get("suggested_events") or (),
            client=client,
        )
        if referral_type.is_personal and data.get("consent_shared") and data.get("consent_method"):
            record_consent(
                actor,
                referral,
                shared=data["consent_shared"],
                method=data["consent_method"],
                given_at=data.get("consent_given_at") or now,
            )
        if issue:
            issue_referral(actor, referral, now=now)
    referral.refresh_from_db()
    return referral


def update_draft(actor, referral, data, *, issue, now=None):
    """Change a draft from the same form that wrote it (and send it, with ``issue``).

    A consent given in the form is recorded for the receiver chosen now; an earlier
    consent for another receiver does not cover the new one."""
    now = now or timezone.now()
    if Side.ISSUER not in sides(actor, referral):
        raise PermissionDenied
    referral_type = referral.referral_type
    receiving_unit = data.get("receiving_unit")
    receiving_service = data.get("receiving_service")
    _check_receiver(referral_type, receiving_unit, receiving_service)
    reasons = _check_codes(data.get("reasons") or (), Reason, "reasons")
    needs = _check_codes(data.get("needs") or (), Need, "needs")
    name = " ".join((data.get("full_name") or "").split())
    if referral_type.is_personal and not name:
        raise ValidationError(
            {"client": _("Write the client's name: this referral type contacts the client.")},
            code="client_required",
        )
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be changed."), code="not_draft")
        for field, value in {
            "receiving_unit": receiving_unit,
            "receiving_service": receiving_service,
            "reasons": reasons,
            "reason_note": (data.get("reason_note") or "").strip(),
            "language": data.get("language"),
            "needs": needs,
            "needs_note": (data.get("needs_note") or "").strip(),
            "preferred_municipality": data.get("preferred_municipality"),
        }.items():
            setattr(locked, field, value)
        locked.save()
        locked.interests.set(data.get("interests") or ())
        locked.suggested_services.set(data.get("suggested_services") or ())
        locked.suggested_events.set(data.get("suggested_events") or ())
        if referral_type.is_personal:
            details = {field: data.get(field) or "" for field in CLIENT_FIELDS}
            details["full_name"] = name
            details["birth_date"] = data.get("birth_date") or None
            ReferralClient.objects.update_or_create(referral=locked, defaults=details)
            if data.get("consent_shared") and data.get("consent_method"):
                record_consent(
                    actor,
                    locked,
                    shared=data["consent_shared"],
                    method=data["consent_method"],
                    given_at=data.get("consent_given_at") or now,
                )
        audit.record(audit.Action.CHANGE, locked, actor=actor, purpose="draft referral changed")
        if issue:
            issue_referral(actor, locked, now=now)
    referral.refresh_from_db()
    return referral


def delete_draft(actor, referral):
    """The sender throws away a draft that was never sent."""
    if Side.ISSUER not in sides(actor, referral):
        raise PermissionDenied
    if referral.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."), code="not_draft")
    with transaction.atomic():
        audit.record(
            audit.Action.DELETE,
            referral,
            actor=actor,
            fields=CLIENT_FIELDS,
            purpose="draft deleted by the sender",
        )
        referral.delete()


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
        # Written with the move: a rolled-back move notifies nobody (decision 0013).
        from .tasks import notify_status_change

        notify_status_change.enqueue(change.pk)
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


def agree_activity(actor, referral, note="", service=None, event=None):
    """The receiver and the client agreed on an activity: the service or event from the
    catalogue is recorded on the referral (for booking and for the numbers)."""
    if service is not None and event is not None:
        raise ValidationError(_("Choose one service or one event."), code="one_activity")
    return _move(
        actor,
        referral,
        Move.AGREE_ACTIVITY,
        side=_as_receiver(actor, referral),
        note=note,
        changes={"agreed_service": service, "agreed_event": event},
    )


def record_booking(actor, referral, now=None):
    """The receiver booked the agreed activity (a place, a ticket): stamped, no move."""
    _as_receiver(actor, referral)
    if referral.status not in {Status.ACTIVITY_AGREED, Status.ATTENDING}:
        raise TransitionNotAllowed(referral.status, "book", Side.RECEIVER)
    if not (referral.agreed_service_id or referral.agreed_event_id):
        raise ValidationError(_("Agree an activity from the catalogue first."), code="no_activity")
    Referral.objects.filter(pk=referral.pk).update(booked_at=now or timezone.now())
    referral.refresh_from_db()
    return referral


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
            "nudged_at": None,
        },
    )


# --- The client, with their referral's link -------------------------------------


def by_token(token):
    """The referral the link opens; any other code is as if it did not exist."""
    referral = (
        Referral.objects.select_related("referral_type", "issuing_unit", "receiving_unit")
        .filter(public_token=token)
        .exclude(status=Status.DRAFT)
        .first()
        if token
        else None
    )
    if referral is None:
        raise Http404
    return referral


def client_own_details(request, referral):
    """The client's own data for their referral page, logged as read by the link."""
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is None:
        return None
    audit.record(
        audit.Action.VIEW,
        client,
        request=request,
        actor=None,
        fields=CLIENT_FIELDS,
        purpose="client's own referral page",
    )
    return client


def client_export(request, referral):
    """Everything the referral holds about the client, as JSON-ready data."""
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is not None:
        audit.record(
            audit.Action.EXPORT,
            client,
            request=request,
            actor=None,
            fields=CLIENT_FIELDS,
            purpose="client downloaded their referral",
        )
    feedback = Feedback.objects.filter(referral=referral).first()
    return {
        "referral": {
            "type": referral.referral_type.name,
            "status": referral.status,
            "issued_at": referral.issued_at.isoformat() if referral.issued_at else None,
            "expires_at": referral.expires_at.isoformat() if referral.expires_at else None,
            "sent_by": str(referral.issuing_unit),
            "received_by": str(referral.receiving_unit or referral.receiving_service or ""),
            "reasons": referral.reasons,
            "reason_note": referral.reason_note,
            "needs": referral.needs,
            "needs_note": referral.needs_note,
            "interests": sorted(referral.interests.values_list("code", flat=True)),
            "language": referral.language.code if referral.language_id else None,
            "preferred_municipality": (
                referral.preferred_municipality.code if referral.preferred_municipality_id else None
            ),
            "suggested_services": list(referral.suggested_services.values_list("pk", flat=True)),
            "suggested_events": list(referral.suggested_events.values_list("pk", flat=True)),
            "agreed_service": referral.agreed_service_id,
            "agreed_event": referral.agreed_event_id,
            "personal_data_erased_at": (
                referral.personal_data_erased_at.isoformat()
                if referral.personal_data_erased_at
                else None
            ),
        },
        "client": (
            {
                "full_name": client.full_name,
                "birth_date": client.birth_date.isoformat() if client.birth_date else None,
                "phone": client.phone,
                "email": client.email,
                "contact_preference": client.contact_preference,
            }
            if client
            else None
        ),
        "consents": [
            {
                "shared": consent.shared,
                "with": str(consent.receiving_unit or consent.receiving_service or ""),
                "method": consent.method,
                "given_at": consent.given_at.isoformat(),
            }
            for consent in referral.consents.select_related("receiving_unit", "receiving_service")
        ],
        "status_changes": [
            {"from": change.from_status, "to": change.to_status, "at": change.at.isoformat()}
            for change in referral.status_changes.all()
        ],
        "contacts": [
            {"date": contact.date.isoformat(), "kind": contact.kind, "outcome": contact.outcome}
            for contact in referral.contacts.all()
        ],
        "feedback": (
            {"rating": feedback.rating, "comment": feedback.comment} if feedback else None
        ),
    }


def give_feedback(token, rating, comment=""):
    """The client's rating (1-5) and a short comment; giving it again replaces it."""
    referral = by_token(token)
    rating = int(rating)
    if rating not in Feedback.Rating.values:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")}, code="rating")
    feedback, _created = Feedback.objects.update_or_create(
        referral=referral,
        defaults={
            "rating": rating,
            "comment": "" if referral.personal_data_erased_at else comment.strip()[:500],
        },
    )
    return feedback


def reroute_with_consent(actor, referral, new_unit, *, method=None, note="", now=None):
    """Send the referral to ``new_unit``; for personal data the client's consent to
    that unit (how it was given) is recorded first, in the same transaction."""
    with transaction.atomic():
        if referral.referral_type.is_personal and method:
            shared = sorted(
                {code for consent in referral.consents.all() for code in consent.shared}
            ) or [SharedData.CONTACT_DETAILS]
            record_consent(actor, referral, shared=shared, method=method, with_unit=new_unit)
        return reroute(actor, referral, new_unit, note=note, now=now)


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
        Feedback.objects.filter(referral=referral).update(comment="")
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


# --- Asked for by the resident ----------------------------------------------------


def self_referral_types():
    return ReferralType.objects.filter(
        is_active=True,
        self_referral=True,
        kind=ReferralType.Kind.PERSONAL,
        receiver_kind=ReferralType.ReceiverKind.UNIT,
    ).select_related("county")


def unit_for_self_referral(municipality):
    """The culture-advice unit a resident of ``municipality`` asks: one in their own
    municipality if there is one, otherwise the county's first."""
    units = receiving_units(municipality.county)
    return units.filter(municipality=municipality).first() or units.first()


def request_culture_advice(
    request,
    *,
    municipality,
    client,
    shared,
    interests=(),
    language=None,
    needs=(),
    now=None,
):
    """A resident asks for a culture advisor on the public site.

    The request becomes a referral of the county's self-referral type, issued at once
    into the culture-advice unit's queue; the resident's own electronic consent is
    recorded first. The unit is its sender and receiver both."""
    now = now or timezone.now()
    referral_type = self_referral_types().filter(county=municipality.county).first()
    unit = unit_for_self_referral(municipality)
    if referral_type is None or unit is None:
        raise ValidationError(
            {"municipality": _("Culture advice cannot be asked for here yet in this area.")},
            code="no_culture_advice",
        )
    shared = _check_codes(shared, SharedData, "shared")
    if SharedData.CONTACT_DETAILS not in shared:
        raise ValidationError(
            {"shared": _("The culture advisor needs your contact details to reach you.")},
            code="consent_required",
        )
    needs = _check_codes(needs, Need, "needs")
    name = " ".join(client.get("full_name", "").split())
    if not name:
        raise ValidationError({"full_name": _("Write your name.")}, code="client_required")
    with transaction.atomic():
        referral = Referral.objects.create(
            referral_type=referral_type,
            county_id=referral_type.county_id,
            issuing_unit=unit,
            receiving_unit=unit,
            is_self_referral=True,
            language=language,
            needs=needs,
            preferred_municipality=municipality,
        )
        referral.interests.set(interests)
        details = {field: client[field] for field in CLIENT_FIELDS if field in client}
        details["full_name"] = name
        ReferralClient.objects.create(referral=referral, **details)
        Consent.objects.create(
            referral=referral,
            shared=shared,
            receiving_unit=unit,
            method=Consent.Method.ELECTRONIC,
            given_at=now,
        )
        audit.record(
            audit.Action.CREATE,
            referral,
            request=request,
            actor=None,
            purpose="resident asked for culture advice",
        )
        _move(
            None,
            referral,
            Move.ISSUE,
            side=Side.ISSUER,
            now=now,
            changes={
                "issued_at": now,
                "expires_at": now + timedelta(days=referral_type.expiry_days),
                "response_due_at": now + timedelta(days=referral_type.response_days),
            },
        )
    referral.refresh_from_db()
    return referral


# --- Scheduled work ---------------------------------------------------------------


def nudge_receivers(now=None, within=None):
    """Remind receiving units of referrals whose response deadline is near, once per
    deadline. Returns how many referrals were reminded of."""
    from . import notify

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


def delete_abandoned_drafts(now=None, after=None):
    """Delete drafts nobody sent within ``after`` (default ``REFERRAL_DRAFT_DAYS``):
    they never reached anyone, and the client's data should not linger."""
    now = now or timezone.now()
    if after is None:
        after = timedelta(days=settings.REFERRAL_DRAFT_DAYS)
    old = Referral.objects.filter(status=Status.DRAFT, created_at__lte=now - after).select_related(
        "issuing_unit"
    )
    deleted = 0
    for referral in old.order_by("pk").iterator():
        with transaction.atomic():
            audit.record(
                audit.Action.DELETE,
                target_type=Referral._meta.label_lower,
                target_id=referral.pk,
                target_organisation_id=referral.issuing_unit.organisation_id,
                fields=CLIENT_FIELDS,
                purpose="draft never sent",
            )
            referral.delete()
        deleted += 1
    return deleted
