"""What the coordinator keeps on a volunteer's profile beside the services' own
actions: the date the volunteer agreement was signed (the document stays on paper)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User

from .models import Volunteer
from .services.applications import is_coordinator_of


def record_agreement(
    volunteer: Volunteer, *, signed_on: date | None, by: User, today: date | None = None
) -> Volunteer:
    """Save (or clear) the day the volunteer agreement was signed."""
    today = today or timezone.localdate()
    if not is_coordinator_of(by, volunteer.programme):
        raise PermissionDenied
    if signed_on is not None and signed_on > today:
        raise ValidationError(
            {"agreement_signed_on": _("The date cannot be in the future.")}, code="future"
        )
    Volunteer.objects.filter(pk=volunteer.pk).update(agreement_signed_on=signed_on)
    volunteer.refresh_from_db()
    return volunteer
