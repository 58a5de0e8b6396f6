"""A resident asks for a culture advisor on the public site.

The request is a :class:`~.drafting.Draft` like any other referral, checked the same
way, of the county's self-referral type; it is sent at once into the culture-advice
unit's queue, the unit being its sender and receiver both.
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.accounts.models import Unit
from kohtaamo.core import audit
from kohtaamo.core.models import ArtForm, Language, Municipality

from ..models import Consent, Referral, ReferralType, SharedData
from .access import receiving_units
from .codes import check_codes
from .drafting import Draft
from .loop import issue_self_referral


def self_referral_types() -> QuerySet[ReferralType]:
    return ReferralType.objects.filter(
        is_active=True,
        self_referral=True,
        kind=ReferralType.Kind.PERSONAL,
        receiver_kind=ReferralType.ReceiverKind.UNIT,
    ).select_related("county")


def unit_for_self_referral(municipality: Municipality) -> Unit | None:
    """The culture-advice unit a resident of ``municipality`` asks: one in their own
    municipality if there is one, otherwise the county's first."""
    units = receiving_units(municipality.county)
    return units.filter(municipality=municipality).first() or units.first()


def request_culture_advice(
    request: HttpRequest,
    *,
    municipality: Municipality,
    client: dict[str, Any],
    shared: Iterable[str],
    interests: Iterable[ArtForm] = (),
    language: Language | None = None,
    needs: Sequence[str] = (),
    now: datetime | None = None,
) -> Referral:
    """The resident's request becomes a referral of the county's self-referral type,
    issued at once; the resident's own electronic consent is recorded first."""
    now = now or timezone.now()
    referral_type = self_referral_types().filter(county=municipality.county).first()
    unit = unit_for_self_referral(municipality)
    if referral_type is None or unit is None:
        raise ValidationError(
            {"municipality": _("Culture advice cannot be asked for here yet in this area.")},
            code="no_culture_advice",
        )
    shared = check_codes(shared, SharedData, "shared")
    if SharedData.CONTACT_DETAILS not in shared:
        raise ValidationError(
            {"shared": _("The culture advisor needs your contact details to reach you.")},
            code="consent_required",
        )
    if not " ".join((client.get("full_name") or "").split()):
        # In the resident's own words, next to the field they fill in.
        raise ValidationError({"full_name": _("Write your name.")}, code="client_required")
    draft = Draft(referral_type, unit, unit, interests=interests, language=language, needs=needs)
    draft = replace(draft, preferred_municipality=municipality, client=client).check()
    with transaction.atomic():
        referral = draft.create(is_self_referral=True)
        Consent.objects.create(
            referral=referral,
            shared=shared,
            receiving_unit=unit,
            method=Consent.Method.ELECTRONIC,
            given_at=now,
        )
        purpose = "resident asked for culture advice"
        audit.record(audit.Action.CREATE, referral, request=request, actor=None, purpose=purpose)
        issue_self_referral(referral, now)
    referral.refresh_from_db()
    return referral
