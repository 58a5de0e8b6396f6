"""Who is told what about a referral, in which language, honouring "do not contact"."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from kohtaamo.core.models import Language
from kohtaamo.referrals import services

from .conftest import CLIENT

pytestmark = pytest.mark.django_db


def test_the_client_who_chose_e_mail_hears_of_acceptance_in_their_language(world):
    referral = world.issued(
        client={**CLIENT, "contact_preference": "email"}, language=Language.objects.get(code="sv")
    )
    mail.outbox.clear()
    services.accept(world.advisor, referral)
    to_client = [m for m in mail.outbox if m.to == [CLIENT["email"]]]
    assert len(to_client) == 1
    with translation.override("sv"):
        assert to_client[0].subject == gettext("Your culture referral was accepted")
    assert f"/sv/referrals/r/{referral.public_token}/" in to_client[0].body


@pytest.mark.parametrize("preference", ["none", "phone"])
def test_do_not_contact_or_a_phone_call_sends_the_client_nothing(world, preference, _text_messages):
    referral = world.issued(client={**CLIENT, "contact_preference": preference})
    mail.outbox.clear()
    services.accept(world.advisor, referral)
    assert [m.to for m in mail.outbox] == [[world.nurse.email]]
    assert _text_messages == []


def test_staff_are_told_in_their_own_language(world):
    world.advisor.preferred_language = "sv"
    world.advisor.save()
    mail.outbox.clear()
    world.issued()
    with translation.override("sv"):
        assert mail.outbox[0].subject == gettext("New referral waiting")
    assert "/sv/referrals/" in mail.outbox[0].body
