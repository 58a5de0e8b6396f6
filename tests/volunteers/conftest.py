"""A Kuopio library's culture-guide programme, its coordinator and volunteers.

Times are fixed: NOW is Monday 1 March 2027 at 9.00 in Helsinki, and the usual request
is on Wednesday 10 March from 14 to 16."""

import datetime
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from kohtaamo.accounts.roles import Role
from kohtaamo.core.models import ArtForm, Language
from kohtaamo.notifications import backends
from kohtaamo.volunteers.models import (
    HelpRequest,
    Programme,
    Training,
    Volunteer,
    WeeklyAvailability,
)
from kohtaamo.volunteers.states import VolunteerStatus
from tests import factories

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=HELSINKI)
START = datetime.datetime(2027, 3, 10, 14, 0, tzinfo=HELSINKI)  # a Wednesday
WEDNESDAY = 2


@pytest.fixture(autouse=True)
def _outboxes(settings):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    settings.KOHTAAMO_PUBLIC_URL = "https://kohtaamo.example"
    backends.outbox.clear()
    mail.outbox.clear()
    yield
    backends.outbox.clear()


@pytest.fixture
def sms():
    return backends.outbox


@pytest.fixture
def library(db):
    return factories.organisation(name_fi="Kuopion kaupunginkirjasto")


@pytest.fixture
def programme(library):
    programme = Programme.objects.create(
        organisation=library,
        slug="kuopion-luotsit",
        name_fi="Kuopion kulttuuriluotsit",
        email="luotsit@kirjasto.example",
        help_kinds=["accompany", "group_visit", "culture_walk"],
    )
    programme.municipalities.set([factories.municipality("297")])
    return programme


@pytest.fixture
def coordinator(library):
    return factories.member(Role.VOLUNTEER_COORDINATOR, organisation=library)


@pytest.fixture
def nurse(db):
    county = factories.organisation(name_fi="Pohjois-Savon hyvinvointialue")
    unit = factories.unit(county, name_fi="Kuopion terveysasema")
    person = factories.member(Role.PROFESSIONAL, unit=unit)
    person.test_unit = unit
    return person


def language(code):
    return Language.objects.get(code=code)


def art_form(index=0):
    return ArtForm.objects.order_by("pk")[index]


@pytest.fixture
def make_volunteer(programme):
    count = [0]

    def make(
        *,
        status=VolunteerStatus.APPROVED,
        languages=("fi",),
        municipalities=("297",),
        weekly=((WEDNESDAY, time(12), time(18)),),
        trainings=(("basic", date(2026, 1, 10), None),),
        user=True,
        phone="",
        **fields,
    ):
        count[0] += 1
        person = factories.user(preferred_language="fi") if user else None
        volunteer = Volunteer.objects.create(
            programme=fields.pop("programme", programme),
            status=status,
            full_name=fields.pop("full_name", f"Vapaaehtoinen {count[0]}"),
            email=person.email if person else f"v{count[0]}@example.fi",
            phone=phone,
            user=person,
            consent_at=NOW - timedelta(days=100),
            **fields,
        )
        volunteer.languages.set([language(code) for code in languages])
        volunteer.municipalities.set([factories.municipality(c) for c in municipalities])
        for weekday, starts, ends in weekly:
            WeeklyAvailability.objects.create(
                volunteer=volunteer, weekday=weekday, starts=starts, ends=ends
            )
        for kind, completed, expires in trainings:
            Training.objects.create(
                volunteer=volunteer, kind=kind, completed_on=completed, expires_on=expires
            )
        if person is not None:
            factories.Membership.objects.create(
                user=person, organisation=volunteer.programme.organisation, role=Role.VOLUNTEER
            )
        return volunteer

    return make


@pytest.fixture
def make_request(programme):
    def make(start=START, hours=2, **fields):
        fields.setdefault("source", "professional")
        fields.setdefault("fill_by", start - timedelta(days=2))
        fields.setdefault("municipality", factories.municipality("297"))
        fields.setdefault("meeting_point", "Kuopion teatterin pääovi")
        fields.setdefault("client_alias", "Aino")
        art_forms = fields.pop("art_forms", ())
        request = HelpRequest.objects.create(
            programme=fields.pop("programme", programme),
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            **fields,
        )
        request.art_forms.set(art_forms)
        return request

    return make
