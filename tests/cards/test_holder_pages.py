"""The holder's mobile card: the code, the state, free places near home, bookings."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kohtaamo.cards import numbers, services
from kohtaamo.cards.models import CardOffer, Reservation
from kohtaamo.cards.states import ReservationState
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def page_of(card):
    """The card's link: the test client keeps the cookie it is traded for and follows the
    redirect to the card's page (core.secret_links)."""
    return reverse("cards:mobile", args=[card.mobile_token])


def open_card(client, card):
    return client.get(page_of(card), follow=True)


def book_data(offer, children=0, key="key-1"):
    return {f"offer-{offer.pk}-children": children, f"offer-{offer.pk}-key": key}


def test_the_card_page_shows_the_code_number_and_validity(client, fresh_card):
    response = open_card(client, fresh_card)
    code = fresh_card.mobile_token
    assert response.redirect_chain == [
        (page_of(fresh_card).removesuffix(f"{code}/") + f"#{code}", 302)
    ]
    assert response.status_code == 200
    html = response.content.decode()
    assert numbers.printed(fresh_card.number) in html
    assert 'data-card-state="valid"' in html
    assert "<svg" in html and f"<desc>{fresh_card.number}</desc>" in html
    assert response["Cache-Control"] == "private, no-cache"
    assert "noindex" in response["X-Robots-Tag"]
    # Installable: a manifest, a theme colour and the service worker.
    assert reverse("cards:manifest") in html
    assert 'name="theme-color"' in html
    assert reverse("cards:sw") in html
    # The catalogue's own search for card places in the home town is a click away.
    search = parse(html).find("a", href="/fi/search/?card=true&municipality=297")
    assert search is not None and client.get(search.attrs["href"]).status_code == 200


def test_unknown_and_odd_tokens_are_not_found(client):
    for token in ("nope", "x" * 200, "%00", "' or 1=1 --", "ä"):
        assert client.get(f"/fi/card/{token}/").status_code == 404, token
    assert client.post("/fi/card/nope/book/1/").status_code == 404
    assert client.get("/fi/card/nope/manifest.webmanifest").status_code == 404
    # None of them set a cookie: the card's own pages ask for the link.
    assert client.get("/fi/card/").status_code == 403
    assert client.post("/fi/card/book/1/").status_code == 403


@pytest.mark.parametrize("state", ["replaced", "cancelled", "expired"])
def test_a_card_that_no_longer_works_says_so_and_shows_no_code(
    client, fresh_card, social_worker, state
):
    if state == "replaced":
        services.replace_card(social_worker, fresh_card)
    elif state == "cancelled":
        services.cancel_card(social_worker, fresh_card)
    else:
        fresh_card.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        fresh_card.save()
    response = open_card(client, fresh_card)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-card-state="{state}"' in html
    assert f"<desc>{fresh_card.number}</desc>" not in html
    assert 'action="/fi/card/' not in html


def test_offers_near_home_and_booking_for_self_and_two_children(client, fresh_card, coming_offer):
    elsewhere = content.event(
        "Konsertti Helsingissä",
        municipality="091",
        start=timezone.now() + datetime.timedelta(days=3),
    )
    far = services.publish_offer(
        factories.member("provider", organisation=elsewhere.organisation),
        kind=CardOffer.Kind.EVENT,
        places_offered=5,
        event=elsewhere,
    )
    html = open_card(client, fresh_card).content.decode()
    assert f'id="offer-{coming_offer.pk}"' in html
    assert f'id="offer-{far.pk}"' not in html

    url = reverse("cards:book", args=[coming_offer.pk])
    response = client.post(url, book_data(coming_offer, children=2))
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    assert (reservation.card, reservation.children) == (fresh_card, 2)
    coming_offer.refresh_from_db()
    assert coming_offer.places_taken == 3
    # A double click (same key) gives the same ticket.
    client.post(url, book_data(coming_offer, children=2))
    assert Reservation.objects.count() == 1
    page = open_card(client, fresh_card).content.decode()
    assert f'data-booking="{reservation.pk}"' in page
    shown = parse(page).find("code", cls="booking-code")
    assert shown.text == f"{reservation.code[:3]} {reservation.code[3:]}"


def test_bad_children_count_is_an_error_next_to_the_field(client, fresh_card, coming_offer):
    open_card(client, fresh_card)
    url = reverse("cards:book", args=[coming_offer.pk])
    response = client.post(url, book_data(coming_offer, children=99))
    assert response.status_code == 400
    html = parse(response.content.decode())
    assert html.by_id(f"id_offer-{coming_offer.pk}-children_error") is not None
    assert not Reservation.objects.exists()
    assert client.post(url, {}).status_code == 400
    assert client.post(url.replace(str(coming_offer.pk), "999999")).status_code == 404


def test_children_are_not_offered_for_courses(client, fresh_card, usher, venue, issue):
    course = services.publish_offer(
        usher,
        kind=CardOffer.Kind.COURSE,
        places_offered=3,
        service=content.service("Maalauskurssi", organisation=venue),
    )
    assert parse(open_card(client, fresh_card).content.decode()).by_id(f"offer-{course.pk}")
    own_page = reverse("cards:holder_offer", args=[course.pk])
    html = parse(client.get(own_page).content.decode())
    assert html.by_id(f"id_offer-{course.pk}-children") is None
    key = html.find("input", name=f"offer-{course.pk}-key").attrs["value"]
    url = reverse("cards:book", args=[course.pk])
    client.post(url, {f"offer-{course.pk}-children": 0, f"offer-{course.pk}-key": key})
    assert Reservation.objects.get().offer == course
    # A hand-made request with children is refused with the reason.
    other = issue()
    open_card(client, other)
    response = client.post(url, book_data(course, children=1), follow=True)
    assert Reservation.objects.filter(card=other).count() == 0
    assert 'class="message message-error"' in response.content.decode()


