"""Outcome questions in the browser, in Finnish and Swedish, with no axe violations: the
culture advisor accepts a referral whose type asks the UCLA loneliness questions at the
start; the client opens their link on a phone, says yes to the questions and answers
the baseline; a client who says no is asked nothing."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kohtaamo.accounts.models import Organisation, Unit
from kohtaamo.accounts.roles import Role
from kohtaamo.notifications import backends
from kohtaamo.outcomes import services
from kohtaamo.outcomes.models import Instrument, MeasurementPlan, Response
from kohtaamo.referrals import services as referral_services
from tests import factories
from tests.e2e.checks import E2E, check_page, path_re

pytestmark = E2E

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
YES = {"fi": "Kyllä, vastaan", "sv": "Ja, jag svarar"}


@pytest.fixture(autouse=True)
def _text_messages(settings):
    settings.NOTIFICATION_SMS_BACKEND = "kohtaamo.notifications.backends.LocmemSMSBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


@pytest.fixture
def network():
    county_org = factories.organisation(
        Organisation.Kind.WELLBEING_COUNTY, name_fi="Pohjois-Savon hyvinvointialue"
    )
    health = factories.unit(county_org, kind=Unit.Kind.HEALTH_STATION)
    advice = factories.unit(county_org, kind=Unit.Kind.CULTURE_ADVICE, name_fi="Kulttuurineuvonta")
    referral_type = factories.referral_type(county_org.county, name_sv="Kulturremiss")
    baseline = MeasurementPlan.objects.create(
        referral_type=referral_type,
        instrument=Instrument.objects.get(key="ucla3", version="1"),
        point="baseline",
    )
    nurse = factories.member(Role.PROFESSIONAL, unit=health)
    referral = referral_services.draft_referral(
        nurse,
        referral_type=referral_type,
        issuing_unit=health,
        receiving_unit=advice,
        reasons=["loneliness"],
        client={
            "full_name": "Testi Asiakas",
            "phone": "+358 40 000 0000",
            "contact_preference": "sms",
        },
    )
    referral_services.record_consent(nurse, referral, shared=["contact_details"], method="verbal")
    referral = referral_services.issue_referral(nurse, referral, now=timezone.now())
    return {
        "advisor": factories.member(Role.CULTURE_ADVISOR, unit=advice),
        "referral": referral,
        "baseline": baseline,
    }


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_client_answers_the_baseline_on_a_phone(new_context, sign_in, network, language):
    referral = network["referral"]
    advisor_context = new_context()
    sign_in(advisor_context, network["advisor"])
    advisor = advisor_context.new_page()
    advisor.goto(f"/{language}/referrals/{referral.pk}/")
    advisor.locator("#accept-form button[type=submit]").click()
    expect(advisor.locator("#status")).to_have_attribute("data-status", "accepted")

    client = new_context(**PHONE).new_page()
    client.goto(f"/{language}/referrals/r/{referral.public_token}/")
    expect(client).to_have_url(path_re(f"/{language}/referrals/r/"))
    expect(client.locator("#outcome-questions")).to_be_visible()
    check_page(client, language)
    client.locator("#outcome-questions-link").click()

    # A separate yes or no, saying that no changes nothing.
    expect(client.locator("#consent-form")).to_be_visible()
    check_page(client, language)
    client.locator("#consent-form input[value=yes]").check()
    expect(client.get_by_label(YES[language])).to_be_checked()
    client.locator("#consent-form button[type=submit]").click()
    client.locator("#due a").first.click()

    form = client.locator("#questionnaire-form")
    expect(form.locator("fieldset")).to_have_count(4)
    check_page(client, language)
    # Each answer is a big target: the whole row, at least 44 pixels high.
    first = form.locator(".choice-big li").first
    assert first.bounding_box()["height"] >= 44
    for code, value in (("lack_companionship", 3), ("left_out", 2), ("isolated", 3), ("lonely", 4)):
        form.locator(f"label[for=id_{code}_{value - 1}]").click()
    form.locator("button[type=submit]").click()
    expect(client.locator("#nothing-due")).to_be_visible()
    check_page(client, language)

    (response,) = Response.objects.filter(referral=referral)
    assert (response.point, response.language) == ("baseline", language)
    assert services.scores(response) == {"ucla3": 8, "lonely": 4}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_client_who_says_no_is_asked_nothing(new_context, network, language):
    referral = network["referral"]
    referral_services.accept(network["advisor"], referral)
    client = new_context(**PHONE).new_page()
    client.goto(f"/{language}/referrals/r/{referral.public_token}/")
    client.locator("#outcome-questions-link").click()
    client.locator("#consent-form input[value=no]").check()
    client.locator("#consent-form button[type=submit]").click()
    expect(client).to_have_url(path_re(f"/{language}/referrals/r/"))
    expect(client.locator("#outcome-questions")).to_have_count(0)
    check_page(client, language)
    assert not Response.objects.exists()
    assert services.consent_of(referral).given is False
