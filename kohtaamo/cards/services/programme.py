"""Programme set-up by coordinators: which municipalities and distributors take part."""

from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kohtaamo.accounts.models import Organisation, Unit, User
from kohtaamo.core.models import Municipality

from ..models import Distributor, Programme, ProgrammeMunicipality
from .errors import NotEligible, _require


def enrol_municipality(
    actor: User,
    programme: Programme,
    municipality: Municipality,
    starts_on: date,
    ends_on: date | None = None,
) -> ProgrammeMunicipality:
    elsewhere = municipality.county_id != programme.county_id
    refusal = _("The municipality is not in this programme's county.") if elsewhere else None
    return _enrol(
        ProgrammeMunicipality,
        actor,
        programme,
        refusal,
        municipality=municipality,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def enrol_distributor(
    actor: User,
    programme: Programme,
    organisation: Organisation,
    unit: Unit | None = None,
    *,
    starts_on: date,
    ends_on: date | None = None,
) -> Distributor:
    elsewhere = unit is not None and unit.organisation_id != organisation.pk
    refusal = _("The unit belongs to another organisation.") if elsewhere else None
    return _enrol(
        Distributor,
        actor,
        programme,
        refusal,
        organisation=organisation,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _enrol[M: (ProgrammeMunicipality, Distributor)](
    model: type[M], actor: User, programme: Programme, refusal: Promise | None, **fields: Any
) -> M:
    """One more participant of ``programme``, enrolled by ``actor`` (who must be allowed
    to change the programme); ``refusal`` says why this one is not eligible."""
    _require(actor, "cards.change_programme", programme)
    if refusal is not None:
        raise NotEligible(refusal)
    return model.objects.create(programme=programme, enrolled_by=actor, **fields)
