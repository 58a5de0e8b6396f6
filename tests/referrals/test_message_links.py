"""Links in e-mails and text messages point to the address Kohtaamo is served at: the
public address when it is set, otherwise the host and port of the request that made the
message (in development, those of ``make run PORT=...``), never a fixed :8000."""

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import CLIENT

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8765"


@pytest.fixture
def no_public_url(settings):
    settings.KOHTAAMO_PUBLIC_URL = ""


def test_accepting_on_another_port_links_the_e_mail_and_text_message_to_it(
    world, login, no_public_url, _text_messages
):
    referral = world.issued(client={**CLIENT, "contact_preference": "sms"})
    mail.outbox.clear()
    client = login(world.advisor)

    answer = client.post(reverse("referrals:act", args=[referral.pk, "accept"]), HTTP_HOST=HOST)

    assert answer.status_code == 302
    to_nurse = [m for m in mail.outbox if m.to == [world.nurse.email]]
    assert to_nurse and f"http://{HOST}/fi/referrals/{referral.pk}/" in to_nurse[0].body
    assert len(_text_messages) == 1
    text = _text_messages[0]["body"]
    assert f"http://{HOST}/fi/referrals/r/{referral.public_token}/" in text
    assert ":8000" not in text and ":8000" not in to_nurse[0].body


def test_the_public_address_wins_when_it_is_set(world, login, settings, _text_messages):
    settings.KOHTAAMO_PUBLIC_URL = "https://kohtaamo.example.fi"
    referral = world.issued(client={**CLIENT, "contact_preference": "sms"})
    client = login(world.advisor)

    client.post(reverse("referrals:act", args=[referral.pk, "accept"]), HTTP_HOST=HOST)

    body = _text_messages[0]["body"]
    assert f"https://kohtaamo.example.fi/fi/referrals/r/{referral.public_token}/" in body
