"""Measurement plans on referrals: what is due when, the separate consent, and the
client answering on their own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.outcomes import services
from kohtaamo.outcomes.models import Instrument, MeasurementPlan, Response
from kohtaamo.referrals import services as referral_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_notifications(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def plan(world, key, point):
    return MeasurementPlan.objects.create(
        referral_type=world.referral_type,
        instrument=Instrument.objects.get(key=key, version="1"),
        point=point,
    )


@pytest.fixture
def plans(world):
    return {
        "baseline": plan(world, "ucla3", "baseline"),
        "follow_up": plan(world, "ucla3", "three_months"),
        "completion": plan(world, "ons4", "completion"),
    }


def accepted(world):
    referral = world.issued(now=timezone.now())
    referral_services.accept(world.advisor, referral)
    return referral


UCLA = {"lack_companionship": 3, "left_out": 2, "isolated": 3, "lonely": 4}


def test_the_plan_takes_its_county_from_the_referral_type(world, plans):
    assert plans["baseline"].county == world.county


def test_nothing_is_due_before_the_referral_is_accepted(world, plans):
    referral = world.issued(now=timezone.now())
    assert services.due_for_referral(referral) == []
    referral_services.accept(world.advisor, referral)
    assert services.due_for_referral(referral) == [plans["baseline"]]


def test_the_follow_up_is_due_three_months_after_acceptance(world, plans):
    referral = accepted(world)
    later = timezone.now() + timedelta(days=92)
    assert set(services.due_for_referral(referral, now=later)) == {
        plans["baseline"],
        plans["follow_up"],
    }


def test_refusing_consent_blocks_the_questionnaire(world, plans):
    referral = accepted(world)
    # Not asked yet: no answers either.
    with pytest.raises(services.ConsentMissing):
        services.answer_for_referral(referral, plans["baseline"], UCLA, language="fi")
    consent = services.record_consent(referral, False)
    assert consent.wording_version == services.CONSENT_WORDING["version"]
    assert consent.at is not None
    with pytest.raises(services.ConsentMissing):
        services.answer_for_referral(referral, plans["baseline"], UCLA, language="fi")
    assert not Response.objects.exists()
    # Saying no changes nothing about the referral itself.
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_with_consent_the_baseline_is_answered_once(world, plans):
    referral = accepted(world)
    services.record_consent(referral, True)
    response = services.answer_for_referral(referral, plans["baseline"], UCLA, language="sv")
    assert (response.point, response.instrument_version, response.language) == (
        "baseline",
        "1",
        "sv",
    )
    assert services.scores(response) == {"ucla3": 8, "lonely": 4}
    assert services.due_for_referral(referral) == []
    with pytest.raises(services.NotDue):
        services.answer_for_referral(referral, plans["baseline"], UCLA, language="fi")


def open_link(client, referral, language="fi"):
    url = reverse("referrals:client", args=[referral.public_token])
    response = client.get(f"/{language}{url[3:]}", follow=True)
    assert response.status_code == 200
    return response


def test_the_client_answers_on_their_own_page(world, plans, client):
    referral = accepted(world)
    page = open_link(client, referral).content.decode()
    assert 'id="outcome-questions"' in page
    questions = "/fi/referrals/r/questions/"
    page = client.get(questions).content.decode()
    assert "Palvelusi ei muutu" in page or "consent-form" in page
    # Straight to the questionnaire without a yes: back to the question.
    response = client.get(f"{questions}{plans['baseline'].pk}/")
    assert response.status_code == 302 and response["Location"].endswith(questions)

    assert client.post(questions, {"consent": "yes"}).status_code == 302
    response = client.get(f"{questions}{plans['baseline'].pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    response = client.post(f"{questions}{plans['baseline'].pk}/", {**UCLA})
    assert response.status_code == 302
    (answer,) = Response.objects.filter(referral=referral)
    assert services.scores(answer)["ucla3"] == 8
    assert not answer.entered_by_staff


def test_a_client_who_says_no_sees_no_questions(world, plans, client):
    referral = accepted(world)
    open_link(client, referral)
    questions = "/fi/referrals/r/questions/"
    response = client.post(questions, {"consent": "no"})
    assert response.status_code == 302
    page = open_link(client, referral).content.decode()
    assert 'id="outcome-questions"' not in page
    assert client.get(f"{questions}{plans['baseline'].pk}/").status_code == 302
    assert not Response.objects.exists()


def test_answers_outside_the_scale_come_back_with_an_error(world, plans, client):
    referral = accepted(world)
    open_link(client, referral, "sv")
    questions = "/sv/referrals/r/questions/"
    client.post(questions, {"consent": "yes"})
    response = client.post(f"{questions}{plans['baseline'].pk}/", {"left_out": "7"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_without_the_link_the_questions_do_not_open(client):
    response = client.get("/fi/referrals/r/questions/")
    assert response.status_code in (200, 400, 403, 404)
    assert "consent-form" not in response.content.decode()
