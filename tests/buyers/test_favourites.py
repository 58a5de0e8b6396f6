"""Favourites: the "Save" button on search results and detail pages toggles, and the
favourites page lists what was saved, newest first, paginated, with items taken out of
the catalogue shown as no longer available."""

import pytest

from kohtaamo.buyers.models import Favourite
from kohtaamo.catalogue.states import Status
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(login):
    """A signed-in resident: anyone with an account keeps favourites."""
    person = factories.user()
    return person, login(person, verified=False)


def toggle(client, offering, next_url=None):
    data = {offering._meta.model_name: offering.pk}
    if next_url:
        data["next"] = next_url
    return client.post("/en/favourites/toggle/", data)


def favourite_names(client, url="/en/favourites/"):
    page = parse(client.get(url))
    return [h2.text for h2 in page.find("ul", cls="favourites").find_all("h2")]


def test_save_on_the_search_page_then_saved_state_and_toggle_back(resident):
    _person, client = resident
    service = content.service("Kuorolaulu")

    page = parse(client.get("/en/search/"))
    button = page.find("button", form="favourite")
    assert (button.attrs["name"], button.attrs["value"]) == ("service", str(service.pk))
    assert button.text.startswith("☆ Save")
    form = page.by_id("favourite")
    assert form.attrs["action"] == "/en/favourites/toggle/" and form.parent.tag != "form"

    response = toggle(client, service, next_url="/en/search/")
    assert response.status_code == 302 and response["Location"] == "/en/search/"
    page = parse(client.get("/en/search/"))
    assert "Saved" in page.find("button", form="favourite").text
    assert "was saved to your favourites" in page.find("div", cls="messages").text
    assert favourite_names(client) == ["Kuorolaulu"]

    toggle(client, service)
    assert "☆ Save" in parse(client.get("/en/search/")).find("button", form="favourite").text
    assert parse(client.get("/en/favourites/")).find("ul", cls="favourites") is None


def test_services_and_events_are_saved_from_their_own_pages(resident):
    _person, client = resident
    service = content.service("Kuorolaulu")
    event = content.event("Konsertti")

    for url, offering in (
        (f"/fi/services/{service.pk}/", service),
        (f"/fi/events/{event.pk}/", event),
    ):
        form = parse(client.get(url)).find("form", cls="favourite")
        assert form.attrs["action"] == "/fi/favourites/toggle/"
        assert form.find("button").attrs["value"] == str(offering.pk)
        toggle(client, offering, next_url=url)
        # The filled star marks the saved state in every language.
        assert "★" in parse(client.get(url)).find("form", cls="favourite").text

    assert favourite_names(client) == ["Konsertti", "Kuorolaulu"]


def test_an_unpublished_favourite_is_shown_as_no_longer_available(resident):
    person, client = resident
    service = content.service("Kuorolaulu")
    toggle(client, service)
    service.status = Status.DRAFT
    service.save()

    page = parse(client.get("/en/favourites/"))
    item = page.find("li", cls="favourite-item")
    assert item.find("a") is None
    assert "No longer available" in item.text
    # It can still be removed.
    favourite = Favourite.objects.get(user=person)
    client.post("/en/favourites/remove/", {"id": favourite.pk})
    assert not Favourite.objects.filter(user=person).exists()


def test_a_draft_cannot_be_saved_and_bad_input_is_refused(resident):
    _person, client = resident
    draft = content.service("Luonnos", status=Status.DRAFT)
    assert toggle(client, draft).status_code == 404
    assert client.post("/en/favourites/toggle/", {"service": "abc"}).status_code == 400
    assert client.post("/en/favourites/toggle/", {}).status_code == 400
    assert client.post("/en/favourites/toggle/", {"service": 999999}).status_code == 404
    assert client.post("/en/favourites/remove/", {"id": "x"}).status_code == 400
    assert client.post("/en/favourites/remove/", {"id": 999999}).status_code == 404
    assert client.get("/en/favourites/?page=abc").status_code == 200


def test_the_list_is_paginated_and_each_person_sees_only_their_own(resident, client):
    person, _client = resident
    services = [content.service(f"Palvelu {number:02}") for number in range(23)]
    for service in services:
        Favourite.objects.create(user=person, service=service)
    other = factories.user()
    Favourite.objects.create(user=other, service=content.service("Toisen suosikki"))

    first = favourite_names(client)
    assert len(first) == 20 and "Toisen suosikki" not in first
    second = favourite_names(client, "/en/favourites/?page=2")
    assert len(second) == 3
    assert set(first + second) == {service.name_fi for service in services}

    # Someone else's favourite cannot be removed: it does not exist for this person.
    theirs = Favourite.objects.get(user=other)
    assert client.post("/en/favourites/remove/", {"id": theirs.pk}).status_code == 404


def test_signed_out_visitors_see_no_save_button_and_are_sent_to_log_in(client):
    service = content.service("Kuorolaulu")
    assert parse(client.get("/en/search/")).find("button", form="favourite") is None
    assert parse(client.get(f"/en/services/{service.pk}/")).find("form", cls="favourite") is None
    response = client.get("/en/favourites/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert toggle(client, service).status_code == 302
    assert not Favourite.objects.exists()


def test_the_favourites_page_needs_few_queries_however_many(
    resident, django_assert_max_num_queries
):
    person, client = resident
    for number in range(10):
        Favourite.objects.create(user=person, service=content.service(f"Palvelu {number}"))
        Favourite.objects.create(user=person, event=content.event(f"Tapahtuma {number}"))
    with django_assert_max_num_queries(8):
        assert client.get("/en/favourites/").status_code == 200
