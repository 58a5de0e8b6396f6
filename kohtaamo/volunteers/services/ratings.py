"""The client's rating of a visit with a volunteer, from their referral or card page.

The client has no account: the page's secret link found the referral or the card, and
the caller checked that the request was made from it. A rating can be changed while the
page is open to the client; it is kept with the assignment for the coordinator's view
and, without the comment, for the numbers.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Assignment, HelpRequest
from ..states import OPEN_STATES, RequestStatus


def rateable(requests: QuerySet[HelpRequest]) -> list[Assignment]:
    """The visits of ``requests`` that took place, for the client to rate."""
    return list(
        Assignment.objects.filter(
            request__in=requests,
            request__status=RequestStatus.TOOK_PLACE,
            took_place=True,
        )
        .select_related("request")
        .order_by("-starts_at")
    )


def rate_visit(assignment: Assignment, rating: int, comment: str = "") -> Assignment:
    if assignment.request.status != RequestStatus.TOOK_PLACE or not assignment.took_place:
        raise ValidationError(_("Only a visit that took place can be rated."), code="not_yet")
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Choose from 1 to 5.")}, code="rating")
    if assignment.request.personal_data_erased_at is not None:
        comment = ""
    Assignment.objects.filter(pk=assignment.pk).update(
        client_rating=int(rating), client_comment=(comment or "").strip()[:500]
    )
    assignment.refresh_from_db()
    return assignment


@dataclass(frozen=True)
class ClientVisit:
    """A companion request as its client sees it on their own page."""

    request: HelpRequest
    state: str
    # The visit that took place, for the client to rate; None before it (or if it did not).
    visit: Assignment | None


def client_visits(requests: QuerySet[HelpRequest]) -> list[ClientVisit]:
    """The requests made for a client (from their referral or booking), newest first,
    with their state in the client's words: waiting, found, confirmed, took place..."""
    found = list(requests.select_related("programme").order_by("-starts_at"))
    rated = {a.request_id: a for a in rateable(requests)}
    return [
        ClientVisit(
            request=request,
            state=str(
                RequestStatus(
                    RequestStatus.REQUESTED if request.status in OPEN_STATES else request.status
                ).label
            ),
            visit=rated.get(request.pk),
        )
        for request in found
    ]
