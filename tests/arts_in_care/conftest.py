"""A North Savo care unit, an artist in Kuopio and the people on both sides."""

from datetime import date, timedelta

import pytest

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.arts_in_care.models import Setting
from kohtaamo.arts_in_care.services import engagements
from kohtaamo.arts_in_care.services.engagements import Terms
from kohtaamo.arts_in_care.states import Side
from tests import factories

TODAY = date(2026, 12, 6)


@pytest.fixture
def places():
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, "297", name_fi="Pohjois-Savon hyvinvointialue"
    )
    day_centre = factories.unit(county_org, name_fi="Päivätoiminta", kind=Unit.Kind.OLDER_PEOPLE)
    other_unit = factories.unit(county_org, name_fi="Osasto 3")
    artist = factories.organisation(Organisation.Kind.ARTIST, "297", name_fi="Laulaja Oy")
    other_artist = factories.organisation(Organisation.Kind.ARTIST, "297", name_fi="Maalari")
    pirkanmaa_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, "837", name_fi="Pirkanmaan hyvinvointialue"
    )
    return {
        "county_org": county_org,
        "unit": day_centre,
        "other_unit": other_unit,
        "artist": artist,
        "other_artist": other_artist,
        "pirkanmaa_org": pirkanmaa_org,
    }


@pytest.fixture
def people(places):
    return {
        "lead": factories.member(Role.PROFESSIONAL, unit=places["unit"]),
        "other_lead": factories.member(Role.PROFESSIONAL, unit=places["other_unit"]),
        "artist": factories.member(Role.PROVIDER, organisation=places["artist"]),
        "other_artist": factories.member(Role.PROVIDER, organisation=places["other_artist"]),
        "coordinator": factories.member(Role.COORDINATOR, organisation=places["county_org"]),
        "pirkanmaa_coordinator": factories.member(
            Role.COORDINATOR, organisation=places["pirkanmaa_org"]
        ),
        "resident": factories.user(),
    }


def terms(**changes):
    values = {
        "name": "Laulupaja päiväryhmässä",
        "setting": Setting.DAY_GROUP,
        "starts_on": TODAY - timedelta(days=30),
        "ends_on": TODAY + timedelta(days=120),
        "planned_sessions": 20,
        "care_workers": "Hoitaja Yksi, Hoitaja Kaksi",
        "goals": ["interaction", "mood"],
    }
    values.update(changes)
    return Terms(**values)


def proposed(places, people, **changes):
    return engagements.propose_engagement(
        people["lead"],
        side=Side.UNIT,
        care_unit=places["unit"],
        artist=places["artist"],
        terms=terms(**changes),
    )


def agreed(places, people, **changes):
    engagement = proposed(places, people, **changes)
    return engagements.move(people["artist"], engagement, "agree")


@pytest.fixture
def engagement(places, people):
    return agreed(places, people)
