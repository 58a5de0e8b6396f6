"""The client and their referral's link.

The client has no account: the long random code in their link is the key. The view
resolves the link once (:func:`by_token`, which never opens a draft) and these services
take the :class:`~..models.Referral` it found.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.core import audit

from ..models import Feedback, Referral, ReferralClient
from ..states import Status
from .access import CLIENT_FIELDS
from .loop import withdraw
from .retention import erase_personal_data


def by_token(token: str) -> Referral:
    """The referral the link opens; any other code (or a draft's) is as if it did not
    exist."""
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


def _clients_own_read(
    request: HttpRequest, referral: Referral, action: str, purpose: str
) -> ReferralClient | None:
    # The client reads their own data through the link: logged, with no account.
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is not None:
        audit.record(
            action, client, request=request, actor=None, fields=CLIENT_FIELDS, purpose=purpose
        )
    return client


def client_own_details(request: HttpRequest, referral: Referral) -> ReferralClient | None:
    """The client's own data for their referral page, logged as read by the link."""
    return _clients_own_read(request, referral, audit.Action.VIEW, "client's own referral page")


def client_export(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """Everything the referral holds about the client, as JSON-ready data."""
    client = _clients_own_read(
        request, referral, audit.Action.EXPORT, "client downloaded their referral"
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
            "language": referral.language.code if referral.language else None,
            "preferred_municipality": (
                referral.preferred_municipality.code if referral.preferred_municipality else None
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


def give_feedback(referral: Referral, rating: int | str, comment: str = "") -> Feedback:
    """The client's rating (1-5) and a short comment; giving it again replaces it."""
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


def withdraw_by_client(referral: Referral, now: datetime | None = None) -> Referral:
    """The client withdraws with their referral's link: the referral closes and their
    personal data are erased at once; the referral stays countable."""
    now = now or timezone.now()
    with transaction.atomic():
        withdraw(referral, now)
        erase_personal_data(referral, now, purpose="withdrawn by the client")
    referral.refresh_from_db()
    return referral
