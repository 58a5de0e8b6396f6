"""Programme set-up by coordinators: which municipalities and distributors take part."""

from datetime import date

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
    _require(actor, "cards.change_programme", programme)
    if municipality.county_id != programme.county_id:
        raise NotEligible(_("The municipality is not in this programme's county."))
    return ProgrammeMunicipality.objects.create(
        programme=programme,
        municipality=municipality,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolled_by=actor,
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
    _require(actor, "cards.change_programme", programme)
    if unit is not None and unit.organisation_id != organisation.pk:
        raise NotEligible(_("The unit belongs to another organisation."))
    return Distributor.objects.create(
        programme=programme,
        organisation=organisation,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolled_by=actor,
    )
