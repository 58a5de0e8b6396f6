"""The Open Referral HSDS 3.0 API: every answer checked against the official schemas."""

import json
import uuid
from datetime import timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from jsonschema import Draft202012Validator, FormatChecker

from kohtaamo.accounts.models import Organisation
from kohtaamo.cards.models import CardOffer, OfferDay
from kohtaamo.catalogue.models import Service
from kohtaamo.catalogue.states import Status
from kohtaamo.interop.hsds import ids
from tests.catalogue import content

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds_schemas"
BASE = "/api/hsds"

# Our profile's one extension (docs/hsds-profile.md): HSDS 3.1's service_capacity.
CAPACITY = {
    "type": "object",
    "required": ["id", "unit", "available", "updated"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "service_id": {"type": "string", "format": "uuid"},
        "unit": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string"},
                "scheme": {"type": "string"},
                "identifier": {"type": "string"},
                "uri": {"type": "string", "format": "uri"},
            },
        },
        "available": {"type": "number"},
        "maximum": {"type": "number"},
        "description": {"type": "string"},
        "updated": {"type": "string", "format": "date-time"},
    },
}


@cache
def _schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def validator(name):
    """A validator for one official schema; ``taxonomy`` and ``taxonomy_term`` come
    from the definitions of service_with_definitions.json, the page from openapi.json."""
    if name in ("taxonomy", "taxonomy_term"):
        schema = {**_schema("service_with_definitions.json"), "$ref": f"#/definitions/{name}"}
        schema.pop("required")
        schema.pop("properties")
    elif name == "page":
        schema = {
            **_schema("openapi.json")["components"]["schemas"]["Page"],
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
        }
    elif name == "capacity":
        schema = CAPACITY
    else:
        schema = _schema(f"{name}.json")
    return Draft202012Validator(schema, format_checker=FormatChecker())


def valid(name, instance):
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return instance


