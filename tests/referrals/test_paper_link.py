"""Whoever finds the paper prescription sees what was suggested, not who it is for."""

import pytest
from django.urls import reverse

from kohtaamo.core.models import AuditEvent
from kohtaamo.referrals.services.client_link import UNLOCK_TRIES
from tests.catalogue.html import parse


def open_link(client, referral):
    page = client.get(reverse("referrals:client", args=[referral.public_token]), follow=True)
    assert page.status_code == 200
    return page.content.decode()


def unlock(client, year, address="203.0.113.7"):
    return client.post(
        reverse("referrals:client_unlock"), {"birth_year": year}, REMOTE_ADDR=address
    )


def test_the_link_alone_shows_no_name_contact_details_or_reasons(world, client):
    referral = world.issued()
    page = open_link(client, referral)
    for private in ("Testi Asiakas", "+358 40 000 0000", "asiakas@example.fi"):
        assert private not in page
    assert 'id="unlock-form"' in page
    assert 'id="feedback-form"' in page and 'id="withdraw-form"' in page
    assert not AuditEvent.objects.filter(target_type="referrals.referralclient").exists()
    # Nor does the data download.
    assert client.get(reverse("referrals:client_json")).status_code == 302


def test_the_year_of_birth_opens_them_and_the_read_is_logged(world, client):
    referral = world.issued()
    open_link(client, referral)
    wrong = unlock(client, "1951")
    assert wrong.status_code == 400
    form = parse(wrong.content.decode())
    assert form.by_id("id_birth_year_error") is not None
    assert "Testi Asiakas" not in wrong.content.decode()

    assert unlock(client, "1950").status_code == 302
    page = open_link(client, referral)
    assert "Testi Asiakas" in page and "asiakas@example.fi" in page
    assert AuditEvent.objects.filter(action="view", target_type="referrals.referralclient").exists()
    assert client.get(reverse("referrals:client_json")).status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_wrong_years_are_limited_and_the_right_one_then_waits(world, client, language):
    referral = world.issued()
    client.get(f"/{language}/referrals/r/{referral.public_token}/", follow=True)
    for year in range(1960, 1960 + UNLOCK_TRIES):
        assert unlock(client, str(year)).status_code == 400
    # Even the right year waits now: the year cannot be found by trying them all.
    refused = unlock(client, "1950")
    assert refused.status_code == 400
    assert "Testi Asiakas" not in refused.content.decode()
    # From another address, the referral itself is still held.
    assert unlock(client, "1950", address="198.51.100.9").status_code == 400
