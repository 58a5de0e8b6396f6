"""The public read-only API: shape, filters, languages, errors, paging and its schema."""

from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from kohtaamo.catalogue.states import Status
from kohtaamo.search.params import FACETS
from tests.catalogue import content

pytestmark = pytest.mark.django_db


def get(url, params=None, status=200, **headers):
    response = Client().get(url, params or {}, **headers)
    assert response.status_code == status, response.content[:2000]
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def choir():
    place = content.place(
        name_fi="Kulttuuritalo",
        name_sv="Kulturhuset",
        accessibility=["lift"],
        **content.COORDINATES,
    )
    return content.service(
        "Laulupiiri",
        name_sv="Sångkrets",
        summary_fi="Laulamme yhdessä.",
        places=[place],
        municipalities=["297"],
        steps=[2],
        art_forms=["music"],
        target_groups=["older-people"],
        is_free=True,
        card_places=True,
        accessibility=["induction-loop"],
    )


def test_service_list_shape(choir):
    data = get("/api/v1/services/")
    assert set(data) == {
        "count",
        "count_is_exact",
        "next",
        "previous",
        "results",
        "facets",
        "facets_are_exact",
    }
    assert data["count"] == 1 and data["count_is_exact"] is True
    assert data["next"] is None and data["previous"] is None
    assert set(data["facets"]) == set(FACETS)
    item = data["results"][0]
    assert item["id"] == choir.pk
    assert item["url"] == f"http://testserver/api/v1/services/{choir.pk}/"
    assert item["name"] == "Laulupiiri"
    assert item["translations"]["name"] == {"fi": "Laulupiiri", "sv": "Sångkrets", "en": None}
    assert item["steps"][0]["number"] == 2
    assert [art_form["code"] for art_form in item["art_forms"]] == ["music"]
    assert item["municipalities"] == [{"code": "297", "name": "Kuopio"}]
    assert item["places"][0]["latitude"] == pytest.approx(62.8925)
    assert item["places"][0]["accessibility"][0]["code"] == "lift"
    assert item["is_free"] is True and item["price"] is None
    assert item["card_places"] is True
    assert item["referral_places"] is None


def test_a_service_tells_the_places_it_keeps_for_referred_clients(choir):
    choir.referral_places = 4
    choir.save()
    assert get(f"/api/v1/services/{choir.pk}/")["referral_places"] == 4


def test_lang_resolves_texts_with_fallback_and_says_which_language(choir):
    swedish = get("/api/v1/services/", {"lang": "sv"})["results"][0]
    assert swedish["name"] == "Sångkrets"
    assert swedish["text_languages"]["name"] == "sv"
    # No Swedish summary: the Finnish one, marked as Finnish.
    assert swedish["summary"] == "Laulamme yhdessä."
    assert swedish["text_languages"]["summary"] == "fi"
    assert swedish["web_url"] == f"http://testserver/sv/services/{choir.pk}/"
    english = get(f"/api/v1/services/{choir.pk}/", {"lang": "en"})
    assert english["name"] == "Laulupiiri"
    assert english["text_languages"]["name"] == "fi"
    assert english["target_groups"] == [{"code": "older-people", "name": "Older people"}]


def test_default_language_follows_accept_language(choir):
    item = get("/api/v1/services/", HTTP_ACCEPT_LANGUAGE="sv")["results"][0]
    assert item["name"] == "Sångkrets"


def test_facets_have_codes_counts_and_names(choir):
    content.service(municipalities=["091"], art_forms=["dance"])
    data = get("/api/v1/services/", {"municipality": "297", "lang": "en"})
    assert data["count"] == 1
    municipalities = {f["code"]: f for f in data["facets"]["municipality"]}
    # The municipality facet ignores its own filter, so Helsinki still shows how many.
    assert municipalities["297"] == {"code": "297", "count": 1, "name": "Kuopio"}
    assert municipalities["091"]["count"] == 1
    assert {"code": "music", "count": 1, "name": "Music"} in data["facets"]["art_form"]
    assert {"code": "true", "count": 1, "name": "Yes"} in data["facets"]["card"]


def test_filters_take_repeated_and_comma_separated_values(choir):
    helsinki = content.service("Helsingin kuoro", municipalities=["091"])
    content.service("Turun kuoro", municipalities=["853"])
    by_comma = get("/api/v1/services/", {"municipality": "297,091"})
    repeated = get("/api/v1/services/?municipality=297&municipality=091")
    expected = {choir.pk, helsinki.pk}
    assert {r["id"] for r in by_comma["results"]} == expected
    assert {r["id"] for r in repeated["results"]} == expected
    assert get("/api/v1/services/", {"county": "13"})["count"] == 1
    assert (
        get("/api/v1/services/", {"step": "2", "art_form": "music", "free": "true"})["count"] == 1
    )
    assert get("/api/v1/services/", {"target_group": "older-people", "card": "1"})["count"] == 1
    assert get("/api/v1/services/", {"accessibility": "induction-loop"})["count"] == 1


@pytest.mark.parametrize(
    "params,field",
    [
        ({"age": "-5"}, "age"),
        ({"age": "old"}, "age"),
        ({"step": "9"}, "step"),
        ({"municipality": "999"}, "municipality"),
        ({"county": "x"}, "county"),
        ({"free": "perhaps"}, "free"),
        ({"lang": "de"}, "lang"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"q": "x" * 300}, "q"),
    ],
)
def test_bad_parameters_answer_400_with_the_field(params, field):
    data = get("/api/v1/services/", params, status=400)
    assert list(data) == ["errors"]
    assert field in data["errors"]
    assert all(isinstance(message, str) for message in data["errors"][field])