def get(path, params=None, status=200, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = Client().get(BASE + path, params or {}, **headers)
    assert response.status_code == status, response.content[:2000]
    assert response["Content-Type"] == "application/json"
    return response


def page(path, item_schema, params=None, language=None):
    data = get(path, params, language=language).json()
    valid("page", data)
    for item in data["contents"]:
        valid(item_schema, item)
    return data


def names(data):
    return [item["name"] for item in data["contents"]]


# --- content --------------------------------------------------------------------------


@pytest.fixture
def museum():
    return content.provider(
        name_fi="Kuopion kulttuurihistoriallinen museo",
        name_sv="Kuopio kulturhistoriska museum",
        business_id="0171526-0",
        email="museo@example.org",
        phone="017 182 603",
    )


@pytest.fixture
def choir(museum):
    place = content.place(
        name_fi="Kulttuuritalo",
        name_sv="Kulturhuset",
        accessibility=["lift"],
        postal_code="70100",
        **content.COORDINATES,
    )
    return content.service(
        "Laulupiiri ikääntyneille",
        name_sv="Sångkrets för äldre",
        summary_fi="Laulamme yhdessä tuttuja lauluja.",
        summary_sv="Vi sjunger tillsammans.",
        organisation=museum,
        places=[place],
        municipalities=["297"],
        steps=[2],
        art_forms=["music"],
        target_groups=["older-people"],
        languages=["fi", "sv"],
        is_free=True,
        card_places=True,
        accessibility=["induction-loop"],
        contact_phone="040 123 4567",
        contact_email="laulu@example.org",
        schedule_fi="Tiistaisin klo 14",
        kind=Service.Kind.GROUP,
        quality_criteria=["goals", "feedback"],
        age_min=60,
    )


@pytest.fixture
def dance():
    return content.service(
        "Tanssiryhmä",
        art_forms=["dance"],
        steps=[3],
        municipalities=["091"],
        kind=Service.Kind.COURSE,
    )


@pytest.fixture
def draft():
    return content.service("Luonnos", status=Status.DRAFT)


# --- meta ----------------------------------------------------------------------------


def test_root_names_the_version_and_serves_the_profile():
    data = get("/").json()
    meta = _schema("openapi.json")["paths"]["/"]["get"]["responses"]["200"]
    errors = Draft202012Validator(
        meta["content"]["application/json"]["schema"], format_checker=FormatChecker()
    ).iter_errors(data)
    assert not list(errors)
    assert data["version"] == "3.0"
    assert data["openapi_url"] == "http://testserver/api/schema/?format=json"
    openapi = Client().get("/api/schema/", {"format": "json"})
    assert openapi.status_code == 200
    assert "/api/hsds/services" in openapi.json()["paths"]
    profile = Client().get(data["profile"].removeprefix("http://testserver"))
    assert profile.status_code == 200
    assert profile["Content-Type"].startswith("text/markdown")
    assert "service_capacity" in profile.content.decode()


# --- services ------------------------------------------------------------------------


def test_services_list_validates_and_shows_only_published(choir, dance, draft):
    data = page("/services", "service_list")
    assert sorted(names(data)) == ["Laulupiiri ikääntyneille", "Tanssiryhmä"]
    item = next(i for i in data["contents"] if i["name"] == "Laulupiiri ikääntyneille")
    assert item["id"] == ids.service_id(choir.pk)
    assert item["organization"]["name"] == "Kuopion kulttuurihistoriallinen museo"
    assert item["status"] == "active"
    assert item["url"] == f"http://testserver/fi/services/{choir.pk}/"


def test_one_service_fully_nested_validates(choir):
    data = valid("service", get(f"/services/{ids.service_id(choir.pk)}").json())
    assert data["phones"][0]["number"] == "040 123 4567"
    assert data["email"] == "laulu@example.org"
    assert data["schedules"][0]["description"] == "Tiistaisin klo 14"
    assert data["minimum_age"] == 60
    assert {language["code"] for language in data["languages"]} == {"fi", "sv"}
    assert [area["name"] for area in data["service_areas"]] == ["Kuopio"]
    assert data["cost_options"][0]["amount"] == 0
    location = data["service_at_locations"][0]["location"]
    assert location["name"] == "Kulttuuritalo"
    assert location["latitude"] == pytest.approx(62.8925)
    assert location["addresses"][0]["postal_code"] == "70100"
    assert location["addresses"][0]["country"] == "FI"
    assert location["accessibility"]
    links = {(a["link_type"], a["taxonomy_term"]["code"]) for a in data["attributes"]}
    assert {
        ("wellbeing_step", "2"),
        ("art_form", "music"),
        ("target_group", "older-people"),
        ("accessibility", "induction-loop"),
        ("service_type", "group"),
        ("quality_criterion", "goals"),
        ("quality_criterion", "feedback"),
    } <= links
    for attribute in data["attributes"]:
        term = get(f"/taxonomy_terms/{attribute['taxonomy_term_id']}").json()
        assert term["code"] == attribute["taxonomy_term"]["code"]


def test_card_places_are_published_as_service_capacity(choir):
    course = CardOffer.objects.create(
        organisation=choir.organisation,
        kind=CardOffer.Kind.COURSE,
        service=choir,
        places_offered=6,
        places_taken=2,
    )
    standing = CardOffer.objects.create(
        organisation=choir.organisation,
        kind=CardOffer.Kind.STANDING,
        service=choir,
        places_offered=4,
    )
    OfferDay.objects.create(
        offer=standing, day=timezone.localdate(), places_offered=4, places_taken=3
    )
    data = valid("service", get(f"/services/{ids.service_id(choir.pk)}").json())
    for capacity in data["capacities"]:
        valid("capacity", capacity)
    numbers = sorted((c["maximum"], c["available"]) for c in data["capacities"])
    assert numbers == [(4, 1), (6, 4)]
    assert {c["unit"]["identifier"] for c in data["capacities"]} == {"culture-card-place"}
    assert course.pk and standing.pk
    listed = page("/services", "service_list")["contents"][0]
    assert len(listed["capacities"]) == 2


def test_places_kept_for_referred_clients_are_a_referral_place_capacity(choir, dance):
    CardOffer.objects.create(
        organisation=choir.organisation,
        kind=CardOffer.Kind.COURSE,
        service=choir,
        places_offered=6,
    )
    Service.objects.filter(pk=choir.pk).update(referral_places=3)
    choir.refresh_from_db()
    data = valid("service", get(f"/services/{ids.service_id(choir.pk)}", language="sv").json())
    for capacity in data["capacities"]:
        valid("capacity", capacity)
    by_unit = {c["unit"]["identifier"]: c for c in data["capacities"]}
    assert set(by_unit) == {"culture-card-place", "referral-place"}
    referral = by_unit["referral-place"]
    assert (referral["available"], referral["maximum"]) == (3, 3)
    assert referral["service_id"] == data["id"]
    assert referral["updated"] == choir.updated_at.isoformat()
    with translation.override("sv"):
        assert referral["unit"]["name"] == gettext("Place for a client with a culture referral")
        expected = str(Service._meta.get_field("referral_places").verbose_name)
    assert referral["description"].lower() == expected.lower()
    assert referral["unit"]["uri"].endswith("/api/hsds/profile#service-capacity")

    listed = {item["name"]: item for item in page("/services", "service_list")["contents"]}
    assert "referral-place" in {
        c["unit"]["identifier"] for c in listed["Laulupiiri ikääntyneille"]["capacities"]
    }
    # A service that has not said it keeps places for referrals publishes none.
    assert "capacities" not in listed["Tanssiryhmä"] or not any(
        c["unit"]["identifier"] == "referral-place" for c in listed["Tanssiryhmä"]["capacities"]
    )


def test_upcoming_sessions_are_schedules_with_their_card_places(choir):
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    session = content.event(name_fi="", service=choir, start=start, hours=2, card_places=4)
    content.event(name_fi="", service=choir, start=timezone.now() - timedelta(days=2))
    CardOffer.objects.create(
        organisation=choir.organisation,
        kind=CardOffer.Kind.EVENT,
        event=session,
        places_offered=4,
        places_taken=1,
    )
    data = valid("service", get(f"/services/{ids.service_id(choir.pk)}").json())
    dated = [s for s in data["schedules"] if "dtstart" in s]
    assert len(dated) == 1  # the past session is not there
    local = timezone.localtime(start)
    assert dated[0]["valid_from"] == local.date().isoformat()
    assert dated[0]["opens_at"] == local.strftime("%H:%M")
    assert dated[0]["description"] == "Laulupiiri ikääntyneille"
    assert dated[0]["schedule_link"] == f"http://testserver/fi/events/{session.pk}/"
    [capacity] = data["capacities"]
    valid("capacity", capacity)
    assert (capacity["maximum"], capacity["available"]) == (4, 3)


# --- organisations, services at locations, taxonomies ---------------------------------


def test_organizations_list_and_detail_validate(choir, dance, museum):
    content.provider(name_fi="Yhdistys ilman julkaistuja palveluja")
    data = page("/organizations", "organization_list")
    assert sorted(names(data)) == sorted(
        ["Kuopion kulttuurihistoriallinen museo", dance.organisation.name]
    )
    detail = valid("organization", get(f"/organizations/{ids.organization_id(museum.pk)}").json())
    assert [service["name"] for service in detail["services"]] == ["Laulupiiri ikääntyneille"]
    assert detail["organization_identifiers"][0]["identifier"] == "0171526-0"
    assert detail["email"] == "museo@example.org"
    assert "phones" not in detail  # not public anywhere else either
    assert detail["locations"][0]["name"] == "Kulttuuritalo"
    assert names(page("/organizations", "organization_list", {"search": "museo"})) == [
        "Kuopion kulttuurihistoriallinen museo"
    ]


def test_service_at_locations_validate(choir, dance):
    data = page("/service_at_locations", "service_at_location_list")
    assert data["total_items"] == 1  # the dance group has no place
    item = data["contents"][0]
    assert item["service"]["name"] == "Laulupiiri ikääntyneille"
    detail = valid("service_at_location", get(f"/service_at_locations/{item['id']}").json())
    assert detail["location"]["name"] == "Kulttuuritalo"
    assert detail["service"]["id"] == ids.service_id(choir.pk)


def test_taxonomies_and_terms_validate_with_stable_ids(choir):
    data = page("/taxonomies", "taxonomy")
    codes = {item["name"] for item in data["contents"]}
    with translation.override("fi"):
        assert gettext("Art forms") in codes
    terms = page("/taxonomy_terms", "taxonomy_term", {"per_page": 100})
    music = next(t for t in terms["contents"] if t["code"] == "music")
    assert music["id"] == str(uuid.uuid5(ids.NAMESPACE, "taxonomy_term/art-forms/music"))
    valid("taxonomy_term", get(f"/taxonomy_terms/{music['id']}").json())
    valid("taxonomy", get(f"/taxonomies/{music['taxonomy_id']}").json())
    only_art = page("/taxonomy_terms", "taxonomy_term", {"taxonomy_id": music["taxonomy_id"]})
    assert {t["taxonomy_id"] for t in only_art["contents"]} == {music["taxonomy_id"]}
    steps = [t for t in terms["contents"] if t["taxonomy"] == music["taxonomy"]]
    assert steps


# --- languages ------------------------------------------------------------------------


def test_language_follows_accept_language_with_fallback(choir):
    path = f"/services/{ids.service_id(choir.pk)}"
    finnish = get(path)
    assert finnish["Content-Language"] == "fi"
    assert finnish.json()["name"] == "Laulupiiri ikääntyneille"
    swedish = get(path, language="sv-FI,sv;q=0.9,en;q=0.5")
    assert swedish["Content-Language"] == "sv"
    assert swedish.json()["name"] == "Sångkrets för äldre"
    assert swedish.json()["url"] == f"http://testserver/sv/services/{choir.pk}/"
    # No English name: the Finnish one stands in.
    english = get(path, language="en")
    assert english["Content-Language"] == "en"
    assert english.json()["name"] == "Laulupiiri ikääntyneille"
    assert get(path, language="de, ja").json()["name"] == "Laulupiiri ikääntyneille"
    organisation = get(
        f"/organizations/{ids.organization_id(choir.organisation_id)}", language="sv"
    )
    assert organisation.json()["name"] == "Kuopio kulturhistoriska museum"


def test_taxonomy_names_follow_the_language():
    for language in ("fi", "sv", "en"):
        data = get("/taxonomies", language=language).json()
        with translation.override(language):
            assert gettext("Art forms") in [t["name"] for t in data["contents"]]


# --- paging ---------------------------------------------------------------------------


def test_paging():
    for letter in "ABCDE":
        content.service(f"{letter} palvelu")
    first = page("/services", "service_list", {"per_page": 2})
    assert names(first) == ["A palvelu", "B palvelu"]
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (5, 3, 1)
    assert first["size"] == 2
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = page("/services", "service_list", {"per_page": 2, "page": 3})
    assert names(last) == ["E palvelu"]
    assert last["last_page"] and not last["first_page"]
    beyond = page("/services", "service_list", {"per_page": 2, "page": 4})
    assert beyond["empty"] and beyond["contents"] == []


# --- filters --------------------------------------------------------------------------


def test_search_uses_finnish_base_forms(choir, dance):
    # "lauluihin" is an inflected form of "laulu" (song), "tanssiryhmille" of "tanssiryhmä".
    assert names(page("/services", "service_list", {"search": "lauluihin"})) == [
        "Laulupiiri ikääntyneille"
    ]
    assert names(page("/services", "service_list", {"search": "tanssiryhmille"})) == ["Tanssiryhmä"]
    sal = page("/service_at_locations", "service_at_location_list", {"search": "lauluja"})
    assert [item["service"]["name"] for item in sal["contents"]] == ["Laulupiiri ikääntyneille"]


def _term(path_filter, code):
    terms = get("/taxonomy_terms", {"per_page": 100}).json()["contents"]
    return next(t["id"] for t in terms if t["code"] == code and path_filter in t["taxonomy"])


def test_taxonomy_term_filter(choir, dance):
    with translation.override("fi"):
        art, kinds = gettext("Art forms"), gettext("Types of service")
    music, course = _term(art, "music"), _term(kinds, "course")
    dance_term = _term(art, "dance")
    assert names(page("/services", "service_list", {"taxonomy_term_id": music})) == [
        "Laulupiiri ikääntyneille"
    ]
    both = page("/services", "service_list", {"taxonomy_term_id": f"{music},{dance_term}"})
    assert sorted(names(both)) == ["Laulupiiri ikääntyneille", "Tanssiryhmä"]
    # Terms of different taxonomies must all match.
    assert names(page("/services", "service_list", {"taxonomy_term_id": f"{music},{course}"})) == []
    assert names(page("/services", "service_list", {"taxonomy_term_id": course})) == ["Tanssiryhmä"]
    with_search = {"taxonomy_term_id": course, "search": "tanssiryhmä"}
    assert names(page("/services", "service_list", with_search)) == ["Tanssiryhmä"]


def test_organization_filter(choir, dance):
    params = {"organization_id": ids.organization_id(dance.organisation_id)}
    assert names(page("/services", "service_list", params)) == ["Tanssiryhmä"]
    params["search"] = "laulupiiri"
    assert names(page("/services", "service_list", params)) == []
    sal = page(
        "/service_at_locations",
        "service_at_location_list",
        {"organization_id": ids.organization_id(choir.organisation_id)},
    )
    assert sal["total_items"] == 1


def test_modified_after_filter(choir, dance):
    Service.objects.filter(pk=choir.pk).update(updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert names(page("/services", "service_list", {"modified_after": since})) == ["Tanssiryhmä"]
    assert len(page("/services", "service_list", {"modified_after": "2020-01-01"})["contents"]) == 2


def test_postcode_and_proximity_filters(choir, dance):
    far = content.place(
        name_fi="Kaukainen sali",
        postal_code="70800",
        latitude=Decimal("62.850000"),
        longitude=Decimal("27.650000"),
    )
    content.service("Kaukainen kuoro", places=[far], municipalities=[])
    # Kuopio (70100 is there): the choir serves it, the far choir has a place there.
    in_kuopio = page("/services", "service_list", {"postcode": "70100"})
    assert sorted(names(in_kuopio)) == ["Kaukainen kuoro", "Laulupiiri ikääntyneille"]
    near = {"postcode": "70100", "proximity": "2000"}
    assert names(page("/services", "service_list", near)) == ["Laulupiiri ikääntyneille"]
    wider = {"postcode": "70100", "proximity": "10000"}
    assert sorted(names(page("/services", "service_list", wider))) == [
        "Kaukainen kuoro",
        "Laulupiiri ikääntyneille",
    ]
    sal = page("/service_at_locations", "service_at_location_list", near)
    assert [item["location"]["name"] for item in sal["contents"]] == ["Kulttuuritalo"]
    # A postal code none of our places has: we cannot tell where it is.
    assert page("/services", "service_list", {"postcode": "99999"})["total_items"] == 0


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/services/{random}",
        "/services/not-a-uuid",
        "/services/{draft}",
        "/services/{organization}",
        "/organizations/{random}",
        "/organizations/{service}",
        "/service_at_locations/{random}",
        "/taxonomies/{random}",
        "/taxonomy_terms/{random}",
    ],
)
def test_unknown_ids_answer_404(path, choir, draft):
    url = path.format(
        random=uuid.uuid4(),
        draft=ids.service_id(draft.pk),
        organization=ids.organization_id(choir.organisation_id),
        service=ids.service_id(choir.pk),
    )
    assert "detail" in get(url, status=404).json()


