"""Programme set-up by coordinators: which municipalities and distributors take part."""

from django.utils.translation import gettext_lazy as _

from ..models import Distributor, ProgrammeMunicipality
from .errors import NotEligible, _require


def enrol_municipality(actor, programme, municipality, starts_on, ends_on=None):
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


def enrol_distributor(actor, programme, organisation, unit=None, *, starts_on, ends_on=None):
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