def test_event_date_errors_answer_400():
    data = get("/api/v1/events/", {"date_from": "2030-05-10", "date_to": "2030-05-01"}, 400)
    assert "date_to" in data["errors"]
    assert "date_from" in get("/api/v1/events/", {"date_from": "tomorrow"}, 400)["errors"]


def test_bad_lang_on_a_detail_answers_400(choir):
    assert "lang" in get(f"/api/v1/services/{choir.pk}/", {"lang": "xx"}, 400)["errors"]


def test_paging_with_next_and_previous_links_that_keep_the_filters():
    for _ in range(7):
        content.service(art_forms=["music"])
    content.service(art_forms=["dance"])
    first = get("/api/v1/services/", {"art_form": "music", "page_size": "3"})
    assert first["count"] == 7 and len(first["results"]) == 3
    query = parse_qs(urlsplit(first["next"]).query)
    assert query == {"art_form": ["music"], "page_size": ["3"], "page": ["2"]}
    last = get(first["next"].replace("http://testserver", "").replace("page=2", "page=3"))
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert "page=2" in last["previous"]
    seen = {r["id"] for page in (first, last) for r in page["results"]}
    assert len(seen) == 4


def test_drafts_are_not_in_the_api():
    draft = content.service("Luonnos", status=Status.DRAFT)
    draft_event = content.event("Luonnos", status=Status.DRAFT)
    assert get("/api/v1/services/")["count"] == 0
    assert get("/api/v1/events/")["count"] == 0
    assert Client().get(f"/api/v1/services/{draft.pk}/").status_code == 404
    assert Client().get(f"/api/v1/events/{draft_event.pk}/").status_code == 404


def test_event_shape_and_date_filters():
    soon = timezone.now().replace(microsecond=0) + timedelta(days=3)
    service = content.service("Laulupiiri")
    place = content.place(name_fi="Kulttuuritalo")
    concert = content.event(
        "Konsertti", start=soon, place=place, service=service, card_places=5, is_cancelled=True
    )
    later = content.event("Myöhemmin", start=soon + timedelta(days=60))
    content.event("Mennyt", start=soon - timedelta(days=30))

    data = get("/api/v1/events/")
    assert {r["id"] for r in data["results"]} == {concert.pk, later.pk}
    item = next(r for r in data["results"] if r["id"] == concert.pk)
    assert item["start"] == timezone.localtime(soon).isoformat()
    assert item["is_cancelled"] is True and item["event_status"] == "cancelled"
    assert item["card_places"] == 5
    assert item["place"]["name"] == "Kulttuuritalo"
    assert item["municipality"] == {"code": "297", "name": "Kuopio"}
    assert item["service"]["id"] == service.pk
    assert item["ics_url"].endswith(f"/events/{concert.pk}.ics")

    until = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert [r["id"] for r in get("/api/v1/events/", {"date_to": until})["results"]] == [concert.pk]


def test_list_queries_do_not_grow_with_the_results(django_assert_max_num_queries):
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    content.service(places=[content.place(accessibility=["lift"])], target_groups=["children"])
    content.event(place=content.place(accessibility=["lift"]))
    few_services, few_events = count("/api/v1/services/"), count("/api/v1/events/")
    for _ in range(15):
        content.service(places=[content.place(accessibility=["lift"])], target_groups=["children"])
        content.event(place=content.place(accessibility=["lift"]), service=content.service())
    with django_assert_max_num_queries(few_services):
        Client().get("/api/v1/services/")
    with django_assert_max_num_queries(few_events + 1):
        Client().get("/api/v1/events/")


def test_throttling_answers_429_past_the_rate(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    cache.clear()
    client = Client()
    assert client.get("/api/v1/services/").status_code == 200
    assert client.get("/api/v1/services/").status_code == 200
    refused = client.get("/api/v1/services/")
    assert refused.status_code == 429
    assert "detail" in refused.json()
    cache.clear()


# --- the schema ----------------------------------------------------------------------


def test_schema_is_valid_openapi_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    assert schema["openapi"].startswith("3.")
    list_operation = schema["paths"]["/api/v1/services/"]["get"]
    names = {parameter["name"] for parameter in list_operation["parameters"]}
    assert {
        "q",
        "municipality",
        "county",
        "step",
        "art_form",
        "target_group",
        "language",
        "age",
        "free",
        "card",
        "accessibility",
        "lang",
        "page",
        "page_size",
    } <= names
    events = schema["paths"]["/api/v1/events/"]["get"]
    assert {"date_from", "date_to"} <= {p["name"] for p in events["parameters"]}
    ok = list_operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    answer = schema["components"]["schemas"][ok.rsplit("/", 1)[1]]
    assert {"count", "count_is_exact", "next", "previous", "results", "facets"} <= set(
        answer["properties"]
    )
    facets = schema["components"]["schemas"]["Facets"]
    assert set(facets["properties"]) == set(FACETS)
    assert "400" in list_operation["responses"]


def test_schema_and_docs_are_served():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/events/" in response.content.decode()
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    # The docs page's script comes from our own static files, not a CDN.
    assert "cdn" not in body.lower()
    assert "/static/drf_spectacular_sidecar/redoc" in body
