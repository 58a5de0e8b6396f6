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

from kohtaamo.core import audit, ratelimit

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


# The paper alone opens what was suggested, feedback and withdrawal; the client's name,
# contact details and reasons need also their year of birth (docs/decisions/0039).
# Wrong years are counted per referral and per address, so the year cannot be guessed
# by trying them all.
UNLOCK_TRIES = 5
UNLOCK_WINDOW = 60 * 60


def can_unlock(referral: Referral) -> bool:
    """Whether the client's personal data can be opened with a year of birth."""
    return ReferralClient.objects.filter(referral=referral, birth_date__isnull=False).exists()


def unlock_personal_data(referral: Referral, birth_year: int, address: str) -> None:
    """Check the client's year of birth, the second thing beside the link that opens
    their personal data. Raises ValidationError on a wrong year or too many tries."""
    names = (f"referral-unlock:{referral.pk}", f"referral-unlock-from:{address}")
    if not all(ratelimit.peek(name, UNLOCK_TRIES, UNLOCK_WINDOW).allowed for name in names):
        raise ValidationError(
            {"birth_year": _("Too many wrong tries. Try again in an hour.")}, code="too_many"
        )
    born = (
        ReferralClient.objects.filter(referral=referral)
        .values_list("birth_date", flat=True)
        .first()
    )
    if born is None or born.year != birth_year:
        for name in names:
            ratelimit.hit(name, UNLOCK_TRIES, UNLOCK_WINDOW)
        raise ValidationError(
            {"birth_year": _("This is not the year of birth on the referral.")}, code="wrong"
        )


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
