"""The client's consent to share their data with a receiver, recorded as it was given.

A referral carrying personal data goes to a receiver only with the client's recorded
consent to that receiver (:func:`has_consent_for`, asked when it is sent or rerouted).
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit, User
from kohtaamo.catalogue.models import Service

from ..models import Consent, Referral, SharedData
from ..states import OPEN, Status
from .access import sides
from .codes import check_codes


def record_consent(
    actor: User,
    referral: Referral,
    *,
    shared: Iterable[str],
    method: str,
    given_at: datetime | None = None,
    with_unit: Unit | None = None,
) -> Consent:
    """Record the client's consent to share ``shared`` with the current receiver, or
    with ``with_unit`` before the referral is sent there."""
    if not sides(actor, referral):
        raise PermissionDenied
    # A declined referral is closed, but its sender may still send it elsewhere.
    if referral.status not in OPEN | {Status.DRAFT, Status.DECLINED}:
        raise ValidationError(_("This referral is closed."), code="closed")
    shared = check_codes(shared, SharedData, "shared")
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


def has_consent_for(
    referral: Referral, unit: Unit | None = None, service: Service | None = None
) -> bool:
    return referral.consents.filter(receiving_unit=unit, receiving_service=service).exists()


def shared_so_far(referral: Referral) -> list[str]:
    """What the client has agreed to share with any receiver (contact details at least)."""
    return sorted({code for consent in referral.consents.all() for code in consent.shared}) or [
        SharedData.CONTACT_DETAILS
    ]
