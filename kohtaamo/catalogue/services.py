"""Business actions on catalogue content. Views call these; nothing else changes status."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import User

from .models import Event, Service
from .states import MOVE_PERMISSION, Move, Status, next_status

# A text shown to a person: a string or a lazy translation.
type StrOrPromise = str | Promise


def publish_problems(offering: Service | Event) -> list[StrOrPromise]:
    """What is missing before ``offering`` can be shown in the public catalogue."""
    return list(publish_problems_by_field(offering).values())


def publish_problems_by_field(offering: Service | Event) -> dict[str, StrOrPromise]:
    """The same as :func:`publish_problems`, keyed by the field where each is fixed, so a
    form can say what is missing next to the place to fill it in."""
    problems: dict[str, StrOrPromise] = {}
    if not (offering.name_fi or offering.name_sv or offering.name_en):
        problems["name_fi"] = _("a name in at least one language")
    if not (offering.summary_fi or offering.summary_sv or offering.summary_en):
        problems["summary_fi"] = _("a short summary in at least one language")
    if offering.pk and not offering.steps.exists():
        problems["steps"] = _("at least one step of cultural wellbeing")
    if (
        isinstance(offering, Service)
        and offering.pk
        and not (offering.municipalities.exists() or offering.places.exists())
    ):
        problems["municipalities"] = _("the municipalities served or a place")
    if isinstance(offering, Event) and offering.municipality_id is None:
        problems["municipality"] = _("a place or a municipality")
    if not offering.is_free and not (offering.price_fi or offering.price_sv or offering.price_en):
        problems["price_fi"] = _("the price, or a mark that it is free")
    return problems


def change_status[O: Service | Event](actor: User, offering: O, move: str, reason: str = "") -> O:
    """Move ``offering`` along the publication state table on behalf of ``actor``."""
    move = Move(move)
    perm = f"catalogue.{MOVE_PERMISSION[move]}_{offering._meta.model_name}"
    if not actor.has_perm(perm, offering):
        raise PermissionDenied
    reason = reason.strip()
    if move == Move.MODERATE and not reason:
        raise ValidationError(
            {"reason": _("Tell the provider why the content is removed.")}, code="reason"
        )
    with transaction.atomic():
        locked = type(offering).objects.select_for_update().get(pk=offering.pk)
        new_status = next_status(locked.status, move)
        if move == Move.PUBLISH:
            problems = publish_problems(locked)
            if problems:
                raise ValidationError(
                    _("Before publishing, add: %(missing)s.")
                    % {"missing": ", ".join(str(p) for p in problems)},
                    code="incomplete",
                )
            locked.published_at = timezone.now()
            locked.moderation_reason = ""
            locked.moderated_by = None
            locked.moderated_at = None
        if move == Move.MODERATE:
            locked.moderation_reason = reason
            locked.moderated_by = actor
            locked.moderated_at = timezone.now()
        locked.status = new_status
        locked.save()
    offering.refresh_from_db()
    return offering


def published[O: (Service, Event)](model: type[O]) -> QuerySet[O]:
    """Content the public may see."""
    return model.objects.filter(status=Status.PUBLISHED)