def test_draft_services_organisation_is_not_published(draft):
    get(f"/organizations/{ids.organization_id(draft.organisation_id)}", status=404)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"per_page": "1000"}, "per_page"),
        ("/services", {"per_page": "many"}, "per_page"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"modified_after": "0001-01-01T00:00:00+14:00"}, "modified_after"),
        ("/services", {"modified_after": "9999-12-31"}, "modified_after"),
        ("/services", {"taxonomy_term_id": str(uuid.uuid4())}, "taxonomy_term_id"),
        ("/services", {"taxonomy_id": "art"}, "taxonomy_id"),
        ("/services", {"organization_id": "museum"}, "organization_id"),
        ("/services", {"postcode": "7010"}, "postcode"),
        ("/services", {"proximity": "500"}, "proximity"),
        ("/services", {"postcode": "70100", "proximity": "-1"}, "proximity"),
        ("/services", {"format": "ndjson"}, "format"),
        ("/service_at_locations", {"page": "-3"}, "page"),
        ("/organizations", {"per_page": "0"}, "per_page"),
        ("/taxonomies", {"page": "x"}, "page"),
        ("/taxonomy_terms", {"taxonomy_id": "nope"}, "taxonomy_id"),
    ],
)
def test_bad_parameters_answer_400_naming_them(path, params, field):
    body = get(path, params, status=400).json()
    assert list(body) == ["errors"]
    assert field in body["errors"]
    assert all(isinstance(message, str) for message in body["errors"][field])