def test_cancel_own_booking_only(client, fresh_card, coming_offer, issue):
    booking = services.reserve(fresh_card, coming_offer, idempotency_key="k")
    stranger = issue()
    own = reverse("cards:cancel_booking", args=[booking.reservation.pk])
    open_card(client, stranger)
    assert client.post(own).status_code == 404
    open_card(client, fresh_card)
    assert client.post(own).status_code == 302
    booking.reservation.refresh_from_db()
    assert booking.reservation.state == ReservationState.CANCELLED
    # Twice: a message, not an error.
    assert client.post(own, follow=True).status_code == 200


def test_full_offer_offers_the_waiting_list_and_shows_the_alert(
    client, fresh_card, issue, usher, coming_concert
):
    offer = services.publish_offer(
        usher, kind=CardOffer.Kind.EVENT, places_offered=1, event=coming_concert
    )
    first = issue()
    taken = services.reserve(first, offer, idempotency_key="k")
    open_card(client, fresh_card)
    own_page = reverse("cards:holder_offer", args=[offer.pk])
    html = client.get(own_page).content.decode()
    wait_url = reverse("cards:wait", args=[offer.pk])
    assert wait_url in html
    client.post(wait_url, {f"wait-{offer.pk}-children": 1})
    assert fresh_card.waiting_list_entries.get().children == 1
    services.cancel_reservation(taken.reservation, card=first)
    html = open_card(client, fresh_card).content.decode()
    assert f'data-alert="{offer.pk}"' in html
    assert own_page in html
    assert reverse("cards:book", args=[offer.pk]) in (client.get(own_page).content.decode())


def test_manifest_and_service_worker(client, fresh_card):
    open_card(client, fresh_card)
    response = client.get(reverse("cards:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    # The code after "#" never leaves the phone; it opens the card again from the home
    # screen when the cookie has expired (core.secret_links).
    assert manifest["start_url"] == f"/fi/card/#{fresh_card.mobile_token}"
    assert manifest["scope"] == "/fi/card/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    worker = client.get(reverse("cards:sw"))
    assert worker["Content-Type"].startswith("text/javascript")
    assert re.search(r"addEventListener\(\"fetch\"", worker.content.decode())


def test_an_alert_for_an_event_that_is_over_is_not_shown(
    client, fresh_card, issue, usher, coming_concert
):
    offer = services.publish_offer(
        usher, kind=CardOffer.Kind.EVENT, places_offered=1, event=coming_concert
    )
    first = issue()
    taken = services.reserve(first, offer, idempotency_key="k")
    services.join_waiting_list(fresh_card, offer)
    services.cancel_reservation(taken.reservation, card=first)
    assert f'data-alert="{offer.pk}"' in open_card(client, fresh_card).content.decode()
    coming_concert.start = timezone.now() - datetime.timedelta(hours=3)
    coming_concert.end = timezone.now() - datetime.timedelta(hours=1)
    coming_concert.save()
    assert f'data-alert="{offer.pk}"' not in open_card(client, fresh_card).content.decode()


def test_booking_an_event_returned_to_draft_is_refused_with_the_reason(
    client, fresh_card, coming_offer
):
    coming_offer.event.status = "draft"
    coming_offer.event.save()
    open_card(client, fresh_card)
    url = reverse("cards:book", args=[coming_offer.pk])
    response = client.post(url, book_data(coming_offer), follow=True)
    error = parse(response.content.decode()).find(cls="message-error")
    assert error is not None and "ei ole enää julkaistu" in error.text
    assert not Reservation.objects.exists()


def test_the_list_is_compact_and_each_offer_is_booked_on_its_own_page(
    client, fresh_card, coming_offer
):
    html = parse(open_card(client, fresh_card).content.decode())
    row = html.by_id(f"offer-{coming_offer.pk}")
    assert row.find("select") is None and row.find("form") is None
    own_page = reverse("cards:holder_offer", args=[coming_offer.pk])
    assert row.find("a").attrs["href"] == own_page
    response = client.get(own_page)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert parse(response.content.decode()).by_id(f"id_offer-{coming_offer.pk}-children")
    # Another county's offer, or one that does not exist, has no page.
    assert client.get(own_page.replace(f"/{coming_offer.pk}/", "/999999/")).status_code == 404


def test_the_holder_searches_free_places_by_name_and_date(
    client, fresh_card, coming_offer, venue, usher
):
    soon = content.event(
        "Runoilta", organisation=venue, start=timezone.now() + datetime.timedelta(days=2)
    )
    poetry = services.publish_offer(usher, kind=CardOffer.Kind.EVENT, places_offered=4, event=soon)

    open_card(client, fresh_card)

    def listed(**query):
        html = client.get(reverse("cards:mobile_page"), query).content.decode()
        return {o.pk for o in (coming_offer, poetry) if f'id="offer-{o.pk}"' in html}

    assert listed() == {coming_offer.pk, poetry.pk}
    assert listed(q="runo") == {poetry.pk}
    assert listed(q="KEVÄT") == {coming_offer.pk}
    assert listed(when="week") == {poetry.pk}
    assert listed(when="today") == set()
    assert listed(q="nothing like this") == set()
    assert listed(when="nonsense") == {coming_offer.pk, poetry.pk}
