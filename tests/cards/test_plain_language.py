"""The holder's mobile card and an offer's page in plain language."""

import pytest
from django.urls import reverse

from kohtaamo.core import plain
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "offers"),
    [
        ("fi", "Sinun Kaikukorttisi", "Varaa ilmainen paikka"),
        ("sv", "Ditt Kaikukortti", "Boka en gratis plats"),
    ],
)
def test_the_card_in_plain_language_and_back(client, fresh_card, language, heading, offers):
    url = reverse("cards:mobile", args=[fresh_card.mobile_token])
    page = client.get(f"/{language}{url[3:]}?plain=1", follow=True)
    assert page.status_code == 200
    html = parse(page.content.decode())
    assert html.find("h1").text == heading
    assert html.by_id("offers-title").text == offers
    # The page's own search keeps it: the cookie carries the choice.
    searched = client.get(f"/{language}/card/?q=konsertti")
    assert heading in searched.content.decode()
    standard = client.get(f"/{language}/card/?plain=0")
    assert heading not in standard.content.decode()


def test_booking_from_the_plain_offer_page(client, fresh_card, coming_offer):
    client.get(reverse("cards:mobile", args=[fresh_card.mobile_token]), follow=True)
    client.cookies[plain.COOKIE] = "1"
    offer = client.get(reverse("cards:holder_offer", args=[coming_offer.pk])).content.decode()
    assert "Montako lasta tulee mukaan?" in offer and "Varaa paikka" in offer
    booked = client.post(
        reverse("cards:book", args=[coming_offer.pk]),
        {f"offer-{coming_offer.pk}-children": 2, f"offer-{coming_offer.pk}-key": "k-1"},
        follow=True,
    )
    page = booked.content.decode()
    assert "Varasit paikan: Kevätkonsertti. Sinä ja 2 lasta voitte tulla." in page
    assert "Sinä ja 2 lasta tulette." in page