def test_error_messages_follow_the_language():
    body = get("/services", {"postcode": "7010"}, status=400, language="sv").json()
    with translation.override("sv"):
        assert body["errors"]["postcode"] == [gettext("Give a Finnish postal code of five digits.")]


def test_inactive_organisation_is_not_published(choir):
    Organisation.objects.filter(pk=choir.organisation_id).update(is_active=False)
    assert page("/organizations", "organization_list")["total_items"] == 0


def test_api_address_matching_nothing_answers_json_but_pages_stay_html():
    response = Client().get("/api/v1/services/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    page = Client().get("/fi/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def _queries(path, params=None):
    with CaptureQueriesContext(connection) as captured:
        get(path, params)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/services", {}),
        ("/services", {"search": "laulu"}),
        ("/service_at_locations", {}),
        ("/organizations", {}),
    ],
)
def test_lists_answer_in_a_fixed_number_of_queries(path, params):
    def add(count):
        for _ in range(count):
            hall = content.place(accessibility=["lift"])
            service = content.service("Laulu", places=[hall], target_groups=["older-people"])
            CardOffer.objects.create(
                organisation=service.organisation,
                kind=CardOffer.Kind.COURSE,
                service=service,
                places_offered=3,
            )

    add(2)
    _queries(path, params)  # warm the per-process reference data
    few = _queries(path, params)
    add(8)
    assert _queries(path, params) == few
