"""Who is who on a referral, and what each may read.

Who reaches a referral at all is declared once, on the model
(:attr:`~kohtaamo.referrals.models.Referral.scope_paths`): the sending unit, and once it
is sent the receiving unit (or the organisation behind a named service). Which side a
person acts for comes from the same declaration through the permission helper.

A client's personal data are read only through :func:`client_details`, which writes
the audit log.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404, HttpRequest

from kohtaamo.accounts.models import Membership, Unit, User
from kohtaamo.accounts.permissions import REFERRAL_STAFF
from kohtaamo.core import audit
from kohtaamo.core.models import County

from ..models import ContactLog, Feedback, Referral, ReferralClient, ReferralType, StatusChange
from ..states import Side, Status

VIEW = "referrals.view_referral"
ADD = "referrals.add_referral"
AS_ISSUER = "referrals.act_as_issuer"
AS_RECEIVER = "referrals.act_as_receiver"
VIEW_CONTACTS = "referrals.view_contactlog"

CLIENT_FIELDS = ("full_name", "birth_date", "phone", "email", "contact_preference")

# The kind of unit that receives referrals (culture advice or link work); every other
# kind only sends them.
RECEIVING_KIND = Unit.Kind.CULTURE_ADVICE

# Fewer ratings than this are not summarised: one client's rating could be told apart.
FEEDBACK_MIN_COUNT = 5


def sides(user: User, referral: Referral) -> set[str]:
    """The sides of ``referral`` that ``user`` acts for (may be both, or none)."""
    held: set[str] = set()
    if user.has_perm(AS_ISSUER, referral.issuing_side):
        held.add(Side.ISSUER)
    if referral.has_receiver and user.has_perm(AS_RECEIVER, referral.receiving_side):
        held.add(Side.RECEIVER)
    return held


def require_side(user: User, referral: Referral, side: str) -> str:
    """``side``, if ``user`` acts for it on ``referral``; otherwise refused."""
    if side not in sides(user, referral):
        raise PermissionDenied
    return side


def visible_referrals(user: User | AnonymousUser) -> QuerySet[Referral]:
    """The referrals ``user`` may see: those their unit sent or received."""
    return Referral.objects.reachable_by(user, VIEW)


def referral_for(user: User, pk: int | str) -> Referral:
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


def client_details(request: HttpRequest, referral: Referral, purpose: str) -> ReferralClient | None:
    """The client's personal data, with the read written to the audit log.

    None for an anonymous prescription or once the data have been erased."""
    if not request.user.has_perm(VIEW, referral):
        raise PermissionDenied
    client = ReferralClient.objects.filter(referral=referral).first()
    if client is None:
        return None
    return audit.read(request, client, fields=CLIENT_FIELDS, purpose=purpose)


def status_history(user: User, referral: Referral) -> list[StatusChange]:
    """The stamped moves; the receiver's notes only for the receiving side."""
    if not user.has_perm(VIEW, referral):
        raise PermissionDenied
    changes = list(referral.status_changes.select_related("actor"))
    if Side.RECEIVER not in sides(user, referral):
        for change in changes:
            change.receiver_note = ""
    return changes


def contact_log(user: User, referral: Referral) -> list[ContactLog]:
    """Contacts and meetings: the receiving side's working record, theirs alone."""
    if not user.has_perm(VIEW_CONTACTS, referral.receiving_side):
        raise PermissionDenied
    return list(referral.contacts.all())


def feedback_summary(referrals: QuerySet[Referral]) -> dict[str, Any] | None:
    """How many clients rated ``referrals`` and their average rating, or None when too
    few did for the summary to stay anonymous."""
    summary = Feedback.objects.filter(referral__in=referrals).aggregate(
        count=Count("pk"), average=Avg("rating")
    )
    if summary["count"] < FEEDBACK_MIN_COUNT:
        return None
    return {"count": summary["count"], "average": round(summary["average"], 1)}


def issuing_units(user: User | AnonymousUser) -> list[Unit]:
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
    units = [m.unit for m in memberships if m.unit is not None and m.unit.is_active]
    return [unit for unit in dict.fromkeys(units) if user.has_perm(ADD, unit)]


def receives_referrals(unit: Unit) -> bool:
    """Whether ``unit`` receives referrals (:data:`RECEIVING_KIND`)."""
    return unit.kind == RECEIVING_KIND


def only_receives(units: Sequence[Unit]) -> bool:
    """Whether a person who may write for ``units`` (their :func:`issuing_units`) is a
    receiver rather than a sender: every one of the units receives referrals, so their
    work is the queue. No units: no."""
    return bool(units) and all(receives_referrals(unit) for unit in units)


def referral_types_for(unit: Unit) -> QuerySet[ReferralType]:
    """The referral types in use in ``unit``'s county (none outside every county)."""
    county_id = unit.organisation.county_id
    if county_id is None:
        return ReferralType.objects.none()
    return ReferralType.objects.filter(county_id=county_id, is_active=True)


def receiving_units(county: County, exclude: Unit | None = None) -> QuerySet[Unit]:
    """Culture-advice and link-work units in ``county`` that can receive a referral."""
    units = Unit.objects.filter(
        kind=RECEIVING_KIND, is_active=True, organisation__county=county
    ).select_related("organisation")
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    return units.order_by("name_fi")


def _unit_ids(user: User) -> list[int]:
    return list(
        Membership.objects.filter(
            user=user, is_active=True, role__in=REFERRAL_STAFF, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )


def sent_by_units_of(user: User) -> QuerySet[Referral]:
    """Referrals written in ``user``'s units, newest first (self-referrals excluded)."""
    return (
        visible_referrals(user)
        .filter(issuing_unit_id__in=_unit_ids(user), is_self_referral=False)
        .select_related("referral_type", "receiving_unit", "receiving_service")
        .order_by("-created_at")
    )


def received_by_units_of(user: User) -> QuerySet[Referral]:
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


def find_possible_duplicates(
    request: HttpRequest, county: County, full_name: str, birth_date: date
) -> list[Referral]:
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
