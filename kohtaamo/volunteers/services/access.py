"""Who is a volunteer, what they may read of a client, and the erasure of it.

A volunteer reads a request's client data (first name or alias, meeting point, needs,
and the phone only when the client agreed) while they hold the assignment and for 30
days after it ended, never the referral behind it. Every such read goes to the audit
log through :func:`read_request_for_volunteer`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kohtaamo.accounts.models import User
from kohtaamo.core import audit

from ..models import Assignment, HelpRequest, Programme, Volunteer
from ..states import VolunteerStatus

READ_AFTER = timedelta(days=30)
CLIENT_FIELDS = ("client_alias", "client_phone", "meeting_point", "needs", "needs_note")


def volunteer_for(user: User | None, programme: Programme | None = None) -> Volunteer | None:
    """The user's volunteer record (in ``programme``, or the first active one)."""
    if user is None or not user.is_authenticated:
        return None
    found = Volunteer.objects.filter(
        user=user, status__in=[VolunteerStatus.APPROVED, VolunteerStatus.PAUSED]
    ).select_related("programme")
    if programme is not None:
        found = found.filter(programme=programme)
    return found.order_by("status", "pk").first()


def volunteers_of(user: User | None) -> list[Volunteer]:
    """Every programme the user volunteers in (most people have one)."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Volunteer.objects.filter(
            user=user, status__in=[VolunteerStatus.APPROVED, VolunteerStatus.PAUSED]
        ).select_related("programme")
    )


def assignments_of(volunteer: Volunteer) -> QuerySet[Assignment]:
    """The volunteer's assignments, soonest first (released ones too, for the history)."""
    return (
        Assignment.objects.filter(volunteer=volunteer)
        .select_related("request__municipality", "request__event", "request__place")
        .order_by("starts_at", "pk")
    )


def readable_until(assignment: Assignment) -> datetime:
    """While assigned, and 30 days after the visit (or after stepping back)."""
    end = assignment.request.ends_at
    if not assignment.is_active and assignment.ended_at is not None:
        end = min(end, assignment.ended_at)
    return end + READ_AFTER


def can_read_assignment(
    user: User | None, assignment: Assignment, now: datetime | None = None
) -> bool:
    now = now or timezone.now()
    if user is None or not user.is_authenticated:
        return False
    if assignment.volunteer.user_id != user.pk:
        return False
    return now <= readable_until(assignment)


@dataclass(frozen=True)
class ClientView:
    """What the volunteer sees of the client and the visit."""

    alias: str
    meeting_point: str
    needs: list[str]
    needs_note: str
    phone: str
    people: int
    erased: bool


def read_request_for_volunteer(
    user: User,
    assignment: Assignment,
    *,
    now: datetime | None = None,
    http_request: HttpRequest | None = None,
) -> ClientView:
    """The client data of ``assignment`` for its volunteer; logged in the audit log."""
    now = now or timezone.now()
    if not can_read_assignment(user, assignment, now):
        raise PermissionDenied
    request = assignment.request
    phone = request.client_phone if request.client_agreed_to_share_phone else ""
    fields = [name for name in CLIENT_FIELDS if name != "client_phone" or phone]
    audit.record(
        audit.Action.VIEW,
        request,
        request=http_request,
        actor=user,
        fields=fields,
        purpose="volunteer assignment",
    )
    return ClientView(
        alias=request.client_alias,
        meeting_point=request.meeting_point,
        needs=list(request.needs or ()),
        needs_note=request.needs_note,
        phone=phone,
        people=request.people,
        erased=request.personal_data_erased_at is not None,
    )


def erase_personal_data(request: HelpRequest, *, now: datetime | None = None) -> HelpRequest:
    """Clear what identifies the client, with the referral's retention or erasure: the
    alias, phone, needs note, meeting point, contact e-mail and the free text of the
    reports. The numbers (time, people, minutes) stay for the statistics."""
    now = now or timezone.now()
    with transaction.atomic():
        HelpRequest.objects.filter(pk=request.pk).update(
            client_alias="",
            client_phone="",
            client_agreed_to_share_phone=False,
            needs_note="",
            meeting_point="",
            contact_email="",
            cancel_reason="",
            personal_data_erased_at=now,
        )
        Assignment.objects.filter(request_id=request.pk).update(
            report_note="", client_comment="", what_was_done=""
        )
        audit.record(
            audit.Action.ERASE,
            request,
            fields=(*CLIENT_FIELDS, "contact_email"),
            purpose="retention",
        )
    request.refresh_from_db()
    return request


def erase_for_referral(referral_id: int, *, now: datetime | None = None) -> int:
    """Erase the client data of every request made from one referral."""
    erased = 0
    for request in HelpRequest.objects.filter(
        referral_id=referral_id, personal_data_erased_at__isnull=True
    ):
        erase_personal_data(request, now=now)
        erased += 1
    return erased
