"""What providers do with their catalogue content, beyond moving it between states
(which only :func:`kohtaamo.catalogue.services.change_status` does)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.forms import ModelForm
from django.utils import timezone

from kohtaamo.accounts.models import Organisation, User

from .models import Event, Place, ProviderProfile, Service
from .services import StrOrPromise, change_status, publish_problems_by_field
from .states import Move, Status

EDIT_PERMISSION = "catalogue.change_service"


class NotReadyToPublish(Exception):
    """Publishing (or keeping published) needs more: ``problems`` maps field -> what."""

    def __init__(self, problems: dict[str, StrOrPromise]) -> None:
        self.problems = problems
        super().__init__(", ".join(str(problem) for problem in problems.values()))


def provider_organisations(user: User) -> list[Organisation]:
    """The organisations whose catalogue content ``user`` keeps through a membership,
    for choosing between them. (An administrator may reach more; those are opened by
    id.)"""
    seen: dict[int, Organisation] = {}
    for membership in user.active_memberships():
        organisation = membership.organisation
        if organisation.pk not in seen and user.has_perm(EDIT_PERMISSION, organisation):
            seen[organisation.pk] = organisation
    return sorted(seen.values(), key=lambda organisation: organisation.name.casefold())


def organisation_for(user: User, organisation_id: str | int | None) -> Organisation | None:
    """The active organisation with ``organisation_id`` (as a URL or form sends it) if
    ``user`` keeps its content, else ``None`` (never telling whether it exists)."""
    if organisation_id is None:
        return None
    try:
        pk = int(organisation_id)
    except (TypeError, ValueError):
        return None
    organisation = (
        Organisation.objects.filter(pk=pk, is_active=True).select_related("county").first()
    )
    if organisation is None or not user.has_perm(EDIT_PERMISSION, organisation):
        return None
    return organisation


def save_offering(
    actor: User, form: ModelForm[Service] | ModelForm[Event], *, publish: bool = False
) -> Service | Event:
    """Save a service or event from its provider form, and publish it when asked.

    Published content must stay complete: a change that would leave it incomplete is
    refused whole, like publishing incomplete content, and nothing is saved. The
    caller shows :attr:`NotReadyToPublish.problems` next to the fields.
    """
    offering = form.instance
    adding = offering.pk is None
    action = "add" if adding else "change"
    if not actor.has_perm(f"catalogue.{action}_{offering._meta.model_name}", offering):
        raise PermissionDenied
    try:
        with transaction.atomic():
            offering = form.save()
            if publish or offering.status == Status.PUBLISHED:
                problems = publish_problems_by_field(offering)
                if problems:
                    raise NotReadyToPublish(problems)
            if publish and offering.status == Status.DRAFT:
                change_status(actor, offering, Move.PUBLISH)
    except Exception:
        if adding:
            # The row was rolled back; the form must not point at it any more.
            offering.pk = None
            offering._state.adding = True
        raise
    return offering


def save_place(actor: User, form: ModelForm[Place]) -> Place:
    place = form.instance
    action = "add" if place.pk is None else "change"
    if not actor.has_perm(f"catalogue.{action}_place", place):
        raise PermissionDenied
    return form.save()


def save_profile(actor: User, form: ModelForm[ProviderProfile]) -> ProviderProfile:
    profile = form.instance
    if not actor.has_perm("catalogue.change_providerprofile", profile):
        raise PermissionDenied
    return form.save()


def status_counts(queryset: QuerySet[Service] | QuerySet[Event]) -> list[dict[str, Any]]:
    """How many rows are in each publication state, in one query."""
    counts = queryset.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in Status}
    )
    return [{"status": status, "count": counts[status.value]} for status in Status]


def upcoming_first(events: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    """Coming events soonest first, then past ones latest first."""
    now = now or timezone.now()
    return events.annotate(
        is_past=Case(
            When(start__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by(
        "is_past",
        Case(When(start__gte=now, then=F("start"))).asc(nulls_last=True),
        F("start").desc(),
        "pk",
    )


def organisation_content(organisation: Organisation) -> dict[str, QuerySet[Any]]:
    """An organisation's services, events and places as the provider sees them."""
    return {
        "services": Service.objects.filter(organisation=organisation).order_by(
            "-updated_at", "-pk"
        ),
        "events": upcoming_first(
            Event.objects.filter(organisation=organisation).select_related(
                "service", "place", "municipality"
            )
        ),
        "places": Place.objects.filter(organisation=organisation)
        .select_related("municipality")
        .order_by("name_fi", "pk"),
    }


def removed_by_coordinator[O: Service | Event](queryset: QuerySet[O], limit: int = 20) -> list[O]:
    """Content a coordinator took off the public catalogue, with the reason, newest
    first; publishing again clears it."""
    return list(
        queryset.exclude(moderation_reason="")
        .filter(status=Status.DRAFT)
        .order_by("-moderated_at", "-pk")[:limit]
    )
