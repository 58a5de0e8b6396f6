"""Favourites: each person's own, found through their owner."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from kohtaamo.accounts.models import User
from kohtaamo.catalogue.models import Event, Service

from ..models import Favourite

# --------------------------------------------------------------------------------------
# Favourites
# --------------------------------------------------------------------------------------


def favourite_keys(user: User) -> set[tuple[str, int | None]]:
    """{("service", id), ("event", id), ...} that ``user`` has saved."""
    keys: set[tuple[str, int | None]] = set()
    for service_id, event_id in Favourite.objects.filter(user=user).values_list(
        "service_id", "event_id"
    ):
        keys.add(("service", service_id) if service_id else ("event", event_id))
    return keys


def toggle_favourite(user: User, offering: Service | Event) -> bool:
    """Save ``offering`` as ``user``'s favourite, or remove it if it already is one.
    Returns whether it is a favourite now."""
    field = "event" if offering._meta.model_name == "event" else "service"
    deleted, _ = Favourite.objects.filter(user=user, **{field: offering}).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(user=user, **{field: offering})
    except IntegrityError:
        # A double click saved it already: saved is what the person asked for.
        pass
    return True


def remove_favourite(user: User, pk: int | str) -> None:
    deleted, _ = Favourite.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise Http404


def favourites_of(user: User) -> QuerySet[Favourite]:
    """The user's favourites, newest first, with what the list shows."""
    return Favourite.objects.filter(user=user).select_related(
        "service__organisation",
        "event__organisation",
        "event__service",
    )
