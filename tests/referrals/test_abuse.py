"""What a stranger or a curious colleague could try: flooding the public form, and
reading a referral's printout without leaving a trace."""

import pytest
from django.urls import reverse

from kohtaamo.core.models import AuditEvent, Municipality
from kohtaamo.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def asking(world):
    world.referral_type.self_referral = True
    world.referral_type.save()
    return {
        "municipality": Municipality.objects.get(code="297").pk,
        "full_name": "Asukas Kysyjä",
        "phone": "+358 40 111 1111",
        "contact_preference": "phone",
        "interests": [],
        "shared": ["contact_details"],
    }


def test_one_address_may_ask_a_few_times_then_is_asked_to_wait(client, asking, settings):
    settings.SELF_REFERRAL_RATE = "3/hour"
    ask = reverse("referrals:ask")
    for _ in range(3):
        assert client.post(ask, asking, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.post(ask, asking, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Samasta verkosta on lähetetty lyhyessä ajassa monta pyyntöä" in page
    assert 'value="Asukas Kysyjä"' in page  # nothing typed is lost
    assert Referral.objects.count() == 3
    # Someone else, elsewhere, is not held up.
    assert client.post(ask, asking, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert Referral.objects.count() == 4


def test_a_form_with_mistakes_does_not_count_against_the_address(client, asking, settings):
    settings.SELF_REFERRAL_RATE = "1/hour"
    ask = reverse("referrals:ask")
    for _ in range(3):
        assert client.post(ask, {**asking, "shared": []}).status_code == 400
    assert client.post(ask, asking).status_code == 200


def test_printing_a_referral_is_recorded_like_a_read(world, login):
    referral = world.issued()
    client = login(world.nurse)
    assert client.get(reverse("referrals:print", args=[referral.pk])).status_code == 200
    printed = AuditEvent.objects.get(
        action="view", target_type="referrals.referral", target_id=str(referral.pk)
    )
    assert printed.actor_id == world.nurse.pk
    assert printed.purpose == "printed for the client"
    assert printed.fields == ["public_token"]
    assert client.get(reverse("referrals:pdf", args=[referral.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        action="export", target_type="referrals.referral", target_id=str(referral.pk)
    ).exists()


def test_opening_another_units_referral_is_not_found_and_audited_as_denied(world, login):
    referral = world.issued()
    client = login(world.stranger)
    for name in ("referrals:detail", "referrals:print", "referrals:pdf"):
        assert client.get(reverse(name, args=[referral.pk])).status_code == 404
    denied = AuditEvent.objects.filter(action="denied", target_id=str(referral.pk))
    assert denied.count() == 3
    event = denied.first()
    assert event.actor_id == world.stranger.pk
    assert event.target_type == "referrals.referral"
    assert event.fields == []
    assert "Testi" not in str(event.__dict__)  # no personal data in the trace
    # A referral that does not exist leaves nothing to audit.
    assert client.get(reverse("referrals:detail", args=[referral.pk + 1000])).status_code == 404
    assert AuditEvent.objects.filter(action="denied").count() == 3
