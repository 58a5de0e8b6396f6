from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.test import RequestFactory

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.referrals import services
from kohtaamo.referrals.models import Referral, ReferralType
from tests import factories

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CLIENT = {
    "full_name": "Testi Asiakas",
    "birth_date": date(1950, 5, 17),
    "phone": "+358 40 000 0000",
    "email": "asiakas@example.fi",
    "contact_preference": "phone",
}


@dataclass
class World:
    county: object
    health_station: Unit
    culture_advice: Unit
    other_advice: Unit
    other_unit: Unit
    nurse: object
    advisor: object
    other_advisor: object
    stranger: object
    referral_type: ReferralType
    prescription_type: ReferralType

    def draft(self, client=CLIENT, **fields):
        fields.setdefault("referral_type", self.referral_type)
        fields.setdefault("issuing_unit", self.health_station)
        if fields["referral_type"].receiver_kind == ReferralType.ReceiverKind.UNIT:
            fields.setdefault("receiving_unit", self.culture_advice)
        fields.setdefault("reasons", ["loneliness", "low_mood"])
        if not fields["referral_type"].is_personal:
            client = None
        return services.draft_referral(self.nurse, client=client, **fields)

    def issued(self, now=NOW, **fields):
        referral = self.draft(**fields)
        if referral.referral_type.is_personal:
            services.record_consent(
                self.nurse, referral, shared=["contact_details", "reasons"], method="verbal"
            )
        return services.issue_referral(self.nurse, referral, now=now)

    def request(self, user):
        request = RequestFactory().get("/referrals/")
        request.user = user
        return request


@pytest.fixture
def world(db):
    county_org = factories.organisation(kind=Organisation.Kind.WELLBEING_COUNTY)
    city = factories.organisation(kind=Organisation.Kind.MUNICIPALITY)
    health_station = factories.unit(county_org, kind=Unit.Kind.HEALTH_STATION)
    other_unit = factories.unit(county_org, kind=Unit.Kind.MENTAL_HEALTH)
    culture_advice = factories.unit(city, kind=Unit.Kind.CULTURE_ADVICE)
    other_advice = factories.unit(city, kind=Unit.Kind.CULTURE_ADVICE)
    common = {"county": county_org.county, "expiry_days": 90}
    return World(
        county=county_org.county,
        health_station=health_station,
        culture_advice=culture_advice,
        other_advice=other_advice,
        other_unit=other_unit,
        nurse=factories.member(Role.PROFESSIONAL, unit=health_station),
        advisor=factories.member(Role.CULTURE_ADVISOR, unit=culture_advice),
        other_advisor=factories.member(Role.CULTURE_ADVISOR, unit=other_advice),
        stranger=factories.member(Role.PROFESSIONAL, unit=other_unit),
        referral_type=factories.referral_type(
            county_org.county, name_sv="Kulturremiss", name_en="Culture referral"
        ),
        prescription_type=ReferralType.objects.create(
            code="kulttuuriresepti",
            name_fi="Kulttuuriresepti",
            kind=ReferralType.Kind.PRESCRIPTION,
            receiver_kind=ReferralType.ReceiverKind.NOBODY,
            **common,
        ),
    )


def reload(referral):
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture(autouse=True)
def _text_messages(settings):
    """Text messages kept in memory, like e-mail in django.core.mail.outbox."""
    from kohtaamo.notifications import backends

    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()
