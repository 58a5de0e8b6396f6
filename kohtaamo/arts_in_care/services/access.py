"""Who reaches an engagement, and which of its sides they act for.

Where an engagement belongs is declared once on the model
(:attr:`~kohtaamo.arts_in_care.models.Engagement.scope_paths`): its care unit (and
through it the county) and the artist's organisation. An artist's provider accounts
see only the engagements of their organisation; a unit's professionals only their
unit's; the county's coordinators every engagement in the county's care units.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kohtaamo.accounts.models import User

from ..models import Engagement
from ..states import Side

VIEW = "arts_in_care.view_engagement"
ADD = "arts_in_care.add_engagement"
AS_UNIT = "arts_in_care.act_for_unit"
AS_ARTIST = "arts_in_care.act_for_artist"
INVENTORY = "arts_in_care.view_inventory"

SIDE_PERMISSIONS = {Side.UNIT: AS_UNIT, Side.ARTIST: AS_ARTIST}


def sides(user: User | AnonymousUser, engagement: Engagement) -> set[str]:
    """The sides of ``engagement`` that ``user`` acts for (none, one, or both)."""
    return {
        side
        for side, perm in SIDE_PERMISSIONS.items()
        if user.has_perm(perm, engagement.side(side))
    }


def require_side(user: User, engagement: Engagement, side: str | None = None) -> str:
    """The side ``user`` acts for on ``engagement`` (``side`` when named), or refused.

    A person who holds both sides (a provider account that is also a professional of
    the unit) must name the side they act for."""
    held = sides(user, engagement)
    if side is not None:
        if Side(side) not in held:
            raise PermissionDenied
        return Side(side)
    if len(held) != 1:
        raise PermissionDenied
    return next(iter(held))


def visible_engagements(user: User | AnonymousUser) -> QuerySet[Engagement]:
    return Engagement.objects.reachable_by(user, VIEW).select_related(
        "care_unit__organisation", "artist", "county"
    )


def engagement_for(user: User | AnonymousUser, pk: int | str) -> Engagement:
    """One engagement ``user`` may see; any other is as if it did not exist."""
    engagement = visible_engagements(user).filter(pk=pk).first()
    if engagement is None:
        raise Http404
    return engagement
