"""How long a client's personal data are kept, and their erasure.

Personal data are erased only through :func:`erase_personal_data`: on withdrawal, a
retention period after the loop closed, or with a draft nobody sent. The referral, its
consent record and its status trail stay as anonymous statistics. A companion request
made from the referral loses its client data with it (the volunteers services erase
them; its times and counts stay for the volunteer numbers).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kohtaamo.core import audit
from kohtaamo.volunteers import services as volunteers
from kohtaamo.volunteers.models import HelpRequest
from kohtaamo.volunteers.states import CLOSED_STATES, CancelledBy

from ..models import ContactLog, Feedback, Referral, ReferralClient, StatusChange
from ..states import CLOSED, Status
from .access import CLIENT_FIELDS


def erase_personal_data(referral: Referral, now: datetime, purpose: str) -> None:
    """Delete the client row and the free texts that may name or describe them."""
    with transaction.atomic():
        ReferralClient.objects.filter(referral=referral).delete()
        Referral.objects.filter(pk=referral.pk).update(
            reason_note="", needs_note="", personal_data_erased_at=now
        )
        ContactLog.objects.filter(referral=referral).update(outcome="")
        StatusChange.objects.filter(referral=referral).update(receiver_note="")
        Feedback.objects.filter(referral=referral).update(comment="")
        # A volunteer companion asked for from the referral: a coming visit is off, and
        # the request's client data go too.
        _cancel_coming_companions(referral, now)
        volunteers.erase_for_referral(referral.pk, now=now)
        _audit_gone(referral, audit.Action.ERASE, purpose)


def _cancel_coming_companions(referral: Referral, now: datetime) -> None:
    coming = HelpRequest.objects.filter(referral=referral, starts_at__gt=now).exclude(
        status__in=CLOSED_STATES
    )
    for request in coming:
        volunteers.cancel(
            request,
            by=None,
            cancelled_by=CancelledBy.CLIENT,
            reason=gettext("The client's referral was withdrawn."),
            now=now,
            as_client=True,
        )


def _audit_gone(referral: Referral, action: str, purpose: str) -> None:
    # The row may be gone after this: the event names it by type and id.
    audit.record(
        action,
        target_type=Referral._meta.label_lower,
        target_id=referral.pk,
        target_organisation_id=referral.issuing_unit.organisation_id,
        fields=CLIENT_FIELDS,
        purpose=purpose,
    )


def erase_closed_personal_data(now: datetime | None = None, after: timedelta | None = None) -> int:
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
        erase_personal_data(referral, now, purpose="retention period ended")
        erased += 1
    return erased


def delete_abandoned_drafts(now: datetime | None = None, after: timedelta | None = None) -> int:
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
            _audit_gone(referral, audit.Action.DELETE, "draft never sent")
            volunteers.erase_for_referral(referral.pk, now=now)
            referral.delete()
        deleted += 1
    return deleted
