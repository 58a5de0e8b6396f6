"""How long a client's personal data are kept, and their erasure.

Personal data are erased only through :func:`erase_personal_data`: on withdrawal, a
retention period after the loop closed, or with a draft nobody sent. The referral, its
consent record and its status trail stay as anonymous statistics.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kohtaamo.core import audit

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
        _audit_gone(referral, audit.Action.ERASE, purpose)


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
            referral.delete()
        deleted += 1
    return deleted
