"""An engagement that starts from an accepted answer to a call for offers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kohtaamo.arts_in_care.services import engagements
from kohtaamo.arts_in_care.states import Side, Status
from kohtaamo.buyers.models import Answer, CallForOffers
from kohtaamo.buyers.states import AnswerStatus
from kohtaamo.core.models import ArtForm

from .conftest import TODAY, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(places):
    call = CallForOffers.objects.create(
        organisation=places["county_org"],
        unit=places["unit"],
        title_fi="Musiikkia päiväryhmään",
        description_fi="Etsimme muusikkoa työpariksi hoitajille.",
        deadline=TODAY,
        contact_email="hankinnat@example.fi",
    )
    call.art_forms.set(ArtForm.objects.filter(code="music"))
    return Answer.objects.create(
        call=call,
        organisation=places["artist"],
        offer="20 kertaa",
        price="3000",
        status=AnswerStatus.ACCEPTED,
    )


def test_the_buyer_turns_an_accepted_answer_into_a_proposal(places, people, answer):
    assert list(engagements.accepted_answers(people["lead"])) == [answer]
    engagement = engagements.propose_from_answer(
        people["lead"], answer, care_unit=places["unit"], terms=terms()
    )
    assert engagement.artist == places["artist"] and engagement.answer == answer
    assert engagement.proposed_by == Side.UNIT
    assert [a.code for a in engagement.art_forms.all()] == ["music"]
    assert engagements.move(people["artist"], engagement, "agree").status == Status.AGREED
    assert list(engagements.accepted_answers(people["lead"])) == []
    with pytest.raises(ValidationError):
        engagements.propose_from_answer(
            people["lead"], answer, care_unit=places["unit"], terms=terms()
        )


def test_only_an_accepted_answer_and_only_the_buyer(places, people, answer):
    with pytest.raises(PermissionDenied):
        engagements.propose_from_answer(
            people["other_lead"], answer, care_unit=places["unit"], terms=terms()
        )
    answer.status = AnswerStatus.SHORTLISTED
    answer.save()
    with pytest.raises(ValidationError):
        engagements.propose_from_answer(
            people["lead"], answer, care_unit=places["unit"], terms=terms()
        )
