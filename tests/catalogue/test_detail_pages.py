"""Service and event pages: content in the reader's language, how to join, JSON-LD, drafts."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import ngettext

from kohtaamo.accounts.roles import Role
from kohtaamo.catalogue.states import Status
from tests import factories
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db


def json_ld(response):
    scripts = parse(response).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads("".join(scripts[0].children))


@pytest.fixture
def kuopio_place():
    return content.place(
        name_fi="Kuopion kulttuuritalo",
        name_sv="Kulturhuset i Kuopio",
        street_address_fi="Kirkkokatu 12",
        postal_code="70100",
        accessibility=["step-free-access", "induction-loop"],
        accessibility_info_fi="Sisäänkäynti pihan puolelta.",
        **content.COORDINATES,
    )


@pytest.fixture
def choir(kuopio_place):
    return content.service(
        "Laulupiiri ikäihmisille",
        name_sv="Sångkrets för äldre",
        summary_fi="Laulamme tuttuja lauluja yhdessä.",
        description_fi="Ensimmäinen kappale.\n\nToinen kappale.",
        how_to_join_fi="Tule paikalle tai soita.",
        schedule_fi="Tiistaisin klo 13–14.30",
        booking_url="https://liput.example.fi/laulupiiri",
        contact_phone="044 123 4567",
        contact_email="laulu@example.fi",
        places=[kuopio_place],
        municipalities=["297", "749"],
        steps=[2],
        target_groups=["older-people"],
        languages=["fi", "sv"],
        is_free=True,
        card_places=True,
        age_min=60,
    )


def test_service_page_shows_everything_a_person_needs_to_join(choir):
    response = Client().get(f"/en/services/{choir.pk}/")
    assert response.status_code == 200
    page = parse(response)
    assert len(page.find_all("h1")) == 1
    assert page.find("h1").text == "Laulupiiri ikäihmisille"
    text = page.find("main").text
    for expected in (
        "Laulamme tuttuja lauluja yhdessä.",
        "Toinen kappale.",
        "Tule paikalle tai soita.",
        "Tiistaisin klo 13–14.30",
        "Kuopion kulttuuritalo",
        "Kirkkokatu 12",
        "70100",
        "Step-free access",
        "Induction loop",
        "Sisäänkäynti pihan puolelta.",
        "Older people",
        "Free",
        "Culture card",
        "from 60 years",
    ):
        assert expected in text, expected
    assert page.find("a", href="https://liput.example.fi/laulupiiri") is not None
    assert page.find("a", href="tel:0441234567") is not None
    assert page.find("a", href="mailto:laulu@example.fi") is not None


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_service_page_says_how_many_places_it_keeps_for_referred_clients(choir, language):
    assert (
        parse(Client().get(f"/{language}/services/{choir.pk}/")).find(
            "p", **{"data-referral-places": "2"}
        )
        is None
    )
    choir.referral_places = 2
    choir.save()
    page = parse(Client().get(f"/{language}/services/{choir.pk}/"))
    line = page.find("p", **{"data-referral-places": "2"})
    with translation.override(language):
        expected = ngettext(
            "The service keeps %(count)s place for clients who come with a culture referral.",
            "The service keeps %(count)s places for clients who come with a culture referral.",
            2,
        ) % {"count": 2}
    assert line is not None and line.text.strip() == expected


def test_service_page_in_swedish_uses_swedish_text_and_marks_the_finnish_fallback(choir):
    page = parse(Client().get(f"/sv/services/{choir.pk}/"))
    assert page.find("h1").text == "Sångkrets för äldre"
    assert page.find("h1").find("span") is None
    summary = page.find("p", cls="lead").find("span", lang="fi")
    assert summary is not None and summary.text == "Laulamme tuttuja lauluja yhdessä."
    assert "Kulturhuset i Kuopio" in page.find("main").text


def test_service_page_lists_upcoming_events_with_cancelled_marked(choir):
    soon = timezone.now() + timedelta(days=2)
    content.event(service=choir, start=soon, name_fi="")
    content.event(service=choir, start=soon + timedelta(days=7), name_fi="", is_cancelled=True)
    content.event(service=choir, start=soon - timedelta(days=30), name_fi="")  # past
    content.event(service=choir, start=soon, name_fi="", status=Status.DRAFT)
    page = parse(Client().get(f"/en/services/{choir.pk}/"))
    items = page.find("ul", cls="event-list").find_all("li")
    assert len(items) == 2
    assert "Cancelled" not in items[0].text
    assert "Cancelled" in items[1].text


def test_service_json_ld(choir):
    data = json_ld(Client().get(f"/en/services/{choir.pk}/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Service"
    assert data["name"] == "Laulupiiri ikäihmisille"
    assert data["url"].endswith(f"/en/services/{choir.pk}/")
    assert data["provider"]["@type"] == "Organization"
    assert {area["name"] for area in data["areaServed"]} == {"Kuopio", "Siilinjärvi"}
    assert data["availableLanguage"] == ["fi", "sv"]
    assert {"@type": "Audience", "audienceType": "Older people"} in data["audience"]
    assert data["offers"]["price"] == 0


def test_json_ld_cannot_be_broken_out_of_by_provider_text(choir):
    choir.name_en = "</script><script>alert(1)</script>"
    choir.save()
    response = Client().get(f"/en/services/{choir.pk}/")
    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"


@pytest.fixture
def concert(kuopio_place):
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    return content.event(
        "Lounaskonsertti",
        start=start,
        hours=1,
        place=kuopio_place,
        card_places=4,
        capacity=80,
        price_fi="15 €, Kaikukortilla maksuton",
        languages=["fi"],
        registration="required",
    )


def test_event_page_shows_time_place_price_and_calendar_link(concert):
    response = Client().get(f"/en/events/{concert.pk}/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text == "Lounaskonsertti"
    text = page.find("main").text
    for expected in (
        "Kuopion kulttuuritalo",
        "Kirkkokatu 12",
        "15 €, Kaikukortilla maksuton",
        "4 culture card places",
        "80 places in all",
        "Registration required",
    ):
        assert expected in text, expected
    assert page.find("a", href=f"/en/events/{concert.pk}.ics") is not None


def test_event_json_ld(concert):
    data = json_ld(Client().get(f"/fi/events/{concert.pk}/"))
    assert data["@type"] == "Event"
    assert data["startDate"] == concert.start.isoformat()
    assert data["endDate"] == concert.end.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    location = data["location"]
    assert location["@type"] == "Place"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["streetAddress"] == "Kirkkokatu 12"
    assert location["address"]["postalCode"] == "70100"
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 62.8925, "longitude": 27.678}
    assert data["offers"]["description"] == "15 €, Kaikukortilla maksuton"
    assert data["isAccessibleForFree"] is False
    assert data["organizer"]["@type"] == "Organization"
    assert data["inLanguage"] == ["fi"]
    assert data["url"].endswith(f"/fi/events/{concert.pk}/")


def test_cancelled_event_is_marked_on_the_page_and_in_json_ld(concert):
    concert.is_cancelled = True
    concert.save()
    response = Client().get(f"/en/events/{concert.pk}/")
    assert "This event has been cancelled." in parse(response).find("main").text
    assert json_ld(response)["eventStatus"] == "https://schema.org/EventCancelled"


def test_event_of_a_service_borrows_its_texts_and_links_to_it(choir):
    session = content.event(service=choir, name_fi="", summary_fi="")
    page = parse(Client().get(f"/en/events/{session.pk}/"))
    assert page.find("h1").text == "Laulupiiri ikäihmisille"
    assert page.find("a", href=f"/en/services/{choir.pk}/") is not None


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_unpublished_content_is_not_found_by_the_public(status):
    service = content.service("Luonnos", status=status)
    event = content.event("Luonnostapahtuma", status=status)
    client = Client()
    assert client.get(f"/fi/services/{service.pk}/").status_code == 404
    assert client.get(f"/fi/events/{event.pk}/").status_code == 404
    assert client.get(f"/fi/events/{event.pk}.ics").status_code == 404
    assert client.get("/fi/services/999999/").status_code == 404


def test_provider_previews_its_own_draft_with_a_banner(login):
    organisation = content.provider()
    draft = content.service("Luonnos", organisation=organisation, status=Status.DRAFT)
    draft_event = content.event("Luonnostapahtuma", organisation=organisation, status="draft")
    provider = factories.member(Role.PROVIDER, organisation=organisation)
    client = login(provider)
    for url in (f"/en/services/{draft.pk}/", f"/en/events/{draft_event.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Draft preview" in parse(response).find("div", cls="draft-banner").text


def test_another_providers_member_cannot_preview_a_draft(login):
    draft = content.service("Luonnos", status=Status.DRAFT)
    stranger = factories.member(Role.PROVIDER)
    assert login(stranger).get(f"/en/services/{draft.pk}/").status_code == 404


def test_published_page_has_no_draft_banner(choir):
    assert parse(Client().get(f"/en/services/{choir.pk}/")).find("div", cls="draft-banner") is None


def test_detail_pages_use_a_fixed_number_of_queries(choir, django_assert_max_num_queries):
    for _ in range(5):
        content.event(service=choir, place=content.place(accessibility=["lift"]))
    with django_assert_max_num_queries(25):
        assert Client().get(f"/en/services/{choir.pk}/").status_code == 200
